/**
 * What each Neptune attribute type becomes in Runlens (docs/neptune.md, "What Runlens reads").
 * The types are those neptune-exporter writes (exporters/neptune2.py and neptune3.py, read
 * 2026-11): the six scalar types, float series, string series, histogram series and the file
 * kinds. A type not listed here is counted and named in the import report, never dropped silently.
 */
import { formatPythonNumber } from '../tensorboard/hparams';

/** Single values: params, tags (under `sys/`) or, for results, one-point metrics. */
export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'float',
  'int',
  'string',
  'bool',
  'datetime',
  'string_set'
]);

/** Attributes pointing at downloaded files (`file_set` and `artifact` come from Neptune 2.x). */
export const FILE_TYPES: ReadonlySet<string> = new Set([
  'file',
  'file_series',
  'file_set',
  'artifact'
]);

export const FLOAT_SERIES = 'float_series';
export const STRING_SERIES = 'string_series';
export const HISTOGRAM_SERIES = 'histogram_series';

/** Every attribute type Runlens reads. */
export function isKnownType(type: string): boolean {
  return (
    SCALAR_TYPES.has(type) ||
    FILE_TYPES.has(type) ||
    type === FLOAT_SERIES ||
    type === STRING_SERIES ||
    type === HISTOGRAM_SERIES
  );
}

/**
 * Namespaces people log final results in (`run["eval/f1"] = 0.91`, `run["test/acc"] = acc`, as
 * Neptune's own examples do): a number there is a result to compare, so it becomes a metric with
 * one point; a number anywhere else (`parameters/lr`, `config/batch_size`) is a param.
 */
const RESULT_NAMESPACES: ReadonlySet<string> = new Set([
  'metrics',
  'eval',
  'evaluation',
  'test',
  'val',
  'valid',
  'validation',
  'results',
  'scores',
  'score',
  'summary',
  'best',
  'final'
]);

/** Is this number attribute a result (a one-point metric) rather than a param? */
export function isResultPath(path: string): boolean {
  const slash = path.indexOf('/');
  return slash > 0 && RESULT_NAMESPACES.has(path.slice(0, slash).toLowerCase());
}

/** `sys/...` attributes are Neptune's own record of the run: they become tags. */
export function isSystemPath(path: string): boolean {
  return path.startsWith('sys/');
}

/** A datetime as ISO 8601 in UTC (`2025-01-01T00:00:00.000Z`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A scalar's value as text: numbers as Python prints them (the exporter's own MLflow loader uses
 * Python's str), booleans as True/False, datetimes as ISO 8601, a string set as its items sorted
 * and joined with commas (a set has no order; the loader joins with commas too).
 */
export function scalarText(type: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'float':
      return typeof value === 'number' ? formatPythonNumber(value) : null;
    case 'int':
      return typeof value === 'bigint' || typeof value === 'number' ? String(value) : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'bool':
      return typeof value === 'boolean' ? (value ? 'True' : 'False') : null;
    case 'datetime':
      return typeof value === 'number' && Number.isFinite(value) ? isoTime(value) : null;
    case 'string_set':
      return Array.isArray(value)
        ? value
            .filter((v): v is string => typeof v === 'string')
            .sort()
            .join(',')
        : null;
    default:
      return null;
  }
}

/** A number attribute's value as a double (int64 beyond 2^53 rounds). */
export function scalarNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}
