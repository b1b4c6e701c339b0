import { describe, expect, it } from 'vitest';
import { welchTTest } from '../../../src/lib/stats/welch';

// Wikipedia, "Welch's t-test", worked examples. Example 1 prints t = −2.46, df ≈ 24.99 (24.9885,
// sometimes quoted truncated as 24.9), p = 0.021. The printed figures are rounded, so the digits
// checked below were recomputed by hand (comments) and with scipy 1.17.1 on 2026-11-22.
const A1 = [
  27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4
];
const A2 = [
  27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4
];

describe('welchTTest', () => {
  it('reproduces Wikipedia example 1 (equal sizes, unequal variances)', () => {
    // By hand: ΣA1 = 312.3, ΣA2 = 344.8, so the means are 20.82 and 22.98667 and the difference
    // is −2.16667. Sums of squared deviations 110.144 and 53.37733 give variances 7.867429 and
    // 3.812667; s²/n = 0.524495 and 0.254178, se² = 0.778673, se = 0.882425, t = −2.45536.
    // df = 0.778673² / (0.524495²/14 + 0.254178²/14) = 0.6063317 / (0.0196497 + 0.0046147)
    // = 24.9885. scipy.stats.ttest_ind(equal_var=False), the test R's t.test(a, b) runs by
    // default: p = 0.021378, 95 % interval (−3.984096, −0.349237).
    const r = welchTTest(A1, A2)!;
    expect(r).toMatchObject({ nA: 15, nB: 15 });
    expect(r.meanA).toBeCloseTo(20.82, 10);
    expect(r.meanB).toBeCloseTo(22.986667, 6);
    expect(r.meanDiff).toBeCloseTo(-2.166667, 6);
    expect(r.se).toBeCloseTo(0.882425, 6);
    expect(r.t).toBeCloseTo(-2.455356, 6);
    expect(r.df).toBeCloseTo(24.988529, 6);
    expect(r.p).toBeCloseTo(0.021378, 6);
    expect(r.ci95[0]).toBeCloseTo(-3.984096, 6);
    expect(r.ci95[1]).toBeCloseTo(-0.349237, 6);
  });

  it('reproduces Wikipedia example 2 (unequal sizes)', () => {
    // Printed: t = −1.57, df = 9.90, p = 0.149; scipy gives the digits checked here.
    const a = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
    const b = [
      21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6,
      21.5, 22.5, 23.5, 21.5, 21.8
    ];
    const r = welchTTest(a, b)!;
    expect(r).toMatchObject({ nA: 10, nB: 20 });
    expect(r.t).toBeCloseTo(-1.565434, 6);
    expect(r.df).toBeCloseTo(9.904741, 6);
    expect(r.p).toBeCloseTo(0.148842, 6);
    expect(r.ci95[0]).toBeCloseTo(-3.698421, 6);
    expect(r.ci95[1]).toBeCloseTo(0.648421, 6);
  });

  it('is antisymmetric in its arguments', () => {
    const ab = welchTTest(A1, A2)!;
    const ba = welchTTest(A2, A1)!;
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
    expect(ba.ci95[0]).toBeCloseTo(-ab.ci95[1], 12);
  });

  it('drops non-finite values and needs two finite values per side', () => {
    const clean = welchTTest([1, 2, 3], [4, 6])!;
    const dirty = welchTTest([1, NaN, 2, Infinity, 3], [4, -Infinity, 6])!;
    expect(dirty).toEqual(clean);
    expect(welchTTest([1, NaN], [1, 2, 3])).toBeNull();
    expect(welchTTest([1, 2], [5])).toBeNull();
  });

  it('uses the other side alone when one side has zero variance', () => {
    // se² = 0 + Var(B)/nB, and the Welch df reduces to nB − 1.
    const r = welchTTest([5, 5, 5], [1, 2, 3, 4])!;
    expect(r.df).toBeCloseTo(3, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(r.t).toBeCloseTo(2.5 / Math.sqrt(5 / 12), 12);
  });

  it('defines the both-constant case instead of returning NaN', () => {
    const differ = welchTTest([2, 2, 2], [1, 1])!;
    expect(differ).toMatchObject({ se: 0, t: Infinity, p: 0, df: 3, ci95: [1, 1] });
    const same = welchTTest([4, 4], [4, 4, 4])!;
    expect(same).toMatchObject({ se: 0, t: 0, p: 1, df: 3, ci95: [0, 0] });
  });

  it('keeps precision for metrics with a large offset', () => {
    const r = welchTTest([1e9 + 1, 1e9 + 2, 1e9 + 3], [1e9 + 4, 1e9 + 5, 1e9 + 6])!;
    // Both variances are 1: se = √(2/3), t = −3/se, df = 4.
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(2 / 3), 6);
    expect(r.df).toBeCloseTo(4, 6);
  });
});
