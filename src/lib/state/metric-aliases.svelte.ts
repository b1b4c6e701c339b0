/**
 * The person's metric aliases (../compare/metric-aliases.ts), kept in this browser's storage so
 * every comparison reads runs from different tools the same way. Each change goes to the worker
 * before the next comparison request; `generation` tells the page to ask again.
 */
import { parseAliasGroups, type AliasGroup } from '../compare/metric-aliases';
import { runlensWorker } from '../worker/client';

import { METRIC_ALIASES_KEY as STORAGE_KEY } from './storage-keys';

class MetricAliasesState {
  #groups = $state.raw<AliasGroup[]>([]);
  /** Bumped on every change, after the worker has the new list. */
  generation = $state(0);
  #loaded = false;

  get groups(): AliasGroup[] {
    return this.#groups;
  }

  /** Reads the saved list once and hands it to the worker (before any comparison request). */
  load(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    try {
      this.#groups = parseAliasGroups(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]'));
    } catch {
      this.#groups = [];
    }
    void runlensWorker().compareSetAliases(this.#groups);
  }

  /** Adds a group, folding it into an existing group that shares a key. */
  merge(group: AliasGroup): void {
    const overlapping = this.#groups.filter((g) => g.keys.some((k) => group.keys.includes(k)));
    const keys = [...new Set([...overlapping.flatMap((g) => g.keys), ...group.keys])];
    const name = overlapping[0]?.name ?? group.name;
    void this.#set([
      ...this.#groups.filter((g) => !overlapping.includes(g)),
      { name, keys: [name, ...keys.filter((k) => k !== name)] }
    ]);
  }

  /** Reads the group's keys under their own names again. */
  split(name: string): void {
    void this.#set(this.#groups.filter((g) => g.name !== name));
  }

  async #set(groups: AliasGroup[]): Promise<void> {
    this.#groups = parseAliasGroups(groups);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#groups));
    } catch {
      // Storage full or blocked: the aliases last for this page only.
    }
    await runlensWorker().compareSetAliases(this.#groups);
    this.generation++;
  }
}

export const metricAliases = new MetricAliasesState();
