// decimalToDouble must give exactly what Number() gives, or decline: on shortest round-trip
// output (17 digits half the time), on random 16-19 digit decimals, and on decimals a hair from
// the halfway point between two doubles (where a careless parser rounds the wrong way).
import { describe, expect, it } from 'vitest';
import { valueNumber } from '../../src/lib/importers/wandb/value-json';

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encoder = new TextEncoder();
const parse = (text: string) => {
  const bytes = encoder.encode(text);
  return valueNumber(bytes, 0, bytes.length);
};

/** Texts where parse() and Number() differ (none may). */
function mismatches(texts: Iterable<string>): string[] {
  const out: string[] = [];
  for (const t of texts) {
    const got = parse(t);
    if (!Object.is(got, Number(t))) out.push(`${t}: ${got} vs ${Number(t)}`);
  }
  return out;
}

describe('numbers read from value_json bytes', () => {
  it('matches Number() on shortest round-trip output over many magnitudes', () => {
    const next = random(1);
    const texts: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = (next() - 0.5) * 10 ** Math.floor(next() * 30 - 12);
      texts.push(String(x), x.toPrecision(17), x.toExponential(16), x.toPrecision(18));
    }
    expect(mismatches(texts)).toEqual([]);
  });

  it('matches Number() on random 16 to 19 digit decimals', () => {
    const next = random(2);
    const texts: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const digits = 16 + Math.floor(next() * 4);
      let d = String(1 + Math.floor(next() * 9));
      while (d.length < digits) d += String(Math.floor(next() * 10));
      const point = Math.floor(next() * (digits + 1));
      texts.push(`${d.slice(0, point) || '0'}.${d.slice(point)}`);
      texts.push(`${d[0]}.${d.slice(1)}e${Math.floor(next() * 20) - 10}`);
    }
    expect(mismatches(texts)).toEqual([]);
  });

  it('matches Number() a hair either side of halfway between two doubles', () => {
    const next = random(3);
    const texts: string[] = [];
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 20_000; i++) {
      const x = 10 ** (next() * 8 - 4);
      // x = m × 2^e exactly; the midpoint to the next double is (2m + 1) × 2^(e - 1).
      view.setFloat64(0, x);
      const exponent = ((view.getUint16(0) >>> 4) & 0x7ff) - 1075;
      const m = (BigInt(view.getUint32(0) & 0xfffff) << 32n) | BigInt(view.getUint32(4));
      const mantissa = m | (1n << 52n);
      const shift = BigInt(1 - exponent);
      // (2m + 1) / 2^shift = (2m + 1) × 5^shift / 10^shift: its exact decimal digits.
      const digits = ((2n * mantissa + 1n) * 5n ** shift).toString();
      const point = digits.length - Number(shift);
      for (const keep of [17, 18, 19]) {
        const head = BigInt(digits.slice(0, keep));
        for (const d of [-1n, 0n, 1n]) {
          const s = (head + d).toString();
          texts.push(`${s[0]}.${s.slice(1)}e${point - 1}`);
        }
      }
    }
    expect(mismatches(texts)).toEqual([]);
  });

  it('reads JSON’s spellings and declines what is not a number', () => {
    expect(
      ['0', '-0', '1e5', '2.5E-3', 'NaN', 'Infinity', '-Infinity', '123456789012345678901234'].map(
        parse
      )
    ).toEqual([
      0,
      -0,
      100000,
      0.0025,
      NaN,
      Infinity,
      -Infinity,
      Number('123456789012345678901234')
    ]);
    expect(['"1"', 'true', 'null', '[1]', '-', '1.2.3', '0x10', '1e'].map(parse)).toEqual(
      Array(8).fill(undefined)
    );
  });
});
