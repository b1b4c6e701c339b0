/**
 * The inner loops: one pass over all rows per condition, writing 0/1 into a mask. Loops are kept
 * monomorphic where it matters (numeric comparisons switch on the operator per row instead of
 * calling a closure), since these run over 100,000 rows per keystroke.
 */
import type { Comparator } from './ast';
import { encodeColumn, spreadHits, testDict } from './encoded';
import type { NumberSource, TextSource } from './sources';

/** Writes, per row, whether the row has a number and `x op v` holds (IEEE: NaN only `!=`). */
export function compareNumbers(
  out: Uint8Array,
  src: NumberSource | null,
  op: Comparator,
  v: number
): void {
  if (!src) {
    out.fill(0);
    return;
  }
  const { values, present } = src;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    // With a presence mask NaN is a real (logged) value; without one it means "missing".
    const has = present ? present[i] === 1 : x === x;
    let r: boolean;
    switch (op) {
      case '=':
        r = x === v;
        break;
      case '!=':
        r = x !== v;
        break;
      case '<':
        r = x < v;
        break;
      case '<=':
        r = x <= v;
        break;
      case '>':
        r = x > v;
        break;
      case '>=':
        r = x >= v;
        break;
    }
    out[i] = has && r ? 1 : 0;
  }
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
  if (!src) {
    out.fill(0);
    return;
  }
  const { values, present } = src;
  for (let i = 0; i < out.length; i++) {
    const x = values[i]!;
    const has = present ? present[i] === 1 : x === x;
    const inside = (loInc ? x >= lo : x > lo) && (hiInc ? x <= hi : x < hi);
    out[i] = has && inside !== negated ? 1 : 0;
  }
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
