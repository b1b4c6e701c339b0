/**
 * Values shared by the two halves of the JSON experiment logs importer (json-logs.ts for JSON
 * documents, lines.ts for JSON Lines): times, param text, flattening, runs of a file.
 * The rules are described at the top of json-logs.ts.
 */
import { isJsonObject as isObject, type JsonObject as Json } from '../../model/json';
import {
  numberFromJson,
  parseIsoTime,
  type Experiment,
  type MetricSeries,
  type Run
} from '../../model';
import type { JsonReader } from '../readers/json-reader';
import { describe } from '../readers/json-reader';

export const FORMAT = 'json-logs';

/** Epoch numbers below this are seconds, others milliseconds. */
export const SECONDS_BELOW = 1e11;

export { isJsonObject as isObject, type JsonObject as Json } from '../../model/json';

/** A time as epoch milliseconds, or null when absent (see the rules at the top). */
export function readTime(r: JsonReader, value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  const iso = typeof value === 'string' ? parseIsoTime(value) : undefined;
  if (iso !== undefined) return iso;
  const n = numberFromJson(value);
  if (n === undefined || !Number.isFinite(n)) {
    const expected = 'epoch seconds or milliseconds, or ISO 8601 like "2024-05-01T12:00:00Z"';
    r.fail(path, `expected a time (${expected}), found ${describe(value)}`);
  }
  return Math.abs(n) < SECONDS_BELOW ? Math.round(n * 1000) : n;
}

/** A param or tag value as text (see the rules at the top). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  const plain = typeof value === 'number' || typeof value === 'boolean' || value === null;
  return plain ? String(value) : JSON.stringify(value);
}

/** Adds `{key: value}` to `out`, nested objects flattened with "." and keys NFC-normalised. */
export function flattenInto(
  r: JsonReader,
  out: Map<string, string>,
  value: unknown,
  path: string,
  prefix = ''
) {
  for (const [raw, v] of Object.entries(r.object(value, path))) {
    const key = prefix + raw.normalize('NFC');
    const at = `${path}[${JSON.stringify(raw)}]`;
    if (isObject(v) && Object.keys(v).length > 0) {
      flattenInto(r, out, v, at, `${key}.`);
    } else if (out.has(key)) {
      r.fail(at, `gives ${JSON.stringify(key)} twice (nested names are joined with ".")`);
    } else {
      out.set(key, valueText(v));
    }
  }
  return out;
}

/** Which of several names for one member the object uses (two at once is an error). */
export function pick(
  r: JsonReader,
  o: Json,
  names: readonly string[],
  path: string
): string | undefined {
  const present = names.filter((n) => o[n] !== undefined && o[n] !== null);
  if (present.length > 1) r.fail(path, `gives both ${present.map((n) => `"${n}"`).join(' and ')}`);
  return present[0];
}

export function idText(r: JsonReader, value: unknown, path: string): string {
  return (typeof value === 'number' ? String(value) : r.string(value, path)).normalize('NFC');
}

export function toSeries(
  key: string,
  values: number[],
  steps: number[],
  times: number[]
): MetricSeries {
  const n = values.length;
  return {
    key,
    values: Float64Array.from(values),
    steps: steps.length === n ? Float64Array.from(steps) : Float64Array.from(values, (_, i) => i),
    timestamps: times.length === n ? Float64Array.from(times) : new Float64Array(n).fill(NaN)
  };
}

export interface FileInfo {
  path: string;
  stem: string;
  experiment: Experiment;
}

export function fileInfo(path: string): FileInfo {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const stem = name.replace(/(?<=.)\.[^.]*$/, '');
  const experiment = { id: `${FORMAT}:${name}`, name: stem, deleted: false, tags: new Map() };
  return { path, stem, experiment };
}

/** A run of the file; times the run does not give come from its points. */
export function makeRun(
  file: FileInfo,
  fields: Pick<Run, 'id' | 'name' | 'metrics'> & Partial<Run>
): Run {
  let first = Infinity;
  let last = -Infinity;
  for (const m of fields.metrics) {
    for (const t of m.timestamps) {
      if (t < first) first = t;
      if (t > last) last = t;
    }
  }
  return {
    experimentId: file.experiment.id,
    status: 'FINISHED',
    deleted: false,
    parentId: null,
    params: new Map(),
    tags: new Map(),
    artifacts: [],
    source: { format: FORMAT, file: file.path },
    ...fields,
    startTime: fields.startTime ?? (Number.isFinite(first) ? first : null),
    endTime: fields.endTime ?? (Number.isFinite(last) ? last : null)
  };
}
