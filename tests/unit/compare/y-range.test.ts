import { describe, expect, it } from 'vitest';
import { clipNote, clipsTooManyRuns, countClipped, robustYRange } from '$lib/compare/y-range';

describe('the y range of a comparison chart', () => {
  it('fits every value when nothing lies far out', () => {
    expect(robustYRange([Float64Array.from([1, 2, 3, 4, 5, 25])], 'far', false)).toBeNull();
  });

  it('leaves out a value ten spreads beyond the quartiles, fitting the rest tightly', () => {
    expect(robustYRange([Float64Array.from([1, 2, 3, 4, 5, 1e6])], 'far', false)).toEqual([1, 5]);
  });

  it('measures far in decades on a log axis', () => {
    const decay = Float64Array.from({ length: 31 }, (_, i) => 10 ** (-i / 10));
    expect(robustYRange([decay], 'far', true)).toBeNull();
    const [lo, hi] = robustYRange([decay, Float64Array.from([1e40])], 'far', true)!;
    expect(lo).toBeCloseTo(0.001, 9);
    expect(hi).toBeCloseTo(1, 9);
  });

  it('measures spread by the 5th to 95th percentile when the quartiles agree', () => {
    expect(robustYRange([Float64Array.from([2, 2, 2, 2, 2, 9])], 'far', false)).toBeNull();
    expect(robustYRange([Float64Array.from([2, 2, 2, 2, 2, 2])], 'far', false)).toBeNull();
  });

  it('counts clipped points per run and names the runs', () => {
    const counts = countClipped(
      [
        { label: 'a', y: Float64Array.from([1, 2, 50, NaN]) },
        { label: 'b', y: Float64Array.from([1, 2]) },
        { label: 'c', y: Float64Array.from([-9, 60, 70]) }
      ],
      [0, 10],
      false
    );
    expect(counts).toEqual([
      { label: 'a', points: 1 },
      { label: 'c', points: 3 }
    ]);
    expect(clipNote(counts)).toBe('y clipped: 4 points of 2 runs beyond range (c, a)');
    expect(clipNote([{ label: 'sweep-1', points: 1 }])).toBe(
      'y clipped: 1 point of sweep-1 beyond range'
    );
  });
});

describe('when outliers are the comparison itself', () => {
  it('clips one run of any number, but not a good part of the runs', () => {
    expect(clipsTooManyRuns(1, 2)).toBe(false);
    expect(clipsTooManyRuns(2, 10)).toBe(false);
    expect(clipsTooManyRuns(3, 8)).toBe(true);
  });
});
