import { describe, expect, it } from 'vitest';
import { STAGE_MAX_FILES, STAGE_SLICE_MS, StagePace } from '../../src/lib/state/stage-pace';

/** The message sizes a pace picks while every file costs `perFile(i)` ms to post. */
function sizes(files: number, perFile: (message: number) => number): number[] {
  const pace = new StagePace();
  const out: number[] = [];
  for (let left = files, i = 0; left > 0; i++) {
    const n = Math.min(pace.batch, left);
    out.push(n);
    pace.sent(n, n * perFile(i));
    left -= n;
  }
  return out;
}

describe('staging picked files without long tasks', () => {
  it('keeps every message within the slice when each file costs 1 ms to post', () => {
    const sent = sizes(1901, () => 1);
    expect(Math.max(...sent) * 1).toBeLessThanOrEqual(STAGE_SLICE_MS);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1901);
  });

  it('grows the messages gradually when files are cheap, and caps them', () => {
    const sent = sizes(1000, () => 0.01);
    expect(sent.slice(0, 3)).toEqual([4, 8, 16]);
    expect(Math.max(...sent)).toBe(STAGE_MAX_FILES);
    expect(sent.filter((n) => n === STAGE_MAX_FILES).length).toBeGreaterThan(50);
  });

  it('stays small after one dear message, so a stall does not make the next one long', () => {
    const sent = sizes(400, (i) => (i === 3 ? 5 : 0.1));
    // After the fourth message cost 5 ms a file, one file per message fits the 10 ms slice.
    expect(sent.slice(4, 8)).toEqual([2, 2, 2, 2]);
  });

  it('still sends one file at a time when a single file costs more than the slice', () => {
    expect(sizes(5, () => 40)).toEqual([4, 1]);
  });
});
