import { describe, expect, it } from 'vitest';
import { followDelay, isLive } from '../../src/lib/mlflow-server/follow-schedule';

describe('live-follow schedule', () => {
  it('polls at the base interval while requests work, backs off on failures, caps the wait', () => {
    expect(followDelay(0, 5000, 60000)).toBe(5000);
    expect([1, 2, 3, 4].map((n) => followDelay(n, 5000, 60000))).toEqual([
      10000, 20000, 40000, 60000
    ]);
    expect(followDelay(100, 5000, 60000)).toBe(60000);
  });
  it('follows only runs that can still log', () => {
    expect(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].filter(isLive)).toEqual([
      'RUNNING',
      'SCHEDULED'
    ]);
  });
});
