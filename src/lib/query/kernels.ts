/**
 * The inner loops: one pass over all rows per condition, writing 0/1 into a mask. Loops are kept
 * monomorphic where it matters (every numeric comparison is a closed interval decided before the
 * loop, instead of a switch or a closure per row), since these run over 100,000 rows per keystroke.
 */
import type { Comparator } from './ast';
import { andHits, encodeColumn, spreadHits, testDict } from './encoded';
import type { NumberSource, TextSource } from './sources';

const bits = new BigInt64Array(1);
const asDouble = new Float64Array(bits.buffer);

/** The smallest double above v, or null when there is none (+Infinity, NaN): `x > v` is `x >= above(v)`. */
function above(v: number): number | null {
  if (v !== v || v === Infinity) return null;
  if (v === 0) return Number.MIN_VALUE;
  asDouble[0] = v;
  bits[0] = bits[0]! + (v > 0 ? 1n : -1n); // -Infinity steps to -MAX_VALUE
  return asDouble[0]!;
}

/** The largest double below v, or null when there is none. */
function below(v: number): number | null {
  const up = above(-v);
  return up === null ? null : -up;
}

/**
 * ANDs into `out`, per row with a number, whether it lies in [lo, hi] (or outside it, negated),
 * and answers whether any row is still 1. Every numeric comparison comes here as a closed
 * interval, so each of the four loops is one pair of comparisons per row with nothing decided
 * inside it. A NaN value is outside every interval: with a presence mask it is a logged value
 * (only `!=` and NOT BETWEEN find it), without one it means "missing" and never matches. ANDing
 * in place lets a conjunction cost one pass per condition over one mask, with no scratch mask.
 */
function andIntervalNumbers(
  out: Uint8Array,
  src: NumberSource,
  lo: number,
  hi: number,
  negated: boolean
): boolean {
  const { values, present } = src;
  const n = out.length;
  let open = 0;
  // Comparisons turned into 0/1 and combined with `&`: no branch per row, so rows on both sides
  // of the bound cost the same (a branch per row mispredicts half the time on real metrics).
  if (present && negated)
    for (let i = 0; i < n; i++)
      open |= out[i] = out[i]! & (1 - (+(values[i]! >= lo) & +(values[i]! <= hi))) & present[i]!;
  else if (present)
    for (let i = 0; i < n; i++)
      open |= out[i] = out[i]! & +(values[i]! >= lo) & +(values[i]! <= hi) & present[i]!;
  // Without a presence mask NaN means "missing", which no comparison (nor its negation) finds.
  else if (negated)
    for (let i = 0; i < n; i++)
      open |= out[i] = out[i]! & (+(values[i]! < lo) | +(values[i]! > hi));
  else
    for (let i = 0; i < n; i++)
      open |= out[i] = out[i]! & +(values[i]! >= lo) & +(values[i]! <= hi);
  return open !== 0;
}

/**
 * A numeric comparison as the closed interval [lo, hi] it keeps (negated: the rows outside it),
 * or null when no row can match (the field has no numbers).
 */
export interface Interval {
  lo: number;
  hi: number;
  negated: boolean;
}

/** `x op v` as an interval (IEEE: NaN compares only with `!=`). */
export function compareInterval(op: Comparator, v: number): Interval {
  if (v !== v) {
    // Nothing compares with NaN but `!=`, which every present value satisfies.
    return { lo: Infinity, hi: -Infinity, negated: op === '!=' };
  }
  switch (op) {
    case '=':
      return { lo: v, hi: v, negated: false };
    case '!=':
      return { lo: v, hi: v, negated: true };
    case '<': {
      const to = below(v); // none below -Infinity: the empty interval [+Inf, -Inf]
      return { lo: to === null ? Infinity : -Infinity, hi: to ?? -Infinity, negated: false };
    }
    case '<=':
      return { lo: -Infinity, hi: v, negated: false };
    case '>': {
      const from = above(v);
      return { lo: from ?? Infinity, hi: from === null ? -Infinity : Infinity, negated: false };
    }
    case '>=':
      return { lo: v, hi: Infinity, negated: false };
  }
}

/** A range condition (BETWEEN, `a < x <= b`) as an interval. */
export function rangeInterval(
  lo: number,
  hi: number,
  loInc: boolean,
  hiInc: boolean,
  negated: boolean
): Interval {
  const from = loInc ? lo : above(lo);
  const to = hiInc ? hi : below(hi);
  if (from === null || to === null || from !== from || to !== to)
    return { lo: Infinity, hi: -Infinity, negated }; // an empty range
  return { lo: from, hi: to, negated };
}

/** ANDs into `out` whether each row has a number inside the interval; false when none is left. */
export function andInterval(out: Uint8Array, src: NumberSource | null, iv: Interval): boolean {
  if (!src) {
    out.fill(0);
    return false;
  }
  return andIntervalNumbers(out, src, iv.lo, iv.hi, iv.negated);
}

/** Writes, per row, whether the row has a number and `x op v` holds (IEEE: NaN only `!=`). */
export function compareNumbers(
  out: Uint8Array,
  src: NumberSource | null,
  op: Comparator,
  v: number
): void {
  out.fill(1);
  andInterval(out, src, compareInterval(op, v));
}

/** Writes, per row with a number, whether it lies in the range (or outside it, negated). */
export function rangeNumbers(
  out: Uint8Array,
  src: NumberSource | null,
  lo: number,
  hi: number,
  loInc: boolean,
  hiInc: boolean,
  negated: boolean
): void {
  out.fill(1);
  andInterval(out, src, rangeInterval(lo, hi, loInc, hiInc, negated));
}

/** Writes, per row with a number, whether the predicate holds. */
export function testNumbers(
  out: Uint8Array,
  src: NumberSource | null,
  test: (x: number) => boolean
): void {
  if (!src) {
    out.fill(0);
    return;
  }
  const { values, present } = src;
  for (let i = 0; i < out.length; i++) {
    const x = values[i]!;
    const has = present ? present[i] === 1 : x === x;
    out[i] = has && test(x) ? 1 : 0;
  }
}

/** Writes 1 where the row has no number (IS NULL); `negated` for IS NOT NULL. */
export function nullNumbers(out: Uint8Array, src: NumberSource | null, negated: boolean): void {
  if (!src) {
    out.fill(negated ? 0 : 1);
    return;
  }
  const { values, present } = src;
  for (let i = 0; i < out.length; i++) {
    const x = values[i]!;
    const has = present ? present[i] === 1 : x === x;
    out[i] = has === negated ? 1 : 0;
  }
}

/** Writes, per row with text, whether the predicate holds; each distinct value is tested once. */
export function testText(out: Uint8Array, src: TextSource, test: (v: string) => boolean): void {
  const n = out.length;
  switch (src.kind) {
    case 'none':
      out.fill(0);
      return;
    case 'coded': {
      const { codes, dict } = src;
      const known = new Int8Array(dict.length).fill(-1);
      for (let i = 0; i < n; i++) {
        const c = codes[i]!;
        if (c < 0 || c >= dict.length) {
          out[i] = 0;
          continue;
        }
        let r = known[c]!;
        if (r < 0) {
          const v = dict[c];
          r = v !== undefined && test(v) ? 1 : 0;
          known[c] = r;
        }
        out[i] = r;
      }
      return;
    }
    case 'strings': {
      const enc = encodeColumn(src.values);
      spreadHits(out, enc.codes, testDict(enc.dict, test, src.map));
      return;
    }
    case 'lists':
      for (let i = 0; i < n; i++) out[i] = src.values[i]?.some(test) ? 1 : 0;
  }
}

/**
 * ANDs into `out` whether each row's text passes the test (each distinct value tested once);
 * false when no row is left. Dictionary-coded columns need no scratch mask: one look-up per row.
 */
export function andText(out: Uint8Array, src: TextSource, test: (v: string) => boolean): boolean {
  if (src.kind === 'strings') {
    const enc = encodeColumn(src.values);
    return andHits(out, enc.codes, testDict(enc.dict, test, src.map));
  }
  const tmp = new Uint8Array(out.length);
  testText(tmp, src, test);
  let open = 0;
  for (let i = 0; i < out.length; i++) open |= out[i] = out[i]! & tmp[i]!;
  return open !== 0;
}

/** Writes 1 where the row has no text value (IS NULL); `negated` for IS NOT NULL. */
export function nullText(out: Uint8Array, src: TextSource, negated: boolean): void {
  const has = negated ? 1 : 0;
  const missing = negated ? 0 : 1;
  switch (src.kind) {
    case 'none':
      out.fill(missing);
      return;
    case 'coded':
      for (let i = 0; i < out.length; i++) {
        const c = src.codes[i]!;
        out[i] = c >= 0 && c < src.dict.length && src.dict[c] !== undefined ? has : missing;
      }
      return;
    case 'strings': {
      const enc = encodeColumn(src.values);
      const present = testDict(enc.dict, () => true, src.map);
      for (let i = 0; i < out.length; i++) {
        const c = enc.codes[i]!;
        out[i] = c >= 0 && present[c] ? has : missing;
      }
      return;
    }
    case 'lists':
      for (let i = 0; i < out.length; i++) out[i] = src.values[i]?.length ? has : missing;
  }
}

/** Text comparison by UTF-16 code units, the order JavaScript's `<` uses. */
export function compareTextOp(op: Comparator, s: string): (v: string) => boolean {
  switch (op) {
    case '=':
      return (v) => v === s;
    case '!=':
      return (v) => v !== s;
    case '<':
      return (v) => v < s;
    case '<=':
      return (v) => v <= s;
    case '>':
      return (v) => v > s;
    case '>=':
      return (v) => v >= s;
  }
}
