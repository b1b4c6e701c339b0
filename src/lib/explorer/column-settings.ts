/**
 * The table's column choice: which columns, in what order, how wide, which are pinned. Kept in
 * localStorage by the page; pure helpers here so they are tested in Node.
 */
import { keyText, type KeyKind } from '../model/key-kind';
import type { SortAttribute } from '../query';
import type { ColumnRef, MetricSummaryKind } from './explorer-types';
import type { ViewColumns } from './view-columns';

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

/** A param, metric or tag column: its kind, its key and what of it is shown ("(min)"). */
export interface ColumnKey {
  kind: KeyKind;
  key: string;
  detail: string;
}

/** The key a column shows, or null for a run fact (status, start time…). */
export function columnKey(ref: ColumnRef): ColumnKey | null {
  switch (ref.kind) {
    case 'attribute':
      return null;
    case 'metric':
      return {
        kind: 'metric',
        key: ref.key,
        detail: ref.summary === 'last' ? '' : `(${ref.summary})`
      };
    case 'metricAtStep':
      return { kind: 'metric', key: ref.key, detail: `@ step ${ref.step}` };
    default:
      return { kind: ref.kind, key: ref.key, detail: '' };
  }
}

/**
 * What a header says, as plain text: a run fact's title, or the key with its kind in front
 * (`param · lr`, `metric · lr (min)`), since a param and a metric may share a name.
 */
export function columnTitle(ref: ColumnRef): string {
  if (ref.kind === 'attribute') return ATTRIBUTE_TITLES[ref.key];
  const { kind, key, detail } = columnKey(ref)!;
  return `${keyText(kind, key)}${detail ? ` ${detail}` : ''}`;
}

const ATTRIBUTE_TITLES = {
  name: 'Run',
  run_id: 'Run id',
  end_time: 'Ended',
  status: 'Status',
  start_time: 'Started',
  duration: 'Duration',
  gpu_memory: 'Peak GPU memory',
  gpu_utilization: 'GPU utilisation',
  user: 'User',
  source: 'Source',
  experiment: 'Experiment'
} as const;

/** Width of a column nobody has resized yet. */
const ATTRIBUTE_WIDTHS: Record<SortAttribute, number> = {
  name: 300,
  run_id: 150,
  status: 100,
  start_time: 175,
  end_time: 175,
  duration: 90,
  gpu_memory: 130,
  gpu_utilization: 120,
  user: 110,
  source: 150,
  experiment: 150
};

/** A new column's width: by attribute; keys leave room for their kind mark (`metric`), tags for text. */
export function defaultWidth(ref: ColumnRef): number {
  if (ref.kind === 'attribute') return ATTRIBUTE_WIDTHS[ref.key];
  return ref.kind === 'tag' ? 160 : 140;
}

/** The default columns for the runs in view (see view-columns.ts): run facts, metrics, params. */
export function defaultColumns(view: ViewColumns): ColumnSetting[] {
  const refs: ColumnRef[] = [
    ...view.attributes.map((key) => ({ kind: 'attribute' as const, key })),
    ...view.metrics.map((key) => ({ kind: 'metric' as const, key, summary: 'last' as const })),
    ...view.params.map((key) => ({ kind: 'param' as const, key }))
  ];
  return refs.map((ref) => ({ ref, width: defaultWidth(ref), pinned: false }));
}

/** Reads saved column widths (column id → px), dropping anything that is not a sane width. */
export function parseColumnWidths(text: string | null): Map<string, number> {
  const out = new Map<string, number>();
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    if (typeof value !== 'object' || value === null) return out;
    for (const [id, w] of Object.entries(value)) {
      if (typeof w === 'number' && w >= 40 && w <= 2000) out.set(id, w);
    }
  } catch {
    // A hand-edited value: widths fall back to their defaults.
  }
  return out;
}

/** Whether two column lists show the same columns at the same widths. */
export function sameColumns(a: readonly ColumnSetting[], b: readonly ColumnSetting[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => columnId(c.ref) === columnId(b[i]!.ref) && c.width === b[i]!.width)
  );
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
