/**
 * Which metrics a comparison charts when the person has not picked: every one, the model's
 * results first, then schedules (`lr`) and bookkeeping (epochs, runtimes), then system metrics
 * (`system/…`). Within each, those most runs share first: a metric that one run of ten recorded
 * says little about the comparison; one that every run recorded is what people came to see.
 * Among metrics recorded by as many runs, the target metric leads, then name order.
 *
 * Picks belong to the runs they were made for: a signature of the run keys is stored beside
 * them, so picks made on one comparison do not thin out the next one.
 */
import { isSystemMetric } from '../model/system-metrics';
import { bandMetricKeys } from './metric-bands';
import { metricRole, type MetricRole } from './target-metric';

const ROLE_ORDER: Record<MetricRole, number> = { result: 0, schedule: 1, bookkeeping: 2 };

/**
 * Every metric, ordered for charting. `runCounts[i]` is how many runs recorded `metricKeys[i]`;
 * `metricKeys` comes in name order, which ties keep. A metric's band (`loss__min`, `loss__max`,
 * see metric-bands.ts) is drawn on that metric's chart, so it gets none of its own.
 */
export function defaultChartOrder(
  metricKeys: readonly string[],
  runCounts: readonly number[],
  target: string | null
): string[] {
  const bands = bandMetricKeys(metricKeys);
  return metricKeys
    .map((key, i) => ({ key, i, runs: runCounts[i] ?? 0, role: ROLE_ORDER[metricRole(key)] }))
    .filter((m) => !bands.has(m.key))
    .sort(
      (a, b) =>
        // System metrics (`system/…`, the machine's) come after every model metric.
        Number(isSystemMetric(a.key)) - Number(isSystemMetric(b.key)) ||
        // Results before schedules and bookkeeping, however many runs logged them: every YOLO
        // run logs its learning rates, only the detect runs log mAP, and the rates are not
        // what a person compares runs for.
        Number(a.role !== 0) - Number(b.role !== 0) ||
        b.runs - a.runs ||
        Number(b.key === target) - Number(a.key === target) ||
        a.role - b.role ||
        a.i - b.i
    )
    .map((m) => m.key);
}

/**
 * A short signature of a set of runs (order does not matter): FNV-1a over the sorted keys. Two
 * different sets may collide once in four billion; a collision only keeps someone's chart picks.
 */
export function runSetSignature(runKeys: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const key of [...runKeys].sort()) {
    for (let i = 0; i < key.length; i++) {
      hash ^= key.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    // A separator no key holds, so ["ab"] and ["a", "b"] differ.
    hash ^= 0xffff;
    hash = Math.imul(hash, 0x01000193);
  }
  return `${runKeys.length}:${(hash >>> 0).toString(36)}`;
}
