// Spearman's rho: exact on monotone data, average ranks for ties, NaN pairs skipped.
import { describe, expect, it } from 'vitest';
import { rankWithTies, spearman } from '../../../src/lib/stats/rank-correlation';

describe('rankWithTies', () => {
  it('gives 1-based ranks, averaging over ties', () => {
    expect(Array.from(rankWithTies([10, 20, 20, 30, 20]))).toEqual([1, 3, 3, 5, 3]);
    expect(Array.from(rankWithTies([3, 1, 2]))).toEqual([3, 1, 2]);
    expect(Array.from(rankWithTies([5, 5]))).toEqual([1.5, 1.5]);
  });

  it('ranks infinities as extremes and gives NaN a NaN rank without using a rank', () => {
    const r = rankWithTies([Infinity, NaN, -Infinity, 0, Infinity]);
    expect(Array.from(r)).toEqual([3.5, NaN, 1, 2, 3.5]);
  });

  it('handles empty input', () => {
    expect(rankWithTies([]).length).toBe(0);
  });
});

describe('spearman', () => {
  const xs = [-3, -1.5, 0, 0.2, 1, 2, 7, 11];

  it('is exactly 1 for a monotone nonlinear relation and -1 when reversed', () => {
    expect(
      spearman(
        xs,
        xs.map((x) => x ** 3)
      )
    ).toBe(1);
    expect(
      spearman(
        xs,
        xs.map((x) => -Math.exp(x))
      )
    ).toBe(-1);
  });

  it("matches Wikipedia's IQ vs hours of TV example: -29/165", () => {
    // https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient#Example
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('uses average ranks for ties (hand-computed: 3/sqrt(10))', () => {
    // Ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]; deviations from 2.5 give
    // Sxy = 4.5, Sxx = 4.5, Syy = 5, so rho = 4.5 / sqrt(22.5) = 3 / sqrt(10).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
  });

  it('skips pairs with NaN on either side', () => {
    const x = [1, NaN, 2, 3, 4, 5];
    const y = [2, 100, 1, NaN, 4, 3];
    expect(spearman(x, y)).toBeCloseTo(spearman([1, 2, 4, 5], [2, 1, 4, 3])!, 15);
    expect(spearman([1, 2, 4, 5], [2, 1, 4, 3])).toBeCloseTo(0.6, 12);
  });

  it('is null with fewer than 3 pairs or a constant side', () => {
    expect(spearman([], [])).toBeNull();
    expect(spearman([1, 2], [3, 4])).toBeNull();
    expect(spearman([1, 2, NaN], [3, 4, 5])).toBeNull();
    expect(spearman([1, 1, 1, 1], [1, 2, 3, 4])).toBeNull();
    expect(spearman([1, 2, 3, 4], [7, 7, 7, 7])).toBeNull();
  });

  it('accepts typed arrays', () => {
    expect(spearman(new Float64Array([1, 2, 3]), new Float32Array([3, 2, 1]))).toBe(-1);
  });
});
