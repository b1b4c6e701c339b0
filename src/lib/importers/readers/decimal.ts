/**
 * Decimal digits to the nearest double without making a string, for the numbers JSON writers put
 * in logs. Shortest round-trip printing (Python's repr, Go's strconv, JavaScript) often needs 17
 * significant digits, one more than a double holds exactly, so Clinger's fast path (at most 2^53
 * in the digits, one correctly rounded multiply or divide by an exact power of ten) misses half of
 * them. Those up to 19 digits divided by 10^1..10^22 are done here in double-double arithmetic
 * (Dekker's exact product and Knuth's exact sum): the digits as an exact sum of two doubles, the
 * quotient and its exact remainder, then one rounding, whose result is checked to lie far from a
 * halfway point between two doubles; when it does not (about 1 in 1,000 inputs), or for anything
 * else, the caller falls back to Number() on the text. tests/unit/wandb-numbers.test.ts compares with
 * Number() on millions of inputs, near-halfway ones included.
 */

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;
/** Veltkamp's splitter for doubles: 2^27 + 1. */
const SPLIT = 134217729;

/** The low part of the last exactProduct/exactSum (a module field: no allocation per call). */
let low = 0;

/** a × b as high + `low`, exactly (Dekker's TwoProduct; no overflow for the values used here). */
function exactProduct(a: number, b: number): number {
  const p = a * b;
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  low = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** a + b as high + `low`, exactly (Knuth's TwoSum). */
function exactSum(a: number, b: number): number {
  const s = a + b;
  const bv = s - a;
  low = a - (s - bv) + (b - bv);
  return s;
}

/** One double's bits as two words (typed arrays: a DataView here cost a W&B import ~10%). */
const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
/** Which word holds the sign and exponent: the second on little-endian machines. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Half an ulp of a double by its biased exponent: `2 ** e` costs more than the rest together. */
const HALF_ULP = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (e - 1076));

/**
 * Half the gap from `x` (a positive normal double) to its neighbour on the side of `below`: half
 * an ulp, or a quarter below a power of two, where doubles are twice as dense.
 */
function halfGap(x: number, below: boolean): number {
  bitsF64[0] = x;
  const high = bitsU32[HIGH]!;
  const exponent = (high >>> 20) & 0x7ff;
  const half = HALF_ULP[exponent]!;
  const powerOfTwo = (high & 0xfffff) === 0 && bitsU32[1 - HIGH] === 0;
  return below && powerOfTwo ? half / 2 : half;
}

/**
 * The double nearest to (hi × 10^loDigits + lo) × 10^exponent, or undefined when it cannot be
 * found exactly here. `hi` holds at most 15 digits, `lo` the next `loDigits` (at most 4).
 */
export function decimalToDouble(
  hi: number,
  lo: number,
  loDigits: number,
  exponent: number
): number | undefined {
  const scale = POW10[loDigits]!;
  const whole = hi * scale + lo;
  if (whole <= MAX_EXACT) {
    // Clinger: the digits are exact, so is the power of ten; one rounding.
    if (exponent === 0) return whole;
    if (exponent > 0 && exponent <= 22) return whole * POW10[exponent]!;
    if (exponent < 0 && exponent >= -22) return whole / POW10[-exponent]!;
    return undefined;
  }
  if (exponent >= 0 || exponent < -22) return undefined;
  // The digits as p + r exactly: hi × 10^loDigits as a product and its error, plus lo.
  let p = exactProduct(hi, scale);
  p = exactSum(p, low + lo);
  const r = low;
  // v = (p + r) / q: the quotient of p, its exact remainder, and r.
  const q = POW10[-exponent]!;
  const q0 = p / q;
  const t = exactProduct(q0, q);
  const remainder = p - t - low + r;
  const delta = remainder / q;
  const result = q0 + delta;
  // The rounding of q0 + delta, exactly: far from a halfway point, the result is the nearest.
  const bv = result - q0;
  const error = delta - bv;
  const half = halfGap(result, error < 0);
  if (half - Math.abs(error) < half * 2 ** -20) return undefined;
  return result;
}
