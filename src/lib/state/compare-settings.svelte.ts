/**
 * The comparison settings of this page: read once from localStorage (or, in the shared space,
 * from this tab's sessionStorage), saved on every change, so the next comparison opens the
 * same way. The shape and its checks live in ../compare/compare-settings.ts.
 */
import {
  defaultCompareSettings,
  parseCompareSettings,
  type CompareSettings
} from '../compare/compare-settings';
import type { GroupBy } from '../compare/compare-types';
import { activeSpace } from '../worker/space';

export { defaultCompareSettings, parseCompareSettings, type CompareSettings };

import {
  COMPARE_SETTINGS_KEY as STORAGE_KEY,
  SHARED_COMPARE_SETTINGS_KEY as SHARED_KEY
} from './storage-keys';

class CompareSettingsState {
  value = $state<CompareSettings>(defaultCompareSettings());
  #loaded = false;

  /** Reads the saved settings once, in the browser. */
  load(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    try {
      const text =
        activeSpace() === 'shared'
          ? sessionStorage.getItem(SHARED_KEY)
          : localStorage.getItem(STORAGE_KEY);
      if (text) this.value = parseCompareSettings(JSON.parse(text));
    } catch {
      // Unreadable settings are replaced by the defaults on the next save.
    }
  }

  /**
   * Applies the settings a share link carried, for this tab only: they are kept in
   * sessionStorage, never saved over the person's own settings.
   */
  applyShared(saved: unknown): void {
    // The link's chart picks are for the runs it opens, whatever keys they get here.
    this.value = { ...parseCompareSettings(saved), chartsFor: null };
    this.#loaded = true;
    try {
      sessionStorage.setItem(SHARED_KEY, JSON.stringify($state.snapshot(this.value)));
    } catch {
      // The link's settings then last until the page reloads.
    }
  }

  save(): void {
    if (activeSpace() === 'shared') {
      try {
        sessionStorage.setItem(SHARED_KEY, JSON.stringify($state.snapshot(this.value)));
      } catch {
        // Lost with the tab, as shared settings are meant to be.
      }
      return;
    }
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify($state.snapshot(this.value)));
    } catch {
      // Storage full or blocked: the settings last for this page only.
    }
  }

  groupBy(by: GroupBy | null): void {
    const previous = this.value.group;
    this.value.group = by
      ? { by, center: previous?.center ?? 'mean', band: previous?.band ?? 'std' }
      : null;
  }
}

export const compareSettings = new CompareSettingsState();
