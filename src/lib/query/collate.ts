/**
 * Natural text order: `localeCompare(b, undefined, { numeric: true })`, but fast. Sorting 100,000
 * distinct run names with Intl.Collator takes about 0.6 s in V8 (2026), far over budget, so
 * printable-ASCII strings (nearly all run names, ids and params) go through an emulation of the
 * collator: case-blind primary weights taken from the collator itself at start-up, digit runs by
 * value, then lower case before upper case at the first difference. Anything else goes to the
 * collator. tests/unit/query-sort.test.ts checks the emulation against the collator.
 */
import type { ByteKeys } from './byte-keys';
import { compareKeys, sortByteKeys } from './byte-keys';

const collator = new Intl.Collator(undefined, { numeric: true });

/** Primary weight per printable ASCII code; digits share one weight (runs compare by value). */
const PRIMARY = new Int16Array(128).fill(-1);
let DIGIT_WEIGHT = 0;

(function buildWeights() {
  const base = new Intl.Collator(undefined, { sensitivity: 'base' });
  const chars: string[] = [];
  for (let c = 0x20; c < 0x7f; c++) chars.push(String.fromCharCode(c));
  chars.sort(collator.compare);
  let weight = 0;
  let previous = '';
  for (const ch of chars) {
    if (previous && base.compare(previous, ch) !== 0) weight++;
    PRIMARY[ch.charCodeAt(0)] = weight;
    previous = ch;
  }
  DIGIT_WEIGHT = PRIMARY[0x30]!;
})();

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when every character is printable ASCII, the range the emulation covers. */
export function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function asciiCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  let tertiary = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = isDigit(ca);
    const db = isDigit(cb);
    if (da && db) {
      let ea = i;
      while (ea < a.length && isDigit(a.charCodeAt(ea))) ea++;
      let eb = j;
      while (eb < b.length && isDigit(b.charCodeAt(eb))) eb++;
      // Leading zeros do not count, as in the collator's numeric mode.
      while (i < ea - 1 && a.charCodeAt(i) === 0x30) i++;
      while (j < eb - 1 && b.charCodeAt(j) === 0x30) j++;
      if (ea - i !== eb - j) return ea - i - (eb - j);
      for (; i < ea; i++, j++) {
        const d = a.charCodeAt(i) - b.charCodeAt(j);
        if (d !== 0) return d;
      }
      continue;
    }
    const wa = da ? DIGIT_WEIGHT : PRIMARY[ca]!;
    const wb = db ? DIGIT_WEIGHT : PRIMARY[cb]!;
    if (wa !== wb) return wa - wb;
    if (tertiary === 0 && ca !== cb) tertiary = ca > cb ? -1 : 1;
    i++;
    j++;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return tertiary;
}

/** Compares like the numeric collator; fast for printable ASCII. */
export function naturalCompare(a: string, b: string): number {
  if (isPlainAscii(a) && isPlainAscii(b)) return asciiCompare(a, b);
  return collator.compare(a, b);
}

const SEPARATOR = 0x01;
const BASE = 0x20;

/**
 * Writes at `at` a byte key whose order is asciiCompare's order: primary weights (a digit run
 * becomes a marker, its length and its significant digits), a separator below every weight, then
 * one case byte per character (higher code first, so lower case sorts before upper case).
 * Returns the end offset; needs at most 3 × s.length + 1 bytes.
 */
function writeKey(s: string, out: Uint8Array, at: number): number {
  let n = at;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) {
      out[n++] = BASE + PRIMARY[c]!;
      i++;
      continue;
    }
    let end = i;
    while (end < s.length && isDigit(s.charCodeAt(end))) end++;
    while (i < end - 1 && s.charCodeAt(i) === 0x30) i++;
    out[n++] = BASE + DIGIT_WEIGHT;
    // Runs of more than 223 digits compare by their digits alone.
    out[n++] = BASE + Math.min(end - i, 0xff - BASE);
    while (i < end) out[n++] = s.charCodeAt(i++);
  }
  out[n++] = SEPARATOR;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) out[n++] = 0xff - (c - BASE);
  }
  return n;
}

/** Natural-order byte keys of the given ASCII texts, and their indices sorted by key. */
function sortAscii(
  texts: readonly string[],
  ascii: number[]
): { keys: ByteKeys; order: Int32Array } {
  let size = 0;
  for (const i of ascii) size += 3 * texts[i]!.length + 1;
  const bytes = new Uint8Array(size);
  const starts = new Int32Array(ascii.length + 1);
  let at = 0;
  for (let k = 0; k < ascii.length; k++) {
    starts[k] = at;
    at = writeKey(texts[ascii[k]!]!, bytes, at);
  }
  starts[ascii.length] = at;
  const keys = { bytes, starts };
  const order = new Int32Array(ascii.length);
  for (let k = 0; k < order.length; k++) order[k] = k;
  sortByteKeys(keys, order);
  return { keys, order };
}

/**
 * Ranks texts in natural order: rank[i] is the position of texts[i] among the distinct values;
 * texts the collator calls equal (such as `run-01` and `run-1`) share a rank. ASCII texts are
 * ranked by a byte-key sort, the rest with the collator, and the two sorted lists are merged.
 */
export function rankTexts(texts: readonly string[]): Float64Array {
  const rank = new Float64Array(texts.length);
  const ascii: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < texts.length; i++) (isPlainAscii(texts[i]!) ? ascii : others).push(i);
  const { keys, order } = sortAscii(texts, ascii);
  others.sort((x, y) => collator.compare(texts[x]!, texts[y]!));
  let r = -1;
  let previous = -1;
  let previousKey = -1;
  let a = 0;
  let o = 0;
  while (a < order.length || o < others.length) {
    const key = a < order.length ? order[a]! : -1;
    const asciiText = key >= 0 ? ascii[key]! : -1;
    const otherText = o < others.length ? others[o]! : -1;
    const takeAscii =
      asciiText >= 0 &&
      (otherText < 0 || collator.compare(texts[asciiText]!, texts[otherText]!) <= 0);
    const index = takeAscii ? asciiText : otherText;
    let same = false;
    if (previous >= 0) {
      same =
        takeAscii && previousKey >= 0
          ? compareKeys(keys, previousKey, key) === 0
          : naturalCompare(texts[previous]!, texts[index]!) === 0;
    }
    if (!same) r++;
    rank[index] = r;
    previous = index;
    previousKey = takeAscii ? key : -1;
    if (takeAscii) a++;
    else o++;
  }
  return rank;
}
