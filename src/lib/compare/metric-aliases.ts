/**
 * Metric aliases: names that different tools give one measure (`val_loss` in Keras and
 * Lightning, `eval_loss` in Hugging Face, `validation/loss` in TensorBoard's Keras callback), so
 * runs from different tools share a chart. The person keeps a list of groups (saved per library,
 * see state/metric-aliases.svelte.ts); the comparison reads every run's metric under its group's
 * name (see aliased-source.ts). Groups are suggested, never applied unasked: `loss` alone may be a
 * training loss or not.
 */
import { isJsonObject } from '../model/json';

export interface AliasGroup {
  /** The name the comparison shows. */
  name: string;
  /** Every key read under that name, the name itself included; two or more. */
  keys: string[];
}

/** Longest list kept: a saved list is hostile input like any other. */
const MAX_GROUPS = 500;
const MAX_KEYS = 50;

/** Saved groups, each checked; anything malformed is left out. */
export function parseAliasGroups(saved: unknown): AliasGroup[] {
  if (!Array.isArray(saved)) return [];
  const groups: AliasGroup[] = [];
  for (const g of saved.slice(0, MAX_GROUPS)) {
    if (!isJsonObject(g) || typeof g.name !== 'string' || !Array.isArray(g.keys)) continue;
    const keys = [...new Set(g.keys.filter((k): k is string => typeof k === 'string'))];
    if (!keys.includes(g.name)) keys.unshift(g.name);
    if (keys.length >= 2) groups.push({ name: g.name, keys: keys.slice(0, MAX_KEYS) });
  }
  return groups;
}

/** Key → the group name it is read under (a key in several groups goes to the first). */
export function aliasTable(groups: readonly AliasGroup[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const g of groups) for (const k of g.keys) if (!table.has(k)) table.set(k, g.name);
  return table;
}

/**
 * A run's metric keys under their group names: canonical name → the key the run recorded.
 * When a run recorded two keys of one group, the one listed first in the group is read and the
 * other keeps its own name, so no history is hidden.
 */
export function renameRunMetrics(
  runKeys: Iterable<string>,
  groups: readonly AliasGroup[],
  table: ReadonlyMap<string, string>
): Map<string, string> {
  const own = new Set(runKeys);
  const renamed = new Map<string, string>();
  const taken = new Set<string>();
  for (const g of groups) {
    const first = g.keys.find((k) => own.has(k) && table.get(k) === g.name);
    if (first === undefined || renamed.has(g.name)) continue;
    renamed.set(g.name, first);
    taken.add(first);
  }
  for (const key of own) {
    if (taken.has(key)) continue;
    // A key that is also some group's name keeps the group's reading; this one keeps its own.
    if (!renamed.has(key)) renamed.set(key, key);
  }
  return renamed;
}

const HELD_OUT = /^(val|valid|validation|eval|evaluation|dev)$/;
const TRAINING = /^(train|training|trn)$/;
/** Words that say when a value was logged, not what it measures (Lightning's `_epoch`, `_step`). */
const WHEN = /^(epoch|step)$/;
/** Spellings of one word (a Map: keys come from files, and `constructor` is a fine metric). */
const SYNONYMS = new Map([
  ['acc', 'accuracy'],
  ['learning', 'lr'],
  ['rate', '']
]);

/** What a key measures, as an order-free set of words: `eval_loss` and `loss/val` agree. */
export function measureOf(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && w !== 'metrics')
    .map((w) => (HELD_OUT.test(w) ? 'val' : TRAINING.test(w) ? 'train' : (SYNONYMS.get(w) ?? w)))
    .filter(Boolean);
  const measures = words.filter((w) => !WHEN.test(w));
  return [...new Set(measures.length > 0 ? measures : words)].sort().join(' ');
}

/**
 * Groups worth suggesting among the runs in view: keys that measure the same thing and that no
 * run recorded together (a run with both `val_loss` and `eval_loss` means two things by them).
 * The group's name is the key most runs recorded.
 */
export function suggestAliasGroups(
  runMetricKeys: readonly (readonly string[])[],
  existing: readonly AliasGroup[]
): AliasGroup[] {
  const grouped = new Set(existing.flatMap((g) => g.keys));
  const runsOf = new Map<string, number>();
  const byMeasure = new Map<string, Set<string>>();
  for (const keys of runMetricKeys) {
    for (const key of keys) {
      if (grouped.has(key)) continue;
      runsOf.set(key, (runsOf.get(key) ?? 0) + 1);
      const measure = measureOf(key);
      let set = byMeasure.get(measure);
      if (!set) byMeasure.set(measure, (set = new Set()));
      set.add(key);
    }
  }
  const suggestions: AliasGroup[] = [];
  for (const keys of byMeasure.values()) {
    if (keys.size < 2) continue;
    const together = runMetricKeys.some((run) => run.filter((k) => keys.has(k)).length > 1);
    if (together) continue;
    const ordered = [...keys].sort(
      (a, b) => (runsOf.get(b) ?? 0) - (runsOf.get(a) ?? 0) || a.localeCompare(b)
    );
    suggestions.push({ name: ordered[0]!, keys: ordered });
  }
  return suggestions.sort((a, b) => a.name.localeCompare(b.name));
}
