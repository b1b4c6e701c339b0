/**
 * The comparison's charts in sections by key prefix, as TensorBoard groups its tags and W&B its
 * panels: `train/loss` and `train/acc` under `train/`, `val/…` under `val/`, the machine's
 * `system/…` always last. Sections come in the order of their first chart in the chart order
 * (chart-list.ts), so the target metric's section leads; charts keep that order within one.
 */
import { isSystemMetric } from '../model/system-metrics';

export interface ChartSection {
  /** `train/`, `val/`, `system/`; '' for keys without a prefix. */
  prefix: string;
  keys: string[];
}

/** The prefix a key is grouped under: up to and including its first `/`. */
export function chartPrefix(key: string): string {
  const slash = key.indexOf('/');
  // A leading slash or a key that is only a prefix says nothing about a group.
  return slash > 0 && slash < key.length - 1 ? key.slice(0, slash + 1) : '';
}

export function chartSections(orderedKeys: readonly string[]): ChartSection[] {
  const sections = new Map<string, ChartSection>();
  for (const key of orderedKeys) {
    const prefix = chartPrefix(key);
    let section = sections.get(prefix);
    if (!section) sections.set(prefix, (section = { prefix, keys: [] }));
    section.keys.push(key);
  }
  const all = [...sections.values()];
  return [
    ...all.filter((s) => !isSystemMetric(s.prefix)),
    ...all.filter((s) => isSystemMetric(s.prefix))
  ];
}

/** Keys that hold every word of a search, in any case (`val loss` finds `val/loss`). */
export function matchChartSearch(keys: readonly string[], search: string): string[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...keys];
  return keys.filter((k) => {
    const key = k.toLowerCase();
    return words.every((w) => key.includes(w));
  });
}
