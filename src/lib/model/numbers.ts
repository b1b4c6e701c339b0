/**
 * The one place that turns number spellings from exports into doubles. Python writes `nan`, `inf`
 * and `-inf`; Python's json writes bare `NaN` and `Infinity`; protobuf JSON writes them quoted.
 * `parseFloat('inf')` is NaN and `Number('')` is 0, so neither is safe on its own.
 */
const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity]
]);

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Is this what `Number()` reads the way we want: a sign, a digit or a dot first, not 0x/0o/0b? */
function plainStart(text: string): boolean {
  const c = text.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return false;
  const d = text.charCodeAt(1) | 0x20; // lower-cased
  return !(c === 48 && (d === 120 || d === 111 || d === 98));
}

/** Parses one number token; returns undefined when the text is not a number at all. */
export function parseNumberToken(text: string): number | undefined {
  // Hot path (millions of metric values): Number() reads every plain decimal; the checks keep
  // out what it would read but we must not (hex, '' and blanks as 0).
  const fast = Number(text);
  if (fast === fast && plainStart(text)) return fast;
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  return NON_FINITE.get(t.toLowerCase());
}

/** Accepts a JSON number or a string spelling of one (protobuf JSON quotes int64, NaN and ±Inf). */
export function numberFromJson(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseNumberToken(value);
  return undefined;
}

/** A number as JSON can hold it: finite ones as themselves, the others by name. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** The JSON form of a double: NaN and ±Infinity by name (JSON has no literal for them). */
export function toJsonNumber(value: number): JsonNumber {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Writes a double so that parseNumberToken reads back the same bits (-0 included). */
export function formatNumberToken(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}
