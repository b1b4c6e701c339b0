import type { ImportFocus, RowView } from '../explorer/explorer-types';
import type { ExplorerUrlState } from '../explorer/url-state';

/** How long freshly imported runs stay highlighted when nobody touches the page. */
const HIGHLIGHT_MS = 8000;

/** The filter, quick search and experiment choice an import reveal cleared, to bring back. */
export type HiddenBy = Pick<ExplorerUrlState, 'query' | 'quickSearch' | 'experiments'>;

/** What the page says about the last import's runs while they are shown. */
export interface RevealNotice {
  runs: number;
  /** Set when the filter hid them and was cleared to show them. */
  cleared: HiddenBy | null;
}

/** What the reveal needs of the explorer it shows the runs in. */
export interface RevealHost {
  /** The filter, quick search and experiment choice in place now. */
  filter(): HiddenBy;
  setFilter(filter: HiddenBy): void;
  /** Asks for a new view; its request names `focusImport`, its answer goes to `placed`. */
  refresh(): void;
  /** Moves the keyboard cursor, and so the table's scroll, to a display position. */
  moveCursor(position: number): void;
}

/**
 * Shows the runs an import just stored in the runs explorer: finds them in the view, clears the
 * filter, quick search and experiment choice when these hide any of them, moves the cursor (and
 * so the scroll) to the first, and highlights them until the person does something or
 * HIGHLIGHT_MS pass. Each import is revealed once, however often the page is opened again.
 */
export class ImportReveal {
  /**
   * The import whose runs are being found ('locate') or highlighted ('shown'), and the filter in
   * place when it landed: only that filter may be cleared to show them.
   */
  #fresh = $state.raw<{
    importId: string;
    stage: 'locate' | 'shown';
    cleared: boolean;
    filter: string;
  } | null>(null);
  #notice = $state.raw<RevealNotice | null>(null);
  /** Counts the times fresh runs were placed, so the table brings them on screen once each. */
  placedCount = $state(0);
  #revealed = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #host: RevealHost;

  constructor(host: RevealHost) {
    this.#host = host;
  }

  /** The import a view request asks the worker to locate, if any. */
  get focusImport(): string | null {
    return this.#fresh?.importId ?? null;
  }

  /** The note about the last import's runs, while there is one. */
  get notice(): RevealNotice | null {
    return this.#notice;
  }

  /** Whether the runs of the last import are highlighted now. */
  get highlighting(): boolean {
    return this.#fresh?.stage === 'shown';
  }

  /** Whether a row belongs to the import just made and is still highlighted. */
  isFresh(row: RowView): boolean {
    return this.#fresh?.stage === 'shown' && row.importId === this.#fresh.importId;
  }

  /** Starts showing an import's runs (once per import): the next view locates them. */
  reveal(importId: string): void {
    if (this.#revealed.has(importId)) return;
    this.#revealed.add(importId);
    this.endHighlight();
    this.#notice = null;
    this.#fresh = { importId, stage: 'locate', cleared: false, filter: this.#filterText() };
    this.#host.refresh();
  }

  /** A view answered: where it found the runs being revealed, if it located them. */
  placed(focus: ImportFocus | null): void {
    const fresh = this.#fresh;
    if (!focus || !fresh || focus.importId !== fresh.importId || fresh.stage !== 'locate') return;
    if (focus.runs === 0) {
      this.#fresh = null;
      return;
    }
    // A filter typed after the import landed is the person's newer wish: it is never cleared
    // (every keystroke asks for a view, so such a view can answer while the runs are located).
    const typedSince = this.#filterText() !== fresh.filter;
    if (focus.shown < focus.runs && !fresh.cleared && !typedSince) {
      const cleared = this.#host.filter();
      this.#host.setFilter({ query: '', quickSearch: '', experiments: null });
      this.#fresh = { ...fresh, cleared: true };
      this.#notice = { runs: focus.runs, cleared };
      this.#host.refresh();
      return;
    }
    this.#fresh = { ...fresh, stage: 'shown' };
    this.#notice = { runs: focus.runs, cleared: this.#notice?.cleared ?? null };
    if (focus.first >= 0) {
      this.#host.moveCursor(focus.first);
      this.placedCount++;
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.endHighlight(), HIGHLIGHT_MS);
  }

  #filterText(): string {
    const { query, quickSearch, experiments } = this.#host.filter();
    return JSON.stringify([query, quickSearch, experiments]);
  }

  /**
   * Ends the highlight of freshly imported runs (a click, a key, or time). The note stays until it
   * is dismissed: removing it under the person's pointer would move the table as they click.
   */
  endHighlight(): void {
    if (this.#fresh?.stage !== 'shown') return;
    clearTimeout(this.#timer);
    this.#fresh = null;
  }

  /** Brings back the filter an import reveal cleared, and closes the notice. */
  restoreFilter(): void {
    const cleared = this.#notice?.cleared;
    this.dismiss();
    if (cleared) this.#host.setFilter(cleared);
  }

  dismiss(): void {
    this.endHighlight();
    this.#notice = null;
  }
}
