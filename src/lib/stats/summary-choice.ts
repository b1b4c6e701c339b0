/**
 * Reduces one run's metric history to one number, so that runs can be compared with the tests in
 * welch.ts and bootstrap.ts. Which number is a modelling choice the UI offers: the final value,
 * the best value reached (what early stopping would keep), or the mean of the last k points (less
 * sensitive to the noise of the final evaluation).
 */

/** A metric history: x ascending (duplicates allowed), finite values only. */
export interface SeriesLine {
  x: Float64Array;
  y: Float64Array;
}

/** How a run's history becomes one number. */
export type RunSummaryKind = 'last' | 'best' | 'mean-last-k';

/** k used by 'mean-last-k' when the caller gives none. */
export const DEFAULT_LAST_K = 10;

/**
 * The summary value of a line and the step it belongs to; null for an empty line.
 *
 * - 'last': the last point (for a step recorded several times, its last record).
 * - 'best': the highest or lowest value per `direction`; ties go to the earliest step, the point
 *   early stopping would have kept.
 * - 'mean-last-k': the mean of the last k points (all of them when k exceeds the length), with x
 *   the last step. k is floored and at least 1; it defaults to DEFAULT_LAST_K.
 */
export function summarizeLine(
  line: SeriesLine,
  kind: RunSummaryKind,
  direction: 'higher' | 'lower',
  k?: number
): { value: number; x: number } | null {
  const { x, y } = line;
  const n = Math.min(x.length, y.length);
  if (n === 0) return null;
  switch (kind) {
    case 'last':
      return { value: y[n - 1]!, x: x[n - 1]! };
    case 'best': {
      let best = 0;
      for (let i = 1; i < n; i++) {
        const v = y[i]!;
        if (direction === 'higher' ? v > y[best]! : v < y[best]!) best = i;
      }
      return { value: y[best]!, x: x[best]! };
    }
    case 'mean-last-k': {
      const requested = k === undefined || Number.isNaN(k) ? DEFAULT_LAST_K : Math.floor(k);
      const count = Math.min(n, Math.max(1, requested));
      let sum = 0;
      for (let i = n - count; i < n; i++) sum += y[i]!;
      return { value: sum / count, x: x[n - 1]! };
    }
  }
}
