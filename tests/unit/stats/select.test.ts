// Quantiles by selection give exactly what sorting and quantileSorted give, on any values,
// including sorted, reversed and all-equal input (the shapes that make a naive quickselect slow).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../../src/lib/stats/describe';
import { quantilesInPlace, selectInPlace } from '../../../src/lib/stats/select';

const PS = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];

function bySort(values: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return PS.map((p) => quantileSorted(sorted, p));
}

describe('quantiles by selection', () => {
  it('equal the sorted quantiles for any finite values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 300
        }),
        (values) => {
          // -0 and 0 are one value to a reader; a sort orders them, a selection need not.
          const plain = (xs: ArrayLike<number>) => Array.from(xs, (x) => x + 0);
          expect(plain(quantilesInPlace(Float64Array.from(values), PS))).toEqual(
            plain(bySort(values))
          );
        }
      ),
      { numRuns: 500 }
    );
  });

  it('put the k-th smallest at k, smaller before and larger after', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (values, pick) => {
          const a = Float64Array.from(values);
          const k = pick % a.length;
          selectInPlace(a, k);
          const sorted = Float64Array.from(values).sort();
          expect(a[k]).toBe(sorted[k]);
          for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]!);
          for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]!);
        }
      ),
      { numRuns: 500 }
    );
  });

  it('handle sorted, reversed and flat lines of 200,000 values', () => {
    const n = 200_000;
    const up = Array.from({ length: n }, (_, i) => i);
    for (const values of [up, [...up].reverse(), new Array<number>(n).fill(0.5)]) {
      expect(quantilesInPlace(Float64Array.from(values), PS)).toEqual(bySort(values));
    }
  });

  it('answer NaN for no values', () => {
    expect(quantilesInPlace(new Float64Array(0), [0.5])).toEqual([NaN]);
  });
});
