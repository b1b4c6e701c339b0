import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { smoothSeries, type Smoothing } from '../../../src/lib/stats/smoothing';
import {
  describeSmoothing,
  makeSmoothing,
  SMOOTHING_KINDS,
  smoothingSlider
} from '../../../src/lib/stats/smoothing-controls';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const steps = (n: number, spacing = 1): Float64Array => {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = i * spacing;
  return x;
};
const list = (a: Float64Array): number[] => Array.from(a);

/** Seeded PRNG so failures reproduce (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectClose(actual: Float64Array, expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `index ${i}`).toBeCloseTo(e, digits));
}

/** Brute-force Gaussian kernel regression, no cutoff shortcuts beyond 3 sigma. */
function gaussianReference(x: Float64Array, y: Float64Array, sigma: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let sw = 0;
    let swy = 0;
    for (let k = 0; k < x.length; k++) {
      const d = x[k]! - x[i]!;
      if (Math.abs(d) > 3 * sigma) continue;
      const g = Math.exp((-d * d) / (2 * sigma * sigma));
      sw += g;
      swy += g * y[k]!;
    }
    out[i] = swy / sw;
  }
  return out;
}

describe('smoothSeries: EMA (TensorBoard)', () => {
  it('debiases the first points exactly as TensorBoard does', () => {
    // w = 0.5, y = 1, 2, 3, 4; last = last·w + (1 − w)·y, s = last / (1 − w^n):
    //   n=1: last = 0.5                 s = 0.5 / 0.5     = 1
    //   n=2: last = 0.25 + 1 = 1.25     s = 1.25 / 0.75   = 5/3
    //   n=3: last = 0.625 + 1.5 = 2.125 s = 2.125 / 0.875 = 17/7
    //   n=4: last = 1.0625 + 2 = 3.0625 s = 3.0625/0.9375 = 49/15
    const s = smoothSeries(steps(4), f64([1, 2, 3, 4]), { kind: 'ema', weight: 0.5 });
    expectClose(s, [1, 5 / 3, 17 / 7, 49 / 15]);
  });

  it('matches the hand computation at the default weight 0.6', () => {
    // y = 10, 0, 10: last = 4 → 4/0.4 = 10; last = 2.4 → 2.4/0.64 = 3.75;
    // last = 1.44 + 4 = 5.44 → 5.44/0.784 = 6.938775510204...
    const s = smoothSeries(steps(3), f64([10, 0, 10]), { kind: 'ema', weight: 0.6 });
    expectClose(s, [10, 3.75, 5.44 / 0.784]);
  });

  it('is bit-identical to the TensorBoard loop on random data', () => {
    const rand = mulberry32(7);
    const y = new Float64Array(1000).map(() => rand() * 10 - 5);
    const w = 0.87;
    const expected: number[] = [];
    let last = 0;
    let numAccum = 0;
    for (const v of y) {
      last = last * w + (1 - w) * v;
      numAccum++;
      expected.push(last / (1 - Math.pow(w, numAccum)));
    }
    expect(list(smoothSeries(steps(1000), y, { kind: 'ema', weight: w }))).toEqual(expected);
  });

  it('is the identity at weight 0 and stays finite at the top of the range', () => {
    const y = f64([3, -1, 4, 1, -5, 9]);
    expect(list(smoothSeries(steps(6), y, { kind: 'ema', weight: 0 }))).toEqual(list(y));
    for (const weight of [0.999, 1, 5]) {
      const s = smoothSeries(steps(6), y, { kind: 'ema', weight });
      expect(s.every(Number.isFinite)).toBe(true);
      // Clamped to 0.999, not TensorBoard's w = 1 (which draws zeros): the first point is kept.
      expect(s[0]).toBeCloseTo(3, 9);
    }
  });

  it('ignores x entirely (it smooths by index)', () => {
    const y = f64([1, 5, 2, 8]);
    const even = smoothSeries(steps(4), y, { kind: 'ema', weight: 0.7 });
    const uneven = smoothSeries(f64([0, 1, 100, 101]), y, { kind: 'ema', weight: 0.7 });
    expect(list(uneven)).toEqual(list(even));
  });
});

describe('smoothSeries: time-weighted EMA (W&B)', () => {
  it('equals the index EMA of weight sqrt(p) when every gap is 1/1000 of the range', () => {
    // 1001 evenly spaced points over range 1000: every Δx·1000/range is 1, so a = sqrt(p).
    const rand = mulberry32(11);
    const x = steps(1001);
    const y = new Float64Array(1001).map(() => rand());
    const twema = smoothSeries(x, y, { kind: 'twema', weight: 0.81 });
    const ema = smoothSeries(x, y, { kind: 'ema', weight: 0.9 });
    for (let i = 0; i < y.length; i++) expect(twema[i]).toBeCloseTo(ema[i]!, 10);
  });

  it('decays a gap in x more than a step (worked example)', () => {
    // p = 0.25 → w = 0.5; xRange 1000 so Δx = 1 is one unit. x = 0, 1, 2, 5; y = 0, 4, 4, 8.
    //   i0: num = 0,            den = 1               s = 0
    //   i1: a = 0.5: num = 4,   den = 1.5             s = 8/3
    //   i2: a = 0.5: num = 6,   den = 1.75            s = 24/7
    //   i3: a = 0.5³: num = 6/8 + 8 = 8.75, den = 1.75/8 + 1 = 1.21875   s = 7.1794871...
    const x = f64([0, 1, 2, 5]);
    const y = f64([0, 4, 4, 8]);
    const s = smoothSeries(x, y, { kind: 'twema', weight: 0.25 }, { xRange: 1000 });
    expectClose(s, [0, 8 / 3, 24 / 7, 8.75 / 1.21875]);
    // Evenly spaced, the old points keep more weight: num = 6·0.5 + 8 = 11, den = 1.875.
    const even = smoothSeries(
      f64([0, 1, 2, 3]),
      y,
      { kind: 'twema', weight: 0.25 },
      { xRange: 1000 }
    );
    expect(even[3]).toBeCloseTo(11 / 1.875, 12);
    expect(s[3]).toBeGreaterThan(even[3]!);
  });

  it('smooths runs on one chart alike per x unit when given the shared range', () => {
    // A run logged every step and one logged every 10 steps, both sampling the same line: with the
    // chart's range they smooth to about the same curve where they overlap.
    const dense = steps(2001);
    const sparse = steps(201, 10);
    const line = (x: Float64Array) => x.map((v) => Math.sin(v / 150));
    const opts = { xRange: 2000 };
    const a = smoothSeries(dense, line(dense), { kind: 'twema', weight: 0.99 }, opts);
    const b = smoothSeries(sparse, line(sparse), { kind: 'twema', weight: 0.99 }, opts);
    for (let k = 50; k < 201; k += 25) expect(Math.abs(a[k * 10]! - b[k]!)).toBeLessThan(0.05);
  });

  it('is the identity at weight 0 and uses the series range by default', () => {
    const x = f64([1, 2, 4, 8]);
    const y = f64([2, 7, 1, 8]);
    expect(list(smoothSeries(x, y, { kind: 'twema', weight: 0 }))).toEqual(list(y));
    const own = smoothSeries(x, y, { kind: 'twema', weight: 0.9 });
    const explicit = smoothSeries(x, y, { kind: 'twema', weight: 0.9 }, { xRange: 7 });
    expect(list(own)).toEqual(list(explicit));
  });
});

describe('smoothSeries: running average (W&B, centred, in points)', () => {
  it('averages a centred window that shrinks at the ends', () => {
    // window 3 over 1..5: [1,2] → 1.5, [1,2,3] → 2, 3, 4, [4,5] → 4.5
    const y = f64([1, 2, 3, 4, 5]);
    expectClose(
      smoothSeries(steps(5), y, { kind: 'running-average', window: 3 }),
      [1.5, 2, 3, 4, 4.5]
    );
    // window 2 takes the earlier neighbour: [1] → 1, [1,2] → 1.5, [2,3] → 2.5, ...
    expectClose(
      smoothSeries(steps(5), y, { kind: 'running-average', window: 2 }),
      [1, 1.5, 2.5, 3.5, 4.5]
    );
    // a window wider than the series averages what exists
    expectClose(
      smoothSeries(steps(3), f64([0, 3, 6]), { kind: 'running-average', window: 99 }),
      [3, 3, 3]
    );
  });

  it('is the identity for window 1 (and for nonsense windows)', () => {
    const y = f64([0.1, 0.7, 0.3]);
    for (const window of [1, 0, -3, NaN]) {
      expect(list(smoothSeries(steps(3), y, { kind: 'running-average', window }))).toEqual(list(y));
    }
  });

  it('keeps precision for values far from zero', () => {
    const y = new Float64Array(100_000).map((_, i) => 1e9 + (i % 2));
    const s = smoothSeries(steps(y.length), y, { kind: 'running-average', window: 2 });
    expect(s.subarray(1).every((v) => v === 1e9 + 0.5)).toBe(true);
  });
});

describe('smoothSeries: Gaussian (W&B, sigma in x units)', () => {
  it('matches a worked example', () => {
    // sigma 1, x = 0..4, y = 0, 0, 1, 0, 0. Weights at distance 0, 1, 2, 3: 1, e^-0.5, e^-2, e^-4.5
    // (distance 3 = 3σ is still inside the cutoff; 4 is not).
    //   s[2] = 1 / (1 + 2e^-0.5 + 2e^-2)
    //   s[1] = e^-0.5 / (1 + 2e^-0.5 + e^-2 + e^-4.5)     (x = 0..4 all within 3 of x = 1)
    //   s[0] = e^-2 / (1 + e^-0.5 + e^-2 + e^-4.5)        (x = 4 is 4σ away)
    const e = Math.exp;
    const s = smoothSeries(steps(5), f64([0, 0, 1, 0, 0]), { kind: 'gaussian', sigma: 1 });
    const mid = 1 / (1 + 2 * e(-0.5) + 2 * e(-2));
    const edge = e(-2) / (1 + e(-0.5) + e(-2) + e(-4.5));
    expectClose(s, [edge, e(-0.5) / (1 + 2 * e(-0.5) + e(-2) + e(-4.5)), mid, s[1]!, edge]);
  });

  it('weights by x distance, not by index', () => {
    // The point at x = 100 is 100σ away: it neither moves nor is moved.
    const s = smoothSeries(f64([0, 1, 2, 100]), f64([1, 2, 3, 50]), { kind: 'gaussian', sigma: 1 });
    expect(s[3]).toBe(50);
    expect(s[1]).toBeCloseTo(2, 12);
  });

  it('is symmetric on a symmetric series', () => {
    const rand = mulberry32(3);
    const half = Array.from({ length: 200 }, () => rand());
    const y = f64([...half, ...half.slice().reverse()]);
    const xs = Array.from({ length: 200 }, (_, i) => i * i * 0.01);
    const x = f64([...xs.map((v) => -400 - v).reverse(), ...xs.map((v) => 400 + v)]);
    const s = smoothSeries(x, y, { kind: 'gaussian', sigma: 40 });
    for (let i = 0; i < 200; i++) expect(s[i]).toBeCloseTo(s[399 - i]!, 10);
  });

  it('matches brute force exactly for narrow kernels', () => {
    const rand = mulberry32(5);
    const x = new Float64Array(3000);
    for (let i = 1; i < x.length; i++) x[i] = x[i - 1]! + rand() * 2;
    const y = x.map(() => rand());
    const s = smoothSeries(x, y, { kind: 'gaussian', sigma: 4 });
    const ref = gaussianReference(x, y, 4);
    for (let i = 0; i < x.length; i++) expect(s[i]).toBeCloseTo(ref[i]!, 10);
  });

  it('stays within 1% of the range of the data for wide kernels (binned path)', () => {
    const rand = mulberry32(9);
    const n = 8_000;
    const x = new Float64Array(n);
    for (let i = 1; i < n; i++) x[i] = x[i - 1]! + 0.5 + rand();
    const y = x.map((v) => Math.sin(v / 500) + rand() - 0.5);
    const s = smoothSeries(x, y, { kind: 'gaussian', sigma: 200 });
    const ref = gaussianReference(x, y, 200);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(s[i]! - ref[i]!));
    expect(worst).toBeLessThan(0.02); // data range ≈ 3
  });

  it('smooths a million points under a wide kernel quickly', () => {
    const n = 1_000_000;
    const x = steps(n);
    const y = x.map((v) => (v % 7) - 3);
    const started = performance.now();
    const s = smoothSeries(x, y, { kind: 'gaussian', sigma: 20_000 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(s[n >> 1]).toBeCloseTo(0, 2);
  });

  it('is the identity for sigma 0', () => {
    const y = f64([5, 1, 4]);
    expect(list(smoothSeries(steps(3), y, { kind: 'gaussian', sigma: 0 }))).toEqual(list(y));
  });
});

describe('smoothSeries: every kind', () => {
  const kinds: Smoothing[] = [
    { kind: 'none' },
    { kind: 'ema', weight: 0.9 },
    { kind: 'twema', weight: 0.9 },
    { kind: 'gaussian', sigma: 3 },
    { kind: 'running-average', window: 5 }
  ];

  it('keeps a constant series exactly constant', () => {
    const x = f64([0, 1, 3, 7, 8, 20]);
    const y = new Float64Array(6).fill(0.1 + 0.2);
    for (const k of kinds) expect(list(smoothSeries(x, y, k)), k.kind).toEqual(list(y));
  });

  it('returns a new array, handles empty and single-point series', () => {
    const y = f64([1]);
    for (const k of kinds) {
      expect(smoothSeries(f64([]), f64([]), k).length).toBe(0);
      const s = smoothSeries(f64([5]), y, k);
      expect(list(s)).toEqual([1]);
      expect(s).not.toBe(y);
    }
  });

  it('rejects x and y of different lengths', () => {
    expect(() => smoothSeries(f64([1, 2]), f64([1]), { kind: 'none' })).toThrow(RangeError);
  });

  it('never produces NaN from finite input and stays within the data range', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    const series = fc
      .array(fc.tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), finite), { maxLength: 60 })
      .map((pts) => {
        pts.sort((a, b) => a[0] - b[0]);
        return { x: f64(pts.map((p) => p[0])), y: f64(pts.map((p) => p[1])) };
      });
    const smoothing = fc.oneof(
      fc.record({ kind: fc.constant('ema' as const), weight: fc.double({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('twema' as const), weight: fc.double({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('gaussian' as const), sigma: fc.double({ min: 0, max: 1e4 }) }),
      fc.record({
        kind: fc.constant('running-average' as const),
        window: fc.integer({ min: 1, max: 80 })
      })
    );
    fc.assert(
      fc.property(series, smoothing, ({ x, y }, sm) => {
        const s = smoothSeries(x, y, sm);
        const lo = Math.min(...y);
        const hi = Math.max(...y);
        const slack = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
        for (const v of s) {
          if (!Number.isFinite(v)) return false;
          if (v < lo - slack || v > hi + slack) return false;
        }
        return true;
      })
    );
  });
});

describe('slider specs and labels', () => {
  it('lists every kind once with a default inside its range', () => {
    expect(SMOOTHING_KINDS.map((k) => k.kind)).toEqual([
      'none',
      'ema',
      'twema',
      'gaussian',
      'running-average'
    ]);
    for (const spec of SMOOTHING_KINDS) {
      const r = smoothingSlider(spec, 50_000);
      expect(r.default).toBeGreaterThanOrEqual(r.min);
      expect(r.default).toBeLessThanOrEqual(r.max);
    }
  });

  it('scales the Gaussian sigma to the chart span on a 1-2-5 step', () => {
    const gaussian = SMOOTHING_KINDS.find((k) => k.kind === 'gaussian')!;
    expect(smoothingSlider(gaussian, 10_000)).toEqual({ min: 0, max: 500, step: 5, default: 50 });
    expect(smoothingSlider(gaussian, 300)).toEqual({ min: 0, max: 20, step: 0.2, default: 2 });
    const ema = SMOOTHING_KINDS.find((k) => k.kind === 'ema')!;
    expect(smoothingSlider(ema, 10_000)).toMatchObject({ min: 0, max: 0.999, default: 0.6 });
  });

  it('describes each smoothing briefly', () => {
    expect(describeSmoothing({ kind: 'none' })).toBe('No smoothing');
    expect(describeSmoothing(makeSmoothing('ema', 0.6))).toBe('EMA 0.6');
    expect(describeSmoothing(makeSmoothing('twema', 0.95))).toBe('TWEMA 0.95');
    expect(describeSmoothing(makeSmoothing('gaussian', 1 / 3))).toBe('Gaussian σ 0.3333');
    expect(describeSmoothing(makeSmoothing('running-average', 10))).toBe('Running average 10');
  });
});
