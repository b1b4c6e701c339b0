/**
 * Filter examples written with the names and values of the library at hand (its most common
 * metric, a param that differs between runs, the statuses and tools it has), so every example a
 * person clicks finds runs. Each candidate is parsed and run before it is offered.
 */
import type { RunColumns } from '../explorer/run-columns';
import { sourceTool } from '../explorer/source-tools';
import { RUN_STATUSES } from '../model';
import { encodeColumn } from './encoded';
import { compileQuery } from './evaluate';
import { parseQuery } from './parser';

/** Examples offered at most. */
const EXAMPLES = 6;

/** A key as the filter reads it: bare when the lexer keeps it one word, else in backticks. */
function keyText(key: string): string {
  return /^[^\s'"`(),=<>!~;]+$/.test(key) ? key : '`' + key.replace(/`/g, '``') + '`';
}

function quoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** A number short enough to read in an example, still between the values it was taken from. */
function short(x: number): string {
  return String(Number(x.toPrecision(2)));
}

/** Keys of a map of columns, by how many live runs have them (most first), then by name. */
function byCoverage<T>(
  columns: Map<string, T>,
  has: (c: T, i: number) => boolean,
  live: Uint8Array
) {
  const counted = [...columns].map(([key, c]) => {
    let runs = 0;
    for (let i = 0; i < live.length; i++) if (live[i] && has(c, i)) runs++;
    return { key, runs };
  });
  return counted
    .filter((k) => k.runs > 0)
    .sort((a, b) => b.runs - a.runs || (a.key < b.key ? -1 : 1))
    .map((k) => k.key);
}

/** How many live runs hold each distinct value of a text column (its cached dictionary). */
interface LiveCounts {
  dict: readonly string[];
  counts: Int32Array;
}

function liveCounts(column: readonly (string | null | undefined)[], live: Uint8Array): LiveCounts {
  const { codes, dict } = encodeColumn(column);
  const counts = new Int32Array(dict.length);
  for (let i = 0; i < live.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && live[i]) counts[c] = counts[c]! + 1;
  }
  return { dict, counts };
}

/** Distinct values held by live runs. */
function distinct({ counts }: LiveCounts): number {
  let n = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > 0) n++;
  return n;
}

/**
 * The `k` values held by the most live runs (ties in code-unit order) among those `accept`
 * lets through, most common first: a pass over the distinct values, never a sort of them (run
 * names are all distinct, a million at 1 M runs).
 */
function mostCommon(
  { dict, counts }: LiveCounts,
  k: number,
  accept: (value: string) => boolean = () => true
): string[] {
  const top: { value: string; runs: number }[] = [];
  for (let c = 0; c < dict.length; c++) {
    const runs = counts[c]!;
    if (runs === 0) continue;
    const value = dict[c]!;
    const last = top[k - 1];
    if (last && (runs < last.runs || (runs === last.runs && value > last.value))) continue;
    if (!accept(value)) continue;
    let at = top.length;
    while (
      at > 0 &&
      (top[at - 1]!.runs < runs || (top[at - 1]!.runs === runs && top[at - 1]!.value > value))
    )
      at--;
    top.splice(at, 0, { value, runs });
    if (top.length > k) top.pop();
  }
  return top.map((t) => t.value);
}

/** Lower quartile, median and upper quartile of a metric's last values among live runs. */
function quartiles(values: Float64Array, present: Uint8Array, live: Uint8Array): number[] | null {
  let n = 0;
  for (let i = 0; i < live.length; i++) n += live[i]! & present[i]! & +Number.isFinite(values[i]!);
  if (n === 0) return null;
  // A typed array sorts numerically without a comparator: a million values in tens of ms.
  const xs = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < live.length; i++)
    if (live[i] && present[i] && Number.isFinite(values[i]!)) xs[k++] = values[i]!;
  xs.sort();
  return [0.25, 0.5, 0.75].map((q) => xs[Math.floor(q * (xs.length - 1))]!);
}

/** Whether a metric is better high (accuracy, F1, AUC…), for the direction of an example. */
function higherIsBetter(key: string): boolean {
  return /acc|f1|auc|precision|recall|score|map|iou|bleu|rouge|r2/i.test(key);
}

/**
 * Up to six filters that parse and match at least one run that is not deleted, built from what
 * this library holds; the first is the one to show as the filter box's placeholder.
 */
export function filterExamples(cols: RunColumns): string[] {
  const live = new Uint8Array(cols.count);
  for (let i = 0; i < cols.count; i++) live[i] = cols.deleted[i] ? 0 : 1;
  const candidates: string[] = [];

  const metric = byCoverage(cols.metrics, (m, i) => m.present[i] === 1, live)[0];
  const m = metric === undefined ? undefined : cols.metrics.get(metric)!;
  const q = m ? quartiles(m.last, m.present, live) : null;
  const metricCondition =
    metric !== undefined && q
      ? `metrics.${keyText(metric)} ${higherIsBetter(metric) ? '>=' : '<='} ${short(q[1]!)}`
      : null;

  const varying = byCoverage(cols.params, (c, i) => c[i] !== undefined, live).find(
    (key) => distinct(liveCounts(cols.params.get(key)!, live)) > 1
  );
  const paramCondition =
    varying === undefined
      ? null
      : `params.${keyText(varying)} = ${quoted(mostCommon(liveCounts(cols.params.get(varying)!, live), 1)[0]!)}`;

  if (metricCondition && paramCondition)
    candidates.push(`${metricCondition} and ${paramCondition}`);
  if (metricCondition) candidates.push(metricCondition);
  if (paramCondition) candidates.push(paramCondition);
  if (metric !== undefined && q && q[0] !== q[2]) {
    candidates.push(`metrics.${keyText(metric)} BETWEEN ${short(q[0]!)} AND ${short(q[2]!)}`);
  }

  const statuses = RUN_STATUSES.filter((s) =>
    cols.statuses.some((code, i) => live[i] === 1 && RUN_STATUSES[code] === s)
  );
  const unfinished = statuses.filter((s) => s !== 'FINISHED');
  if (unfinished.length > 0) {
    candidates.push(`attributes.status IN (${unfinished.map(quoted).join(', ')})`);
  } else if (statuses.length > 0) candidates.push(`attributes.status = ${quoted(statuses[0]!)}`);

  const formatCounts = liveCounts(cols.sourceFormats, live);
  const formats = mostCommon(formatCounts, 3);
  if (distinct(formatCounts) > 1) candidates.push(`source IN (${formats.map(quoted).join(', ')})`);
  else if (formats.length === 1) candidates.push(`tool = ${quoted(sourceTool(formats[0]!))}`);

  const name = mostCommon(liveCounts(cols.names, live), 1, (n) => n.length >= 4)[0];
  if (name)
    candidates.push(`run_name LIKE ${quoted(`${name.slice(0, 4).replace(/[%_\\]/g, '\\$&')}%`)}`);

  // Tried in order until six match: the later ones (a LIKE over every distinct run name) often
  // need not run at all.
  const examples: string[] = [];
  for (const text of candidates) {
    if (examples.length === EXAMPLES) break;
    if (matchesSome(text, cols, live)) examples.push(text);
  }
  return examples;
}

function matchesSome(text: string, cols: RunColumns, live: Uint8Array): boolean {
  const parsed = parseQuery(text);
  if (!parsed.ok) return false;
  const mask = compileQuery(parsed.ast)(cols);
  for (let i = 0; i < mask.length; i++) if (mask[i] && live[i]) return true;
  return false;
}
