import { describe, expect, it } from 'vitest';
import { pointsNote } from '$lib/charts/points-note';

const counts = { points: 320, notDrawn: 0, nan: 0, posInf: 0, negInf: 0 };

describe("the run page chart's note", () => {
  it('never says "all" of a sampled overview, and says every point is on its way', () => {
    expect(pointsNote({ ...counts, sampled: true })).toBe(
      "sampled: 320 points of MLflow's overview — loading every point"
    );
  });

  it('says all once the history is whole', () => {
    expect(pointsNote(counts)).toBe('all 320 points');
  });
});
