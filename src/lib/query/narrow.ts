/**
 * A conjunction of simple conditions as one list of candidate rows narrowed in place. The first
 * condition lists its matches among the candidates, each next one walks only the rows still in
 * the list. Where a mask costs one pass over all runs per condition and another to count and
 * list the matches, this costs at most one pass over all runs and then passes over fewer and
 * fewer rows, and the list left is the matches, in row order, with their count: what a keystroke
 * needs. A text condition that one dictionary value passes (`params.model = "tree"`) lists its
 * matches from that value's rows (encoded.ts `rowsByCode`) and goes first: then no pass walks
 * every run.
 *
 * A narrower writes the rows it keeps to `rows[0, m)` and answers `m`. With `all`, the
 * candidates are the rows 0 … k-1 (the buffer's content is ignored); otherwise `rows[0, k)`.
 * Each row is written at `m` and kept by moving `m` only when it passes: no branch per row, and
 * `m` never passes the row being read, so narrowing in place is safe.
 */
import { encodeColumn, rowsByCode, testDict } from './encoded';
import type { Interval } from './kernels';
import type { NumberSource, TextSource } from './sources';

export type Narrower = (rows: Uint32Array, k: number, all: boolean) => number;

/** One condition of a conjunction. */
export interface NarrowStep {
  narrow: Narrower;
  /** Every row that passes, in row order, when known without a pass (a text value's rows). */
  listed?: Uint32Array;
}

/**
 * A whole conjunction: keeps in `rows[0, m)` the rows of 0 … n-1 that `candidates` marks (every
 * row when null) and every condition passes, in row order, and answers `m`.
 */
export type Narrowing = (rows: Uint32Array, n: number, candidates: Uint8Array | null) => number;

const NO_ROWS = new Uint32Array(0);

/** Keeps no row: the field is missing from the library. */
export const keepNone: NarrowStep = { narrow: () => 0, listed: NO_ROWS };

/** A text test as a narrower, for text held as strings (dictionary-coded once per column). */
export function textNarrower(src: TextSource, test: (v: string) => boolean): NarrowStep | null {
  if (src.kind === 'none') return keepNone;
  if (src.kind !== 'strings') return null;
  const encoded = encodeColumn(src.values);
  const { codes, dict } = encoded;
  const hits = testDict(dict, test, src.map);
  // Shifted by one so that code -1 (no value) reads a 0: one load per row and no branch.
  const shifted = new Uint8Array(hits.length + 1);
  shifted.set(hits, 1);
  const narrow: Narrower = (rows, k, all) => {
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
  // No value or one value passes (equality, mostly): its rows are the list of matches.
  const passing = hits.indexOf(1);
  if (passing < 0) return { narrow, listed: NO_ROWS };
  if (hits.indexOf(1, passing + 1) >= 0) return { narrow };
  const { starts, rows } = rowsByCode(encoded);
  return { narrow, listed: rows.subarray(starts[passing], starts[passing + 1]) };
}

/**
 * A numeric interval as a narrower, with the rules of kernels.ts's andInterval: with a presence
 * mask NaN is a logged value (outside every interval), without one it means missing and never
 * passes, negated or not.
 */
export function intervalNarrower(src: NumberSource | null, iv: Interval): NarrowStep {
  if (!src) return keepNone;
  return { narrow: numberNarrower(src, iv) };
}

function numberNarrower(src: NumberSource, iv: Interval): Narrower {
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

/**
 * Conditions ANDed. The condition with the shortest list of its matches goes first and walks its
 * list; without one, the first condition walks every candidate. Each next one narrows what the
 * one before kept; none left stops the chain.
 */
export function narrowAll(steps: readonly NarrowStep[]): Narrowing {
  let seed: NarrowStep | undefined;
  for (const step of steps)
    if (step.listed && (!seed || step.listed.length < seed.listed!.length)) seed = step;
  const rest = steps.filter((step) => step !== seed);
  return (rows, n, candidates) => {
    let m: number;
    let next = 0;
    if (seed) m = keepListed(rows, seed.listed!, candidates);
    else if (candidates) m = listCandidates(rows, n, candidates);
    else if (rest.length > 0) m = rest[next++]!.narrow(rows, n, true);
    else m = listCandidates(rows, n, null);
    for (; next < rest.length && m > 0; next++) m = rest[next]!.narrow(rows, m, false);
    return m;
  };
}

/** The rows of `list` that `candidates` marks (all of them when null). */
function keepListed(rows: Uint32Array, list: Uint32Array, candidates: Uint8Array | null): number {
  if (!candidates) {
    rows.set(list);
    return list.length;
  }
  let m = 0;
  for (let j = 0; j < list.length; j++) {
    const i = list[j]!;
    rows[m] = i;
    m += candidates[i]!;
  }
  return m;
}

/** The rows 0 … n-1 that `candidates` marks (all of them when null). */
function listCandidates(rows: Uint32Array, n: number, candidates: Uint8Array | null): number {
  if (!candidates) {
    for (let i = 0; i < n; i++) rows[i] = i;
    return n;
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    rows[m] = i;
    m += candidates[i]!;
  }
  return m;
}
