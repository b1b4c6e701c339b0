import { describe, expect, it } from 'vitest';
import {
  aggregateLines,
  evaluationGrid,
  type GroupAggregate,
  type SeriesLine
} from '../../../src/lib/stats/group-series';

const line = (x: number[], y: number[]): SeriesLine => ({
  x: new Float64Array(x),
  y: new Float64Array(y)
});

/** One row per grid x, rounded, so a failure reads as a small table. */
function rows(result: GroupAggregate) {
  const r = (v: number) => (Number.isNaN(v) ? NaN : Math.round(v * 1e6) / 1e6);
  return Array.from(result.x, (x, i) => ({
    x,
    n: result.n[i],
    center: r(result.center[i]!),
    lo: r(result.lo[i]!),
    hi: r(result.hi[i]!)
  }));
}

describe('evaluationGrid', () => {
  it('is the sorted union of all x, without repeats, when it fits', () => {
    const lines = [line([0, 1, 1, 2], [0, 0, 0, 0]), line([1, 3], [0, 0]), line([], [])];
    expect(Array.from(evaluationGrid(lines, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(evaluationGrid([line([5, 5, 6], [1, 2, 3])], 10))).toEqual([5, 6]);
  });

  it('is evenly spaced from the smallest first x to the largest last x when it does not fit', () => {
    // Union 0, 5, 10, 15 has 4 values > 3: 0 to 15 in 3 points.
    const lines = [line([0, 10], [0, 100]), line([5, 15], [50, 0])];
    expect(Array.from(evaluationGrid(lines, 3))).toEqual([0, 7.5, 15]);
  });

  it("is one run's steps when every run logged the same ones, and evenly spaced past the limit", () => {
    const same = [0, 1, 1, 2, 5];
    const lines = [line(same, [1, 2, 3, 4, 5]), line(same, [5, 4, 3, 2, 1]), line(same, same)];
    expect(Array.from(evaluationGrid(lines, 10))).toEqual([0, 1, 2, 5]);
    expect(Array.from(evaluationGrid(lines, 3))).toEqual([0, 2.5, 5]);
    // One run with a step more: the union, not the first run's steps.
    const other = [...lines, line([0, 3], [0, 0])];
    expect(Array.from(evaluationGrid(other, 10))).toEqual([0, 1, 2, 3, 5]);
  });

  it('is empty without points and rejects fewer than 2 points', () => {
    expect(evaluationGrid([], 10)).toHaveLength(0);
    expect(evaluationGrid([line([], [])], 10)).toHaveLength(0);
    expect(() => evaluationGrid([line([0], [0])], 1)).toThrow(RangeError);
  });
});

describe('aggregateLines: alignment', () => {
  it('drops a run from n and from the center after its last step', () => {
    const lines = [line([0, 1, 2, 3], [1, 2, 3, 4]), line([0, 1], [3, 6])];
    const result = aggregateLines(lines, evaluationGrid(lines, 100), 'mean', 'none');
    expect(rows(result)).toEqual([
      { x: 0, n: 2, center: 2, lo: 2, hi: 2 },
      { x: 1, n: 2, center: 4, lo: 4, hi: 4 },
      // Only the first run is left: its own values, not an average with a held-over 6.
      { x: 2, n: 1, center: 3, lo: 3, hi: 3 },
      { x: 3, n: 1, center: 4, lo: 4, hi: 4 }
    ]);
  });

  it('interpolates misaligned steps linearly and never extrapolates', () => {
    // A: (0, 0) → (10, 100); B: (5, 50) → (15, 0).
    const lines = [line([0, 10], [0, 100]), line([5, 15], [50, 0])];
    const union = aggregateLines(lines, evaluationGrid(lines, 100), 'mean', 'minmax');
    expect(rows(union)).toEqual([
      { x: 0, n: 1, center: 0, lo: 0, hi: 0 }, // B has not started
      { x: 5, n: 2, center: 50, lo: 50, hi: 50 }, // A halfway: 50; B recorded 50
      { x: 10, n: 2, center: 62.5, lo: 25, hi: 100 }, // B halfway from 50 to 0: 25
      { x: 15, n: 1, center: 0, lo: 0, hi: 0 } // A has stopped
    ]);
    // At 7.5 neither run recorded a value: A = 75, B = 50 − 2.5 · 5 = 37.5, mean 56.25.
    const spaced = aggregateLines(lines, evaluationGrid(lines, 3), 'mean', 'none');
    expect(rows(spaced)[1]).toEqual({ x: 7.5, n: 2, center: 56.25, lo: 56.25, hi: 56.25 });
  });

  it('uses the last record of a repeated step, also as an interpolation neighbour', () => {
    const repeated = line([0, 1, 1, 2], [0, 5, 7, 9]);
    const grid = new Float64Array([0, 0.5, 1, 1.5, 2]);
    // 0.5: between (0, 0) and (1, 7) → 3.5; 1: 7; 1.5: between (1, 7) and (2, 9) → 8.
    expect(Array.from(aggregateLines([repeated], grid, 'mean', 'none').center)).toEqual([
      0, 3.5, 7, 8, 9
    ]);
    // Right neighbour repeated: x = 2 holds 10 then 4, so 1 is halfway from 0 to 4.
    const rightRepeated = line([0, 2, 2], [0, 10, 4]);
    const atOne = aggregateLines([rightRepeated], new Float64Array([1, 2]), 'mean', 'none');
    expect(Array.from(atOne.center)).toEqual([2, 4]);
  });

  it('gives NaN where no run contributes', () => {
    const result = aggregateLines(
      [line([0, 1], [1, 1])],
      new Float64Array([-1, 0, 2]),
      'mean',
      'std'
    );
    expect(Array.from(result.n)).toEqual([0, 1, 0]);
    expect(result.center[0]).toBeNaN();
    expect(result.lo[2]).toBeNaN();
    expect(result.hi[2]).toBeNaN();
  });
});

describe('aggregateLines: center and bands', () => {
  // Three constant runs at 2, 4 and 9: mean 5, deviations −3, −1, 4, so Σd² = 26, variance 13.
  const constant = (v: number) => line([0, 1], [v, v]);
  const three = [constant(2), constant(4), constant(9)];
  const grid = new Float64Array([0]);
  const at0 = (center: 'mean' | 'median', band: 'none' | 'minmax' | 'std' | 'se' | 'ci95') =>
    rows(aggregateLines(three, grid, center, band))[0]!;
  const sd = Math.sqrt(13);
  const se = Math.sqrt(13 / 3);
  const t2 = 4.302653; // t(0.975, 2) from a printed table

  it('computes each band kind around the mean', () => {
    expect(at0('mean', 'none')).toMatchObject({ n: 3, center: 5, lo: 5, hi: 5 });
    expect(at0('mean', 'minmax')).toMatchObject({ center: 5, lo: 2, hi: 9 });
    expect(at0('mean', 'std').lo).toBeCloseTo(5 - sd, 6);
    expect(at0('mean', 'std').hi).toBeCloseTo(5 + sd, 6);
    expect(at0('mean', 'se').lo).toBeCloseTo(5 - se, 6);
    expect(at0('mean', 'ci95').hi).toBeCloseTo(5 + t2 * se, 5);
  });

  it('places std/se/ci95 half-widths around the median when the center is the median', () => {
    expect(at0('median', 'none')).toMatchObject({ center: 4, lo: 4, hi: 4 });
    expect(at0('median', 'minmax')).toMatchObject({ center: 4, lo: 2, hi: 9 });
    expect(at0('median', 'std').lo).toBeCloseTo(4 - sd, 6);
    expect(at0('median', 'std').hi).toBeCloseTo(4 + sd, 6);
    expect(at0('median', 'ci95').lo).toBeCloseTo(4 - t2 * se, 5);
  });

  it('takes the median of odd and even counts', () => {
    // x = 0: runs at 5, 1, 3 → 3. x = 1: the single-point run has ended; 5 and 2 → 3.5.
    const lines = [line([0, 1], [5, 5]), line([0, 1], [1, 2]), line([0], [3])];
    const result = aggregateLines(lines, new Float64Array([0, 1]), 'median', 'none');
    expect(Array.from(result.n)).toEqual([3, 2]);
    expect(Array.from(result.center)).toEqual([3, 3.5]);
  });

  it('takes the median a sort would, for many runs with repeated values', () => {
    // 40 runs at x = 0 (even) and 39 at x = 1 (odd: the last run has ended), values from a
    // small set so many repeat; the median is checked against sorting each column.
    const values = Array.from({ length: 40 }, (_, i) => ((i * 7919) % 13) - 6);
    const lines = values.map((v, i) => line(i === 39 ? [0] : [0, 1], i === 39 ? [v] : [v, -v]));
    const result = aggregateLines(lines, new Float64Array([0, 1]), 'median', 'none');
    const sortedMedian = (column: number[]) => {
      const s = [...column].sort((a, b) => a - b);
      const mid = s.length >> 1;
      return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
    };
    expect(Array.from(result.center)).toEqual([
      sortedMedian(values),
      sortedMedian(values.slice(0, 39).map((v) => -v))
    ]);
  });

  it('uses t with n − 1 degrees of freedom for ci95', () => {
    // Two runs at 1 and 3: sd = √2, se = 1, so the half-width is t(0.975, 1) = 12.706 itself,
    // not 1.96 (normal) nor t(0.975, 2) = 4.303.
    const result = aggregateLines([constant(1), constant(3)], grid, 'mean', 'ci95');
    expect(result.hi[0]! - result.center[0]!).toBeCloseTo(12.706, 3);
  });

  it('collapses std, se and ci95 to the center where fewer than 2 runs contribute', () => {
    const lines = [line([0, 1], [1, 1]), line([0], [3])];
    for (const band of ['std', 'se', 'ci95'] as const) {
      const result = aggregateLines(lines, new Float64Array([0, 1]), 'mean', band);
      expect(result.lo[1]).toBe(1);
      expect(result.hi[1]).toBe(1);
      expect(result.lo[0]).toBeLessThan(2);
    }
  });

  it('keeps the spread of metrics with a large offset', () => {
    const offset = [constant(1e9 + 1), constant(1e9 + 2), constant(1e9 + 3)];
    const result = aggregateLines(offset, grid, 'mean', 'std');
    expect(result.hi[0]! - result.center[0]!).toBeCloseTo(1, 6);
  });

  it('returns a copy of the grid', () => {
    const result = aggregateLines(three, grid, 'mean', 'none');
    expect(result.x).not.toBe(grid);
    expect(Array.from(result.x)).toEqual([0]);
  });
});
