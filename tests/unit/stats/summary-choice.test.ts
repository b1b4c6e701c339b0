import { describe, expect, it } from 'vitest';
import { DEFAULT_LAST_K, summarizeLine } from '../../../src/lib/stats/summary-choice';

const line = {
  x: new Float64Array([0, 10, 20, 30, 40]),
  y: new Float64Array([0.9, 0.5, 0.7, 0.5, 0.6])
};

describe('summarizeLine', () => {
  it("'last' takes the final point", () => {
    expect(summarizeLine(line, 'last', 'lower')).toEqual({ value: 0.6, x: 40 });
  });

  it("'best' follows the direction and breaks ties towards the earliest step", () => {
    // 0.5 occurs at steps 10 and 30: early stopping would have kept step 10.
    expect(summarizeLine(line, 'best', 'lower')).toEqual({ value: 0.5, x: 10 });
    expect(summarizeLine(line, 'best', 'higher')).toEqual({ value: 0.9, x: 0 });
  });

  it("'mean-last-k' averages the last k points and reports the last step", () => {
    const two = summarizeLine(line, 'mean-last-k', 'lower', 2)!;
    expect(two.value).toBeCloseTo((0.5 + 0.6) / 2, 12);
    expect(two.x).toBe(40);
    // k larger than the line: the mean of all five points, 3.2 / 5.
    expect(summarizeLine(line, 'mean-last-k', 'lower', 50)!.value).toBeCloseTo(0.64, 12);
    // k below 1 is treated as 1, and fractional k is floored.
    expect(summarizeLine(line, 'mean-last-k', 'lower', 0)!.value).toBe(0.6);
    expect(summarizeLine(line, 'mean-last-k', 'lower', 2.9)!.value).toBeCloseTo(0.55, 12);
  });

  it(`'mean-last-k' defaults to k = ${DEFAULT_LAST_K}`, () => {
    const y = Float64Array.from({ length: 30 }, (_, i) => i);
    const x = Float64Array.from(y);
    // Mean of 20 … 29 is 24.5; of all 30 points it would be 14.5.
    expect(summarizeLine({ x, y }, 'mean-last-k', 'higher')!.value).toBe(24.5);
  });

  it('returns null for an empty line', () => {
    const empty = { x: new Float64Array(0), y: new Float64Array(0) };
    for (const kind of ['last', 'best', 'mean-last-k'] as const) {
      expect(summarizeLine(empty, kind, 'higher')).toBeNull();
    }
  });
});
