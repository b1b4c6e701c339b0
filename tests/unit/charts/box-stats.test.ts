import { describe, expect, it } from 'vitest';
import { boxStats } from '../../../src/lib/charts/hyper/box-stats';
import { quantileSorted } from '../../../src/lib/stats/describe';

describe('quantiles', () => {
  it('interpolates linearly like numpy.quantile', () => {
    // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) == [1.75, 2.5, 3.25]
    const xs = [1, 2, 3, 4];
    expect([0.25, 0.5, 0.75].map((p) => quantileSorted(xs, p))).toEqual([1.75, 2.5, 3.25]);
    expect(quantileSorted([7], 0.9)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('boxStats', () => {
  it('computes quartiles, mean, Tukey whiskers and outliers', () => {
    // Sorted: 1 2 3 4 5 6 7 8 100. q1 = x[2] = 3, median = 5, q3 = x[6] = 7, IQR 4:
    // fences -3 and 13, so 100 is an outlier and the upper whisker stops at 8.
    const stats = boxStats(Float64Array.from([5, 3, 100, 1, 8, 2, 7, 4, 6]));
    expect(stats).not.toBeNull();
    expect(stats).toMatchObject({ n: 9, q1: 3, median: 5, q3: 7, whiskerLo: 1, whiskerHi: 8 });
    expect(stats?.mean).toBeCloseTo(136 / 9, 12);
    expect([...(stats?.outliers ?? [])]).toEqual([100]);
  });

  it('interpolates quartiles between values', () => {
    // numpy.quantile([10, 20, 30, 40, 50, 60], [0.25, 0.5, 0.75]) == [22.5, 35, 47.5]
    const stats = boxStats([60, 10, 40, 20, 50, 30]);
    expect(stats).toMatchObject({ q1: 22.5, median: 35, q3: 47.5, whiskerLo: 10, whiskerHi: 60 });
    expect(stats?.outliers.length).toBe(0);
  });

  it('skips missing values, and non-positive ones for a log axis', () => {
    expect(boxStats([NaN, 2, Infinity, 4])).toMatchObject({ n: 2, median: 3 });
    expect(boxStats([-1, 0, 10, 1000], true)).toMatchObject({ n: 2, min: 10, max: 1000 });
    expect(boxStats([NaN])).toBeNull();
  });
});
