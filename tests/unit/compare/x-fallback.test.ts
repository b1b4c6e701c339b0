import { describe, expect, it } from 'vitest';
import type { DrawnXAxis } from '$lib/compare/compare-types';
import { runLine, type RunLine } from '$lib/compare/run-lines';
import { chooseDrawnAxis, isCollapsed, sharedX } from '$lib/compare/x-fallback';

/** A run's loss history: `n` points at the given steps, `secondsApart` between timestamps. */
function history(steps: number[], secondsApart: number, start = 1_700_000_000_000) {
  return {
    key: 'loss',
    steps: Float64Array.from(steps),
    values: Float64Array.from(steps, (_, i) => 1 / (i + 1)),
    timestamps: Float64Array.from(steps, (_, i) => start + i * secondsApart * 1000)
  };
}

/** The lines of the histories against an axis, as the service gives them. */
function linesOf(histories: ReturnType<typeof history>[]) {
  const asked: string[] = [];
  const linesFor = async (axis: DrawnXAxis): Promise<(RunLine | null)[]> => {
    asked.push(axis.kind);
    return histories.map((h) => runLine(h, axis));
  };
  return { asked, linesFor };
}

const zeros = (n: number) => Array.from({ length: n }, () => 0);

describe('the x a chart draws', () => {
  it('keeps the asked x when the points spread along it', async () => {
    const { asked, linesFor } = linesOf([history([0, 1, 2], 1)]);
    const choice = await chooseDrawnAxis({ kind: 'step' }, linesFor);
    expect(choice.axis.kind).toBe('step');
    expect(choice.note).toBeNull();
    expect(asked).toEqual(['step']);
  });

  it('draws runs logged without steps against relative time, and says so', async () => {
    const { linesFor } = linesOf([
      history(zeros(213), 2),
      history(zeros(100), 3, 1_700_001_000_000)
    ]);
    const choice = await chooseDrawnAxis({ kind: 'step' }, linesFor);
    expect(choice.axis.kind).toBe('relative');
    expect(choice.note).toBe('every point is at step 0: drawn against relative time');
    expect(Array.from(choice.lines[0]!.x.subarray(0, 3))).toEqual([0, 2, 4]);
  });

  it('counts the points that share the step when nearly all do', async () => {
    const steps = [...zeros(95), 1, 2, 3, 4, 5];
    const { linesFor } = linesOf([history(steps, 1)]);
    const choice = await chooseDrawnAxis({ kind: 'step' }, linesFor);
    expect(choice.note).toBe('95 of 100 points are at step 0: drawn against relative time');
  });

  it('falls back to the logging order when steps and times both pile up', async () => {
    const { linesFor } = linesOf([history(zeros(50), 0)]);
    const choice = await chooseDrawnAxis({ kind: 'step' }, linesFor);
    expect(choice.axis.kind).toBe('order');
    expect(choice.note).toBe('every point is at step 0 and at one time: drawn in logging order');
    expect(Array.from(choice.lines[0]!.x.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('leaves one point per run at a shared step alone: a dot per run is what there is', async () => {
    const { linesFor } = linesOf([history([100], 1), history([100], 1), history([100], 1)]);
    const choice = await chooseDrawnAxis({ kind: 'step' }, linesFor);
    expect(choice.axis.kind).toBe('step');
    expect(choice.note).toBeNull();
  });

  it('measures hidden points per run and the majority x', () => {
    const lines = [history(zeros(9), 1), history([5], 1)].map((h) => runLine(h, { kind: 'step' }));
    const shared = sharedX(lines);
    expect(shared).toEqual({ total: 10, hidden: 8, value: 0, count: 9 });
    expect(isCollapsed(shared)).toBe(false);
    expect(isCollapsed(sharedX([runLine(history(zeros(20), 1), { kind: 'step' })]))).toBe(true);
    expect(isCollapsed(sharedX([runLine(history([0], 1), { kind: 'step' })]))).toBe(false);
  });
});
