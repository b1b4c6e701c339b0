/**
 * Filter examples written with the names and values of the library at hand (its most common
 * metric, a param that differs between runs, the statuses and tools it has), so every example a
 * person clicks finds runs. Each candidate is parsed and run before it is offered.
 */
import type { RunColumns } from '../explorer/run-columns';
import { sourceTool } from '../explorer/source-tools';
import { RUN_STATUSES } from '../model';
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

/** Values of a text column among live runs, most common first. */
function commonValues(column: readonly (string | null | undefined)[], live: Uint8Array): string[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < live.length; i++) {
    const v = column[i];
    if (live[i] && v !== undefined && v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

/** Lower quartile, median and upper quartile of a metric's last values among live runs. */
function quartiles(values: Float64Array, present: Uint8Array, live: Uint8Array): number[] | null {
  const xs: number[] = [];
  for (let i = 0; i < live.length; i++) {
    if (live[i] && present[i] && Number.isFinite(values[i]!)) xs.push(values[i]!);
  }
  if (xs.length === 0) return null;
  xs.sort((a, b) => a - b);
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
    (key) => commonValues(cols.params.get(key)!, live).length > 1
  );
  const paramCondition =
    varying === undefined
      ? null
      : `params.${keyText(varying)} = ${quoted(commonValues(cols.params.get(varying)!, live)[0]!)}`;

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

  const formats = commonValues(cols.sourceFormats, live);
  if (formats.length > 1)
    candidates.push(`source IN (${formats.slice(0, 3).map(quoted).join(', ')})`);
  else if (formats.length === 1) candidates.push(`tool = ${quoted(sourceTool(formats[0]!))}`);

  const name = commonValues(cols.names, live).find((n) => n.length >= 4);
  if (name)
    candidates.push(`run_name LIKE ${quoted(`${name.slice(0, 4).replace(/[%_\\]/g, '\\$&')}%`)}`);

  return candidates.filter((text) => matchesSome(text, cols, live)).slice(0, EXAMPLES);
}

function matchesSome(text: string, cols: RunColumns, live: Uint8Array): boolean {
  const parsed = parseQuery(text);
  if (!parsed.ok) return false;
  const mask = compileQuery(parsed.ast)(cols);
  for (let i = 0; i < mask.length; i++) if (mask[i] && live[i]) return true;
  return false;
}
