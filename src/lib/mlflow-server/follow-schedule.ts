/**
 * When live-follow asks the server again: every `base` ms while requests work, doubling after
 * each failure in a row up to `max` (a server that is down is not hammered), back to `base` after
 * a success. Following ends when the run is no longer RUNNING (or SCHEDULED).
 */
export const FOLLOW_INTERVAL_MS = 5_000;
export const FOLLOW_MAX_INTERVAL_MS = 60_000;

export function followDelay(
  failuresInARow: number,
  base = FOLLOW_INTERVAL_MS,
  max = FOLLOW_MAX_INTERVAL_MS
): number {
  if (failuresInARow <= 0) return base;
  return Math.min(max, base * 2 ** Math.min(failuresInARow, 16));
}

/** Is a run with this status still logging, so worth following? */
export function isLive(status: string): boolean {
  return status === 'RUNNING' || status === 'SCHEDULED';
}
