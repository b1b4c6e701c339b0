/**
 * A conjunction of simple conditions as one list of candidate rows narrowed in place: the first
 * condition walks every run and keeps its matches, each next one walks only the rows still in
 * the list. Where a mask costs one pass over all runs per condition and another to count and
 * list the matches, this costs one pass over all runs and then passes over fewer and fewer rows,
 * and the list left is the matches, in row order, with their count: what a keystroke needs.
 *
 * A narrower writes the rows it keeps to `rows[0, m)` and answers `m`. With `all`, the
 * candidates are the rows 0 … k-1 (the buffer's content is ignored); otherwise `rows[0, k)`.
 * Each row is written at `m` and kept by moving `m` only when it passes: no branch per row, and
 * `m` never passes the row being read, so narrowing in place is safe.
 */
import { encodeColumn, testDict } from './encoded';
import type { Interval } from './kernels';
import type { NumberSource, TextSource } from './sources';

export type Narrower = (rows: Uint32Array, k: number, all: boolean) => number;

/** Keeps no row: the field is missing from the library. */
export const keepNone: Narrower = () => 0;

/** Keeps every candidate (the empty conjunction). */
export const keepAll: Narrower = (rows, k, all) => {
  if (all) for (let i = 0; i < k; i++) rows[i] = i;
  return k;
};

/** A text test as a narrower, for text held as strings (dictionary-coded once per column). */
export function textNarrower(src: TextSource, test: (v: string) => boolean): Narrower | null {
  if (src.kind === 'none') return keepNone;
  if (src.kind !== 'strings') return null;
  const { codes, dict } = encodeColumn(src.values);
  const hits = testDict(dict, test, src.map);
  // Shifted by one so that code -1 (no value) reads a 0: one load per row and no branch.
  const shifted = new Uint8Array(hits.length + 1);
  shifted.set(hits, 1);
  return (rows, k, all) => {
    let m = 0;
    if (all)
      for (let i = 0; i < k; i++) {
        rows[m] = i;
        m += shifted[codes[i]! + 1]!;
      }
    else
      for (let j = 0; j < k; j++) {
        const i = rows[j]!;
        rows[m] = i;
        m += shifted[codes[i]! + 1]!;
      }
    return m;
  };
}

/**
 * A numeric interval as a narrower, with the rules of kernels.ts's andInterval: with a presence
 * mask NaN is a logged value (outside every interval), without one it means missing and never
 * passes, negated or not.
 */
export function intervalNarrower(src: NumberSource | null, iv: Interval): Narrower {
  if (!src) return keepNone;
  const { values, present } = src;
  const { lo, hi, negated } = iv;
  // One loop per case, each with nothing decided inside it.
  if (present && negated)
    return (rows, k, all) => {
      let m = 0;
      for (let j = 0; j < k; j++) {
        const i = all ? j : rows[j]!;
        const v = values[i]!;
        rows[m] = i;
        m += (1 - (+(v >= lo) & +(v <= hi))) & present[i]!;
      }
      return m;
    };
  if (present)
    return (rows, k, all) => {
      let m = 0;
      for (let j = 0; j < k; j++) {
        const i = all ? j : rows[j]!;
        const v = values[i]!;
        rows[m] = i;
        m += +(v >= lo) & +(v <= hi) & present[i]!;
      }
      return m;
    };
  if (negated)
    return (rows, k, all) => {
      let m = 0;
      for (let j = 0; j < k; j++) {
        const i = all ? j : rows[j]!;
        const v = values[i]!;
        rows[m] = i;
        m += +(v < lo) | +(v > hi);
      }
      return m;
    };
  return (rows, k, all) => {
    let m = 0;
    for (let j = 0; j < k; j++) {
      const i = all ? j : rows[j]!;
      const v = values[i]!;
      rows[m] = i;
      m += +(v >= lo) & +(v <= hi);
    }
    return m;
  };
}

/** Conditions ANDed: each narrows what the one before kept; none left stops the chain. */
export function narrowAll(parts: Narrower[]): Narrower {
  if (parts.length === 0) return keepAll;
  const [first, ...rest] = parts;
  return (rows, k, all) => {
    let m = first!(rows, k, all);
    for (const part of rest) {
      if (m === 0) return 0;
      m = part(rows, m, false);
    }
    return m;
  };
}
