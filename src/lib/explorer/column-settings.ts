/**
 * The table's column choice: which columns, in what order, how wide, which are pinned. Kept in
 * localStorage by the page; pure helpers here so they are tested in Node.
 */
import type { ColumnRef, MetricSummaryKind } from './explorer-types';

export interface ColumnSetting {
  ref: ColumnRef;
  width: number;
  pinned: boolean;
}

export const METRIC_SUMMARIES: readonly MetricSummaryKind[] = [
  'last',
  'min',
  'max',
  'mean',
  'count',
  'lastStep'
];

/** A stable id for a column (also what the URL sort names). */
export function columnId(ref: ColumnRef): string {
  switch (ref.kind) {
    case 'attribute':
      return `attributes.${ref.key}`;
    case 'metric':
      return ref.summary === 'last' ? `metrics.${ref.key}` : `${ref.summary}(metrics.${ref.key})`;
    case 'metricAtStep':
      return `step${ref.step}(metrics.${ref.key})`;
    case 'param':
      return `params.${ref.key}`;
    case 'tag':
      return `tags.${ref.key}`;
  }
}

/** What a header says. */
export function columnTitle(ref: ColumnRef): string {
  switch (ref.kind) {
    case 'attribute':
      return ATTRIBUTE_TITLES[ref.key];
    case 'metric':
      return ref.summary === 'last' ? ref.key : `${ref.key} (${ref.summary})`;
    case 'metricAtStep':
      return `${ref.key} @ step ${ref.step}`;
    default:
      return ref.key;
  }
}

const ATTRIBUTE_TITLES = {
  name: 'Run',
  run_id: 'Run id',
  end_time: 'Ended',
  status: 'Status',
  start_time: 'Started',
  duration: 'Duration',
  user: 'User',
  source: 'Source',
  experiment: 'Experiment'
} as const;

/** The columns a new library starts with: the run facts, then a few common metrics and params. */
export function defaultColumns(metrics: string[], params: string[]): ColumnSetting[] {
  const attr = (key: keyof typeof ATTRIBUTE_TITLES, width: number): ColumnSetting => ({
    ref: { kind: 'attribute', key },
    width,
    pinned: false
  });
  return [
    attr('status', 100),
    attr('start_time', 175),
    attr('duration', 90),
    attr('user', 110),
    attr('source', 130),
    attr('experiment', 150),
    ...metrics.slice(0, 4).map((key) => ({
      ref: { kind: 'metric' as const, key, summary: 'last' as const },
      width: 110,
      pinned: false
    })),
    ...params
      .slice(0, 4)
      .map((key) => ({ ref: { kind: 'param' as const, key }, width: 110, pinned: false }))
  ];
}

/** Pinned columns first (in their order), then the rest. */
export function orderedColumns(columns: readonly ColumnSetting[]): ColumnSetting[] {
  return [...columns.filter((c) => c.pinned), ...columns.filter((c) => !c.pinned)];
}

/** Reads saved settings, dropping anything malformed (localStorage is user-editable). */
export function parseColumnSettings(text: string | null): ColumnSetting[] | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return null;
    return value.filter(isColumnSetting);
  } catch {
    return null;
  }
}

function isColumnSetting(v: unknown): v is ColumnSetting {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const ref = c.ref as Record<string, unknown> | undefined;
  if (typeof c.width !== 'number' || typeof c.pinned !== 'boolean' || !ref) return false;
  if (typeof ref.key !== 'string') return false;
  if (ref.kind === 'metric') return METRIC_SUMMARIES.includes(ref.summary as MetricSummaryKind);
  if (ref.kind === 'metricAtStep') return Number.isInteger(ref.step);
  if (ref.kind === 'attribute') return Object.hasOwn(ATTRIBUTE_TITLES, ref.key);
  return ref.kind === 'param' || ref.kind === 'tag';
}

/** The column an id names (the inverse of columnId), or null. */
export function parseColumnId(id: string): ColumnRef | null {
  const atStep = /^step(-?\d+)\(metrics\.(.+)\)$/.exec(id);
  if (atStep) return { kind: 'metricAtStep', key: atStep[2]!, step: Number(atStep[1]) };
  const fn = /^(\w+)\(metrics\.(.+)\)$/.exec(id);
  if (fn && METRIC_SUMMARIES.includes(fn[1] as MetricSummaryKind)) {
    return { kind: 'metric', key: fn[2]!, summary: fn[1] as MetricSummaryKind };
  }
  const dot = id.indexOf('.');
  if (dot < 0) return null;
  const [entity, key] = [id.slice(0, dot), id.slice(dot + 1)];
  if (entity === 'metrics') return { kind: 'metric', key, summary: 'last' };
  if (entity === 'params') return { kind: 'param', key };
  if (entity === 'tags') return { kind: 'tag', key };
  if (entity === 'attributes' && Object.hasOwn(ATTRIBUTE_TITLES, key)) {
    return { kind: 'attribute', key: key as keyof typeof ATTRIBUTE_TITLES };
  }
  return null;
}
