/**
 * Text columns as dictionaries: each distinct value once, and a code per row. Params, tags and
 * users repeat a handful of values across 100,000 runs, so LIKE, REGEXP and quick search test each
 * distinct value once and then map codes, and sorting ranks each distinct value once. Encodings
 * are cached per column array in a WeakMap: RunColumns are treated as immutable (a changed
 * library builds new arrays), which is how the explorer uses them.
 */
import { rankTexts } from './collate';

export type TextValues = ArrayLike<string | null | undefined>;

export interface EncodedColumn {
  /** Index into `dict`, or -1 where the row has no value. */
  codes: Int32Array;
  dict: string[];
  /** Lazily filled: the dictionary lower-cased, and natural-order ranks of its entries. */
  lower?: string[];
  ranks?: Float64Array;
  rowsByCode?: RowsByCode;
}

/**
 * The rows of each dictionary entry, in row order: code `c`'s rows are
 * `rows[starts[c], starts[c + 1])`. A filter `params.model = "tree"` then has its matches listed
 * without a pass over every run.
 */
export interface RowsByCode {
  starts: Uint32Array;
  rows: Uint32Array;
}

const cache = new WeakMap<TextValues, EncodedColumn>();

/** The column as codes into a dictionary of distinct values, computed once per column. */
export function encodeColumn(values: TextValues): EncodedColumn {
  let enc = cache.get(values);
  if (enc) return enc;
  const codes = new Int32Array(values.length);
  const dict: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = dict.length;
      index.set(v, c);
      dict.push(v);
    }
    codes[i] = c;
  }
  enc = { codes, dict };
  cache.set(values, enc);
  return enc;
}

/** The dictionary lower-cased (for ILIKE-like matching and quick search). */
export function lowerDict(enc: EncodedColumn): string[] {
  enc.lower ??= enc.dict.map((v) => v.toLowerCase());
  return enc.lower;
}

/**
 * The rows of each entry (a counting sort of the codes), computed when a filter first asks:
 * 4 bytes per row with a value, only for the columns filters name.
 */
export function rowsByCode(enc: EncodedColumn): RowsByCode {
  if (enc.rowsByCode) return enc.rowsByCode;
  const { codes, dict } = enc;
  const starts = new Uint32Array(dict.length + 1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) starts[c + 1] = starts[c + 1]! + 1;
  }
  // starts[c + 1] counted code c; the running sum makes starts[c] where code c's rows begin.
  for (let c = 0; c < dict.length; c++) starts[c + 1] = starts[c + 1]! + starts[c]!;
  const next = starts.slice(0, dict.length);
  const rows = new Uint32Array(starts[dict.length]!);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) continue;
    rows[next[c]!] = i;
    next[c] = next[c]! + 1;
  }
  enc.rowsByCode = { starts, rows };
  return enc.rowsByCode;
}

/** Natural-order rank of each dictionary entry (equal-collating entries share a rank). */
export function dictRanks(enc: EncodedColumn): Float64Array {
  enc.ranks ??= rankTexts(enc.dict);
  return enc.ranks;
}

/** Per dictionary entry, whether the predicate holds (each distinct value tested once). */
export function testDict(
  dict: readonly string[],
  test: (v: string) => boolean,
  map?: (raw: string) => string | undefined
): Uint8Array {
  const hits = new Uint8Array(dict.length);
  for (let k = 0; k < dict.length; k++) {
    const v = map ? map(dict[k]!) : dict[k]!;
    hits[k] = v !== undefined && test(v) ? 1 : 0;
  }
  return hits;
}

/** Writes per row the hit of its code (0 where the row has no value). */
export function spreadHits(out: Uint8Array, codes: Int32Array, hits: Uint8Array): void {
  // Shifted by one so that code -1 (no value) reads a 0: one load per row and no branch.
  const shifted = new Uint8Array(hits.length + 1);
  shifted.set(hits, 1);
  for (let i = 0; i < out.length; i++) out[i] = shifted[codes[i]! + 1]!;
}

/** ANDs into `out` the hit of each row's code (0 where the row has no value); false when none is left. */
export function andHits(out: Uint8Array, codes: Int32Array, hits: Uint8Array): boolean {
  const shifted = new Uint8Array(hits.length + 1);
  shifted.set(hits, 1);
  let open = 0;
  for (let i = 0; i < out.length; i++) open |= out[i] = out[i]! & shifted[codes[i]! + 1]!;
  return open !== 0;
}
