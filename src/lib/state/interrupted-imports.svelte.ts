/**
 * Imports cut short by a closed tab, a crash or a killed worker. The store needs no repair: an
 * import is one IndexedDB transaction, and one that never committed leaves nothing. But the
 * person should hear about it, so each import leaves a marker in localStorage while it runs
 * (and holds a Web Lock of the same name, which the browser releases when the tab or worker
 * dies). At the next start a marker whose lock nobody holds belongs to an import that did not
 * end; it is "interrupted" unless an import row stored since names one of its files (it
 * committed, and only the page missed the end).
 */
import type { ImportSummary } from '../explorer/explorer-types';

const PREFIX = 'runlens.import-running.';
/** Files named in a marker: enough to recognise the import, small enough for localStorage. */
const FILES_KEPT = 20;

export interface ImportMarker {
  id: string;
  label: string;
  files: string[];
  startedAt: number;
}

/** Leaves the marker of an import that starts now; call the returned function when it ends. */
export function markImportRunning(label: string, files: readonly string[]): () => void {
  const marker: ImportMarker = {
    id: crypto.randomUUID(),
    label,
    files: files.slice(0, FILES_KEPT),
    startedAt: Date.now()
  };
  let release = () => {};
  try {
    localStorage.setItem(PREFIX + marker.id, JSON.stringify(marker));
    if (navigator.locks) {
      void navigator.locks.request(
        PREFIX + marker.id,
        () => new Promise<void>((resolve) => (release = resolve))
      );
    }
  } catch {
    // No localStorage (a locked-down profile): nothing to mark, nothing to report later.
  }
  // The marker goes before the lock: a page waiting for the lock then finds no marker to report.
  return () => {
    try {
      localStorage.removeItem(PREFIX + marker.id);
    } catch {
      // As above.
    }
    release();
  };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Every marker stored, split by whether its lock is held now (by a live page, or one closing). */
async function readMarkers(): Promise<{ free: ImportMarker[]; held: ImportMarker[] }> {
  const markers: ImportMarker[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      markers.push(JSON.parse(localStorage.getItem(key) ?? '') as ImportMarker);
    } catch {
      localStorage.removeItem(key);
    }
  }
  if (markers.length === 0 || !navigator.locks) return { free: markers, held: [] };
  const held = new Set(
    ((await navigator.locks.query()).held ?? []).map((l) => l.name).filter(Boolean)
  );
  return {
    free: markers.filter((m) => !held.has(PREFIX + m.id)),
    held: markers.filter((m) => held.has(PREFIX + m.id))
  };
}

/**
 * Resolves once a held marker's lock is free: at once for a document that was closing as this
 * page loaded (a reload can find the old page's lock still held, for longer on a busy machine),
 * when its import ends for one running in another tab. Never times out: waiting costs nothing.
 */
function lockFreed(marker: ImportMarker): Promise<void> {
  return navigator.locks.request(PREFIX + marker.id, () => undefined);
}

class InterruptedImports {
  #list = $state.raw<ImportMarker[]>([]);
  #checked = false;

  /** Imports that began and never ended, oldest first (shown until dismissed). */
  get list(): ImportMarker[] {
    return this.#list;
  }

  /**
   * Once per page load, with the library's imports: sorts the markers whose import is not
   * running into imports that committed after all (forgotten silently) and interrupted ones
   * (listed), and clears them. A marker whose lock is still held is sorted when the lock frees,
   * if the marker is still there then (an import that ends removes its marker first).
   */
  async check(imports: readonly ImportSummary[]): Promise<void> {
    if (this.#checked || typeof localStorage === 'undefined') return;
    this.#checked = true;
    const { free, held } = await readMarkers();
    this.#add(free.filter((m) => this.#sortOut(m, imports)));
    for (const marker of held) {
      void lockFreed(marker).then(() => {
        if (localStorage.getItem(PREFIX + marker.id) === null) return;
        if (this.#sortOut(marker, imports)) this.#add([marker]);
      });
    }
  }

  /** Clears a marker; true when its import did not commit. */
  #sortOut(marker: ImportMarker, imports: readonly ImportSummary[]): boolean {
    const names = new Set(marker.files.map(baseName));
    // A drop's files are listed after the marker is left: then any import since will do.
    const committed = imports.some(
      (i) =>
        i.importedAt >= marker.startedAt &&
        (names.size === 0 || i.files.some((f) => names.has(baseName(f))))
    );
    localStorage.removeItem(PREFIX + marker.id);
    return !committed;
  }

  #add(markers: ImportMarker[]): void {
    if (markers.length === 0) return;
    this.#list = [...this.#list, ...markers].sort((a, b) => a.startedAt - b.startedAt);
  }

  dismiss(): void {
    this.#list = [];
  }
}

export const interruptedImports = new InterruptedImports();
