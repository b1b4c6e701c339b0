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

/** Parses one number token; returns undefined when the text is not a number at all. */
export function parseNumberToken(text: string): number | undefined {
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

/** Writes a double so that parseNumberToken reads back the same bits (-0 included). */
export function formatNumberToken(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}
