/**
 * Which x a metric chart draws. Runs logged without steps (MLflow's `log_metric` without a step
 * puts every point at step 0) collapse onto one x: uPlot then draws a single column where each
 * run keeps only its last value, an empty-looking chart whose footer still says "all 213 points".
 * When nearly every point shares one x, the chart is drawn against the first x that separates
 * the points (step, relative time, wall time), else against the order the points were logged,
 * and says so.
 */
import type { DrawnXAxis, XAxis } from './compare-types';
import type { RunLine } from './run-lines';

/** A chart is collapsed when more than this share of its points hides behind another. */
const COLLAPSED_SHARE = 0.9;

/** How much a set of lines piles up on x. */
export interface SharedX {
  total: number;
  /** Points at the same x as an earlier point of their run: drawn, each run keeps one per x. */
  hidden: number;
  /** The x more than half of all points share, and how many do, or null when none does. */
  value: number | null;
  count: number;
}

/** How the lines pile up: hidden points per run, and the majority x (a vote, then a count). */
export function sharedX(lines: readonly (RunLine | null)[]): SharedX {
  let candidate = NaN;
  let votes = 0;
  let total = 0;
  let hidden = 0;
  for (const line of lines) {
    if (!line) continue;
    total += line.x.length;
    // Lines are sorted by x: a repeated x follows its first point.
    for (let i = 0; i < line.x.length; i++) {
      const x = line.x[i]!;
      if (i > 0 && x === line.x[i - 1]) hidden++;
      if (votes === 0) candidate = x;
      votes += x === candidate ? 1 : -1;
    }
  }
  let count = 0;
  for (const line of lines) if (line) for (const x of line.x) if (x === candidate) count++;
  const majority = count * 2 > total;
  return { total, hidden, value: majority ? candidate : null, count: majority ? count : 0 };
}

/** Points at an x their run already has, per x array: lines are cached, so counted once each. */
const hiddenByX = new WeakMap<Float64Array, number>();

function hiddenOf(x: Float64Array): number {
  let hidden = hiddenByX.get(x);
  if (hidden === undefined) {
    hidden = 0;
    for (let i = 1; i < x.length; i++) if (x[i] === x[i - 1]) hidden++;
    hiddenByX.set(x, hidden);
  }
  return hidden;
}

/**
 * The totals isCollapsed needs, without the majority x: every chart request asks, and almost
 * every chart is not collapsed, so the count of each line is kept and the vote left for when it
 * is (see chooseDrawnAxis).
 */
export function hiddenPoints(
  lines: readonly (RunLine | null)[]
): Pick<SharedX, 'total' | 'hidden'> {
  let total = 0;
  let hidden = 0;
  for (const line of lines) {
    if (!line) continue;
    total += line.x.length;
    hidden += hiddenOf(line.x);
  }
  return { total, hidden };
}

/**
 * Whether lines collapse: more than 90% of their points sit on an x their run already has.
 * Runs with one point each at the same step are not collapsed: a dot per run, side by side at
 * that step, is what there is to see.
 */
export function isCollapsed(shared: Pick<SharedX, 'total' | 'hidden'>): boolean {
  return shared.total > 1 && shared.hidden > shared.total * COLLAPSED_SHARE;
}

/** The axes tried after the one asked for, in order; `order` always separates a run's points. */
export function fallbackAxes(requested: XAxis): DrawnXAxis[] {
  const tried: DrawnXAxis[] = [{ kind: 'step' }, { kind: 'relative' }, { kind: 'wall' }];
  return [...tried.filter((a) => a.kind !== requested.kind), { kind: 'order' }];
}

/** The axis in words, as the chart's note names it. */
export function axisName(axis: DrawnXAxis): string {
  switch (axis.kind) {
    case 'step':
      return 'step';
    case 'wall':
      return 'wall time';
    case 'relative':
      return 'relative time';
    case 'order':
      return 'logging order';
    case 'metric':
      return axis.key;
  }
}

function whereShared(axis: DrawnXAxis, value: number | null): string {
  switch (axis.kind) {
    case 'step':
      return value === null ? 'on a step of their run' : `at step ${value}`;
    case 'metric':
      return value === null ? `on a ${axis.key} of their run` : `at ${axis.key} = ${value}`;
    default:
      return 'at one time';
  }
}

const isTime = (axis: DrawnXAxis) => axis.kind === 'wall' || axis.kind === 'relative';

const integer = new Intl.NumberFormat('en-US');

/** "every point is at step 0: drawn against relative time" (or "212 of 213 points are …"). */
export function fallbackNote(
  collapsed: { axis: DrawnXAxis; shared: SharedX }[],
  drawn: DrawnXAxis
): string {
  const first = collapsed[0]!.shared;
  const alike = first.value === null ? first.hidden : first.count;
  const who =
    alike === first.total
      ? 'every point is'
      : `${integer.format(alike)} of ${integer.format(first.total)} points are`;
  const where = collapsed.map((c) => whereShared(c.axis, c.shared.value)).join(' and ');
  return `${who} ${where}: drawn ${drawn.kind === 'order' ? 'in' : 'against'} ${axisName(drawn)}`;
}

/** The axis a chart draws, its lines, and the note saying why when it is not the one asked for. */
export interface AxisChoice {
  axis: DrawnXAxis;
  lines: (RunLine | null)[];
  note: string | null;
}

/**
 * The x to draw: the requested one unless it collapses, else the first fallback that does not
 * (`order` never does). `linesFor` gives every run's line for an axis.
 */
export async function chooseDrawnAxis(
  requested: XAxis,
  linesFor: (axis: DrawnXAxis) => Promise<(RunLine | null)[]>
): Promise<AxisChoice> {
  const lines = await linesFor(requested);
  if (!isCollapsed(hiddenPoints(lines))) return { axis: requested, lines, note: null };
  const shared = sharedX(lines);
  const collapsed: { axis: DrawnXAxis; shared: SharedX }[] = [{ axis: requested, shared }];
  for (const axis of fallbackAxes(requested)) {
    const candidate = await linesFor(axis);
    const again = sharedX(candidate);
    if (axis.kind !== 'order' && isCollapsed(again)) {
      // One time axis collapsing after the other says nothing new.
      if (!(isTime(axis) && collapsed.some((c) => isTime(c.axis)))) {
        collapsed.push({ axis, shared: again });
      }
      continue;
    }
    return { axis, lines: candidate, note: fallbackNote(collapsed, axis) };
  }
  return { axis: requested, lines, note: null };
}
