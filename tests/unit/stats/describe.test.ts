import { describe as group, expect, it } from 'vitest';
import { describe, quantileSorted } from '../../../src/lib/stats/describe';

group('quantileSorted (numpy default / R type 7)', () => {
  const sorted = [1, 1, 2, 3, 4, 5, 6, 9];

  it('interpolates between order statistics at h = (n − 1) p', () => {
    // h = 7 · 0.25 = 1.75 → 1 + 0.75 · (2 − 1); h = 3.5 → 3 + 0.5 · (4 − 3); h = 5.25 → 5.25.
    expect(quantileSorted(sorted, 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted(sorted, 0.5)).toBeCloseTo(3.5, 12);
    expect(quantileSorted(sorted, 0.75)).toBeCloseTo(5.25, 12);
    // h = 7 · 0.9 = 6.3 → 6 + 0.3 · (9 − 6) = 6.9
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(6.9, 12);
  });

  it('returns the extremes at 0 and 1, and NaN when empty or out of range', () => {
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 1)).toBe(9);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantileSorted(sorted, 1.1)).toBeNaN();
    expect(quantileSorted(sorted, NaN)).toBeNaN();
  });
});

group('describe', () => {
  it('summarizes a small sample as numpy would', () => {
    // Sorted: 1 1 2 3 4 5 6 9, mean 31/8 = 3.875. Squared deviations: 2 · 2.875² + 1.875² +
    // 0.875² + 0.125² + 1.125² + 2.125² + 5.125² = 52.875, so the sample variance is 52.875 / 7.
    const d = describe([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(d.n).toBe(8);
    expect(d.mean).toBeCloseTo(3.875, 12);
    expect(d.std).toBeCloseTo(Math.sqrt(52.875 / 7), 12);
    expect(d).toMatchObject({ min: 1, max: 9 });
    expect(d.median).toBeCloseTo(3.5, 12);
    expect(d.q1).toBeCloseTo(1.75, 12);
    expect(d.q3).toBeCloseTo(5.25, 12);
  });

  it('ignores NaN and ±Infinity', () => {
    const d = describe([NaN, 2, Infinity, 4, -Infinity]);
    expect(d.n).toBe(2);
    expect(d.mean).toBe(3);
    expect(d.std).toBeCloseTo(Math.SQRT2, 12);
    expect(d.median).toBe(3);
  });

  it('gives NaNs for no values and a NaN std for one value', () => {
    const empty = describe([NaN]);
    expect(empty.n).toBe(0);
    for (const v of [empty.mean, empty.std, empty.min, empty.max, empty.median]) {
      expect(v).toBeNaN();
    }
    const single = describe(new Float64Array([5]));
    expect(single).toMatchObject({ n: 1, mean: 5, min: 5, max: 5, median: 5, q1: 5, q3: 5 });
    expect(single.std).toBeNaN();
  });

  it('keeps the spread of values with a large offset', () => {
    // Naive Σx² − n·mean² would lose every digit here.
    expect(describe([1e9 + 1, 1e9 + 2, 1e9 + 3]).std).toBeCloseTo(1, 9);
  });
});
