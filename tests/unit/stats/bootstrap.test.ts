import { describe, expect, it } from 'vitest';
import { bootstrapDifferenceCi } from '../../../src/lib/stats/bootstrap';
import { seededRandom } from '../../../src/lib/stats/random';
import { welchTTest } from '../../../src/lib/stats/welch';

/** n draws from N(mean, sd²) by Box–Muller over a seeded generator. */
function normalSample(n: number, mean: number, sd: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - random(); // (0, 1], so the log is finite
    out[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  }
  return out;
}

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const fromA = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(fromA);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(fromA);
    expect(fromA.every((v) => v >= 0 && v < 1)).toBe(true);
    // A gross bias check: the mean of 1000 uniforms is 0.5 ± 0.009 (one sd).
    expect(fromA.reduce((s, v) => s + v, 0) / 1000).toBeCloseTo(0.5, 1);
  });
});

describe('bootstrapDifferenceCi', () => {
  const a = normalSample(30, 10, 1, 1);
  const b = normalSample(30, 0, 1, 2);

  it('is deterministic for a seed (and without one)', () => {
    const first = bootstrapDifferenceCi(a, b, 'mean', { seed: 7, resamples: 2000 });
    expect(bootstrapDifferenceCi(a, b, 'mean', { seed: 7, resamples: 2000 })).toEqual(first);
    expect(bootstrapDifferenceCi(a, b, 'mean', { seed: 8, resamples: 2000 })!.lo).not.toBe(
      first!.lo
    );
    expect(bootstrapDifferenceCi(a, b, 'median')).toEqual(bootstrapDifferenceCi(a, b, 'median'));
  });

  it('excludes 0 and contains the shift for a large known shift', () => {
    for (const statistic of ['mean', 'median'] as const) {
      const r = bootstrapDifferenceCi(a, b, statistic)!;
      expect(r).toMatchObject({ confidence: 0.95, resamples: 10000 });
      expect(r.lo).toBeGreaterThan(0);
      expect(r.lo).toBeLessThan(10);
      expect(r.hi).toBeGreaterThan(10);
      expect(r.lo).toBeLessThanOrEqual(r.estimate);
      expect(r.hi).toBeGreaterThanOrEqual(r.estimate);
    }
  });

  it('contains 0 for identical samples', () => {
    const r = bootstrapDifferenceCi(a, a, 'mean')!;
    expect(r.estimate).toBe(0);
    expect(r.lo).toBeLessThan(0);
    expect(r.hi).toBeGreaterThan(0);
  });

  it('narrows as the groups grow', () => {
    const width = (n: number) => {
      const r = bootstrapDifferenceCi(normalSample(n, 1, 1, 3), normalSample(n, 0, 1, 4), 'mean')!;
      return r.hi - r.lo;
    };
    // Width shrinks like 1/√n: 200 vs 10 points should be about √20 ≈ 4.5 times narrower.
    expect(width(200)).toBeLessThan(width(10) / 2.5);
  });

  it('roughly matches the Welch interval for the mean on normal data', () => {
    const x = normalSample(60, 5, 2, 5);
    const y = normalSample(60, 4, 1, 6);
    const boot = bootstrapDifferenceCi(x, y, 'mean')!;
    const welch = welchTTest(x, y)!;
    expect(boot.estimate).toBeCloseTo(welch.meanDiff, 12);
    const welchWidth = welch.ci95[1] - welch.ci95[0];
    // The percentile interval uses no t correction and the plug-in variance, so it runs a few
    // percent narrower than Welch's; anything beyond ±15 % would mean a bug.
    expect((boot.hi - boot.lo) / welchWidth).toBeGreaterThan(0.85);
    expect((boot.hi - boot.lo) / welchWidth).toBeLessThan(1.1);
    expect(Math.abs(boot.lo - welch.ci95[0])).toBeLessThan(0.15 * welchWidth);
    expect(Math.abs(boot.hi - welch.ci95[1])).toBeLessThan(0.15 * welchWidth);
  });

  it('keeps median differences inside what resampling can produce', () => {
    // Any resampled median of A lies in [10, 14] and of B in [0, 4], so every difference lies in
    // [6, 14]; the observed medians are 12 and 2.
    const r = bootstrapDifferenceCi([10, 11, 12, 13, 14], [0, 1, 2, 3, 4], 'median')!;
    expect(r.estimate).toBe(10);
    expect(r.lo).toBeGreaterThanOrEqual(6);
    expect(r.hi).toBeLessThanOrEqual(14);
    expect(r.lo).toBeLessThan(10);
    expect(r.hi).toBeGreaterThan(10);
  });

  it('gives a narrower interval for a lower confidence', () => {
    const wide = bootstrapDifferenceCi(a, b, 'mean', { confidence: 0.95 })!;
    const narrow = bootstrapDifferenceCi(a, b, 'mean', { confidence: 0.5 })!;
    expect(narrow.hi - narrow.lo).toBeLessThan((wide.hi - wide.lo) / 2);
  });

  it('ignores non-finite values, needs two per side, and rejects bad options', () => {
    expect(bootstrapDifferenceCi([1, NaN], [1, 2], 'mean')).toBeNull();
    expect(bootstrapDifferenceCi([1, 2, Infinity], [3, 4], 'mean')!.estimate).toBe(-2);
    expect(() => bootstrapDifferenceCi(a, b, 'mean', { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapDifferenceCi(a, b, 'mean', { resamples: 0 })).toThrow(RangeError);
  });
});
