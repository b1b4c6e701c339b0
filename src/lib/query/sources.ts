/**
 * Where a field's values live in RunColumns, as one of the shapes the kernels loop over. Numbers
 * parsed from params are cached per column array, like the encodings in encoded.ts.
 */
import type { RunColumns } from '../explorer/run-columns';
import { sourceTool } from '../explorer/source-tools';
import { RUN_STATUSES, parseNumberToken } from '../model';
import type { Field } from './ast';
import type { TextValues } from './encoded';
import { encodeColumn } from './encoded';

/** Data a query may need beyond the columns. */
export interface QueryContext {
  /** Experiment key (`format|experimentId`) → experiment name, for the `experiment` attribute. */
  experimentNames?: ReadonlyMap<string, string>;
  /** Per-row values of metric-at-step columns (NaN where a run has no value at that step). */
  stepValues?: ReadonlyMap<string, Float64Array>;
}

/** Text per row: plain strings (null/undefined = missing), or codes into a small dictionary. */
export type TextSource =
  | { kind: 'strings'; values: TextValues; map?: (raw: string) => string | undefined }
  | { kind: 'coded'; codes: ArrayLike<number>; dict: readonly (string | undefined)[] }
  /** Several values per row (a run's registered models): a row matches when any value does. */
  | { kind: 'lists'; values: readonly (readonly string[] | undefined)[] }
  | { kind: 'none' };

/** Numbers per row; without `present`, NaN means missing. */
export interface NumberSource {
  values: Float64Array;
  present: Uint8Array | null;
}

const numericCache = new WeakMap<TextValues, Float64Array>();

/** Each value parsed as a number (decimal or inf spellings); NaN where missing or not a number. */
export function numericColumn(values: TextValues): Float64Array {
  let out = numericCache.get(values);
  if (out) return out;
  const { codes, dict } = encodeColumn(values);
  const parsed = dict.map((v) => parseNumberToken(v) ?? NaN);
  out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const c = codes[i]!;
    out[i] = c < 0 ? NaN : parsed[c]!;
  }
  numericCache.set(values, out);
  return out;
}

const LIFECYCLE = ['active', 'deleted'];

/** Text values of a field, or `none` when the library has no such key. */
export function textSource(cols: RunColumns, field: Field, ctx: QueryContext): TextSource {
  switch (field.kind) {
    case 'param':
    case 'tag': {
      const column = (field.kind === 'param' ? cols.params : cols.tags).get(field.key);
      return column ? { kind: 'strings', values: column } : { kind: 'none' };
    }
    case 'text-attribute':
      switch (field.name) {
        case 'run_id':
          return { kind: 'strings', values: cols.ids };
        case 'run_name':
          return { kind: 'strings', values: cols.names };
        case 'status':
          return { kind: 'coded', codes: cols.statuses, dict: RUN_STATUSES };
        case 'user_id':
          return { kind: 'strings', values: cols.users };
        case 'experiment': {
          const names = ctx.experimentNames;
          if (!names) return { kind: 'strings', values: cols.experimentKeys };
          return { kind: 'strings', values: cols.experimentKeys, map: (k) => names.get(k) ?? k };
        }
        case 'experiment_id':
          return {
            kind: 'strings',
            values: cols.experimentKeys,
            map: (k) => k.slice(k.indexOf('|') + 1)
          };
        case 'experiment_key':
          return { kind: 'strings', values: cols.experimentKeys };
        case 'source':
          return { kind: 'strings', values: cols.sourceFormats };
        case 'tool':
          return { kind: 'strings', values: cols.sourceFormats, map: sourceTool };
        case 'source_file':
          return { kind: 'strings', values: cols.sourceFiles };
        case 'parent_id':
          return { kind: 'coded', codes: cols.parents, dict: cols.ids };
        case 'lifecycle_stage':
          return { kind: 'coded', codes: cols.deleted, dict: LIFECYCLE };
        case 'model_name':
          return cols.modelNames ? { kind: 'lists', values: cols.modelNames } : { kind: 'none' };
      }
      break;
    case 'metric':
    case 'number-attribute':
    case 'deleted':
    case 'registered':
    case 'unavailable':
      break;
  }
  return { kind: 'none' };
}

const registeredCache = new WeakMap<RunColumns, Float64Array>();

/** 1 where the run produced a registered model version (the `registered` attribute). */
function registeredColumn(cols: RunColumns): Float64Array {
  let out = registeredCache.get(cols);
  if (out) return out;
  out = new Float64Array(cols.count);
  const names = cols.modelNames;
  if (names) for (let i = 0; i < cols.count; i++) out[i] = names[i]?.length ? 1 : 0;
  registeredCache.set(cols, out);
  return out;
}

/** Durations in ms (NaN when either end is unknown). */
export function durationColumn(cols: RunColumns): Float64Array {
  const out = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) out[i] = cols.endTimes[i]! - cols.startTimes[i]!;
  return out;
}

const deletedCache = new WeakMap<Uint8Array, Float64Array>();

/** The deleted flags as numbers: the comparison loops then see Float64Arrays only. */
function deletedNumbers(cols: RunColumns): Float64Array {
  let out = deletedCache.get(cols.deleted);
  if (!out) deletedCache.set(cols.deleted, (out = Float64Array.from(cols.deleted)));
  return out;
}

/** Numeric values of a field (params and tags parsed), or null when there are none. */
export function numberSource(cols: RunColumns, field: Field): NumberSource | null {
  switch (field.kind) {
    case 'metric': {
      const m = cols.metrics.get(field.key);
      return m ? { values: m[field.summary], present: m.present } : null;
    }
    case 'param':
    case 'tag': {
      const column = (field.kind === 'param' ? cols.params : cols.tags).get(field.key);
      return column ? { values: numericColumn(column), present: null } : null;
    }
    case 'number-attribute':
      if (field.name === 'start_time') return { values: cols.startTimes, present: null };
      if (field.name === 'end_time') return { values: cols.endTimes, present: null };
      if (field.name === 'gpu_memory') return { values: cols.gpuMemoryPeak, present: null };
      if (field.name === 'gpu_utilization') return { values: cols.gpuUtilization, present: null };
      return { values: durationColumn(cols), present: null };
    case 'deleted':
      return { values: deletedNumbers(cols), present: null };
    case 'registered':
      return { values: registeredColumn(cols), present: null };
    case 'text-attribute':
    case 'unavailable':
      return null;
  }
}
