/**
 * The shared space: what a share link or a `?src=` URL opened, held in its own database and shown
 * read-only until the person saves it to their library. Opening a share link and going back to
 * the library reload the page, so nothing read from one database lingers in views of the other;
 * a `?src=` import instead refreshes the library views in place, which already read the active
 * space.
 */
import { activeSpace, setActiveSpace } from '../worker/space';
import { progressCallback, runlensWorker } from '../worker/client';
import { compareSettings } from './compare-settings.svelte';

const SHARE_PREFIX = '#share=';

class SharedSpace {
  #active = $state(false);
  /** Why the last link could not be opened, in words; null when it opened (or none was tried). */
  error = $state<string | null>(null);
  opening = $state(false);
  saveState = $state<'idle' | 'saving' | 'saved'>('idle');

  /** Reads the space of this tab (call once in the browser). */
  init(): void {
    this.#active = activeSpace() === 'shared';
  }

  get active(): boolean {
    return this.#active;
  }

  /** The page now shows the shared database (after a `?src=` import into it). */
  enter(): void {
    setActiveSpace('shared');
    this.#active = true;
    this.saveState = 'idle';
  }

  /**
   * Opens a `#share=` link from the address, if there is one: its runs go into the emptied
   * shared database and the page moves to their comparison. Returns whether there was a link.
   */
  async openFromAddress(): Promise<boolean> {
    if (!location.hash.startsWith(SHARE_PREFIX)) return false;
    const fragment = location.hash.slice(SHARE_PREFIX.length);
    this.opening = true;
    this.error = null;
    try {
      const opened = await runlensWorker('shared').openShareLink(fragment);
      setActiveSpace('shared');
      compareSettings.applyShared(opened.settings);
      const runs = opened.runKeys.map(encodeURIComponent).join(',');
      // A full load: every view starts over on the shared database.
      location.replace(`/compare?runs=${runs}`);
      return true;
    } catch (error) {
      this.error = `This share link cannot be opened: ${error instanceof Error ? error.message : String(error)}. Your library was not changed.`;
      history.replaceState(history.state, '', location.pathname + location.search);
      this.opening = false;
      return true;
    }
  }

  /**
   * Copies everything the shared space holds into the library, as a bundle through the library's
   * own import (so it is one atomic import there, listed in the import history).
   */
  async saveToLibrary(): Promise<void> {
    this.saveState = 'saving';
    try {
      const bundle = await runlensWorker('shared').exportBundle(
        { kind: 'all' },
        { artifacts: true }
      );
      const library = runlensWorker('library');
      await library.stageFiles([{ path: 'shared.runlens', blob: bundle, fromFolder: false }]);
      const outcome = await library.importStaged(progressCallback(() => {}));
      if (outcome.state !== 'done') {
        throw new Error(outcome.errors.map((e) => `${e.file}: ${e.message}`).join('; '));
      }
      this.saveState = 'saved';
    } catch (error) {
      this.saveState = 'idle';
      this.error = `Could not save to your library: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Back to the person's library (the shared database stays until the next link replaces it). */
  leave(): void {
    setActiveSpace('library');
    location.assign('/');
  }
}

export const sharedSpace = new SharedSpace();
