/**
 * A line's band stored as two metrics of the same run: `<metric>__min` and `<metric>__max`. W&B's
 * chart export (importers/wandb-csv/chart.ts) writes a grouped line's band that way, and the
 * comparison draws the pair as a shaded band around `<metric>` instead of as two more charts.
 * Only a complete pair next to its metric counts: a lone `loss__min` is an ordinary metric.
 */

const LOW = '__min';
const HIGH = '__max';

/** The two metrics that hold `metric`'s band, if a run has them. */
export function bandMetricsOf(metric: string): { lo: string; hi: string } {
  return { lo: metric + LOW, hi: metric + HIGH };
}

/** Does a run (or a set of runs) with these metrics have a band around `metric`? */
export function hasBand(metric: string, has: (key: string) => boolean): boolean {
  const { lo, hi } = bandMetricsOf(metric);
  return has(metric) && has(lo) && has(hi);
}

/** The metrics among `keys` that are another metric's band (drawn with it, not charted apart). */
export function bandMetricKeys(keys: readonly string[]): Set<string> {
  const present = new Set(keys);
  const bands = new Set<string>();
  for (const key of keys) {
    const suffix = key.endsWith(LOW) ? LOW : key.endsWith(HIGH) ? HIGH : null;
    if (!suffix || key.length === suffix.length) continue;
    const base = key.slice(0, -suffix.length);
    if (hasBand(base, (k) => present.has(k))) bands.add(key);
  }
  return bands;
}
