/**
 * W&B's `value_json`: every logged value as JSON text, written by Python's json (0.10-0.17) or
 * the Go core's "simplejsonext" (0.18 on), both with bare `NaN`, `Infinity` and `-Infinity`
 * (../shared/FORMATS.md §0, §6). Almost every value is a plain number, so numbers are read
 * straight from the bytes (../readers/decimal.ts: exact, up to 19 significant digits), with no
 * string made; anything else goes through Number() or the tolerant JSON reader.
 */
import { decimalToDouble } from '../readers/decimal';
import { parseTolerantJson } from '../readers/tolerant-json';

const utf8 = new TextDecoder('utf-8');

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function matches(bytes: Uint8Array, at: number, end: number, word: string): boolean {
  if (end - at !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** The number in bytes[start, end) when it is one exactly (fast path), else undefined. */
function fastNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (bytes[i] === 0x2d) {
    negative = true;
    i++;
  }
  const c = bytes[i];
  if (c === 0x4e) return matches(bytes, i, end, 'NaN') && !negative ? NaN : undefined;
  if (c === 0x49) {
    if (!matches(bytes, i, end, 'Infinity')) return undefined;
    return negative ? -Infinity : Infinity;
  }
  // Significant digits: the first 15 in `hi`, up to 4 more in `lo` (decimal.ts takes 19).
  let hi = 0;
  let lo = 0;
  let digits = 0;
  let exponent = 0;
  let sawDigit = false;
  let fraction = false;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0x2e && !fraction) {
      fraction = true;
      continue;
    }
    if (!isDigit(c)) break;
    sawDigit = true;
    if (fraction) exponent--;
    const d = c - 0x30;
    if (digits === 0 && d === 0) continue; // a leading zero
    if (digits < 15) hi = hi * 10 + d;
    else if (digits < 19) lo = lo * 10 + d;
    else return undefined;
    digits++;
  }
  if (!sawDigit) return undefined;
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    let sign = 1;
    if (bytes[i] === 0x2b) i++;
    else if (bytes[i] === 0x2d) {
      sign = -1;
      i++;
    }
    let e = 0;
    const from = i;
    while (i < end && isDigit(bytes[i]!) && e < 10000) e = e * 10 + (bytes[i++]! - 0x30);
    if (i === from) return undefined;
    exponent += sign * e;
  }
  if (i !== end) return undefined;
  const value = digits === 0 ? 0 : decimalToDouble(hi, lo, Math.max(0, digits - 15), exponent);
  if (value === undefined) return undefined;
  return negative ? -value : value;
}

/** The text of bytes[start, end) (short values are plain ASCII: no decoder call needed). */
export function bytesText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let ascii = true;
    for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode(...bytes.subarray(start, end));
  }
  return utf8.decode(bytes.subarray(start, end));
}

/** Number text is ASCII; a Latin-1 decoder makes it a string with no UTF-8 checks. */
const latin1 = new TextDecoder('latin1');

/** Is bytes[start, end) made only of characters a JSON number uses? */
function numberLike(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (!(isDigit(c) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45))
      return false;
  }
  return true;
}

/**
 * The number a value_json holds, or undefined when it is not a number (text, a list, an object,
 * true/false, null). Never throws.
 */
export function valueNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  const fast = fastNumber(bytes, start, end);
  if (fast !== undefined || start === end) return fast;
  const c = bytes[start]!;
  if (!(isDigit(c) || c === 0x2d) || !numberLike(bytes, start, end)) return undefined;
  // Numbers the fast path cannot take exactly (17 significant digits, common in shortest
  // round-trip output): Number() reads JSON's number grammar here (no hex, blanks or empty text).
  const x = Number(latin1.decode(bytes.subarray(start, end)));
  return Number.isNaN(x) ? undefined : x;
}

/** Any value_json decoded; text that is not JSON is kept as text (W&B never writes such). */
export function valueOf(bytes: Uint8Array, start: number, end: number): unknown {
  const fast = fastNumber(bytes, start, end);
  if (fast !== undefined) return fast;
  const text = bytesText(bytes, start, end);
  try {
    return parseTolerantJson(text);
  } catch {
    return text;
  }
}
