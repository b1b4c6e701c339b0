import type { SavedViewRow } from '../db/rows';
import { runlensWorker } from '../worker/client';

/** What a saved view keeps besides its id, name and time. */
export type ViewContent = Pick<SavedViewRow, 'explorer' | 'compare' | 'runs'>;

/**
 * The saved views (explorer filters and comparisons, one table for both), read when the views
 * menu opens. The menu draws from here; it never calls the worker itself.
 */
class SavedViews {
  #views = $state.raw<SavedViewRow[]>([]);

  /** The views of one page: explorer views hold a filter, comparison views hold runs. */
  of(kind: 'explorer' | 'compare'): SavedViewRow[] {
    return this.#views.filter((v) => (kind === 'explorer' ? v.explorer !== null : v.runs !== null));
  }

  async load(): Promise<void> {
    this.#views = await runlensWorker().listViews();
  }

  /** Stores a view under `name` (a view of the same name is replaced) and reads the list again. */
  async save(name: string, content: ViewContent): Promise<void> {
    await runlensWorker().saveView({
      id: crypto.randomUUID(),
      name,
      savedAt: Date.now(),
      ...content
    });
    await this.load();
  }

  async remove(id: string): Promise<void> {
    await runlensWorker().deleteView(id);
    await this.load();
  }
}

export const savedViews = new SavedViews();
