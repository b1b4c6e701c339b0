/**
 * Experiments that share a name in one list (every MLflow store has a "Default"; two stores dropped
 * together give two) need something beside the name to tell them apart. This picks it: the store
 * an id is scoped to (`week-02/backend.db#0` → `backend.db`), or the id itself.
 */
interface NamedExperiment {
  key: string;
  id: string;
  name: string;
}

/** The shortest tail of a `/`-separated path that tells it from the others. */
function shortestDistinctTails(paths: string[]): string[] {
  const parts = paths.map((p) => p.split('/'));
  return parts.map((own, i) => {
    for (let take = 1; take <= own.length; take++) {
      const tail = own.slice(-take).join('/');
      const clash = parts.some((other, j) => j !== i && other.slice(-take).join('/') === tail);
      if (!clash) return tail;
    }
    return own.join('/');
  });
}

/** Experiment key → what to show beside its name, for experiments whose names repeat. */
export function experimentNameHints(experiments: readonly NamedExperiment[]): Map<string, string> {
  const byName = new Map<string, NamedExperiment[]>();
  for (const e of experiments) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const hints = new Map<string, string>();
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    const stores = same.map((e) =>
      e.id.includes('#') ? e.id.slice(0, e.id.lastIndexOf('#')) : ''
    );
    const scoped = stores.every((s) => s !== '') && new Set(stores).size === same.length;
    const labels = scoped ? shortestDistinctTails(stores) : same.map((e) => `id ${e.id}`);
    same.forEach((e, i) => hints.set(e.key, labels[i]!));
  }
  return hints;
}
