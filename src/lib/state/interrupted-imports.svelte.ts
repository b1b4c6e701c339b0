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
  return () => {
    release();
    try {
      localStorage.removeItem(PREFIX + marker.id);
    } catch {
      // As above.
    }
  };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Markers left by imports that are not running anywhere now (their lock is free). */
async function staleMarkers(): Promise<ImportMarker[]> {
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
  if (markers.length === 0 || !navigator.locks) return markers;
  const held = new Set(
    ((await navigator.locks.query()).held ?? []).map((l) => l.name).filter(Boolean)
  );
  const free = await Promise.all(
    markers.map((m) => (held.has(PREFIX + m.id) ? lockFreesSoon(PREFIX + m.id) : true))
  );
  // Another tab may have sorted a marker out meanwhile: only those still stored count.
  return markers.filter((m, i) => free[i] && localStorage.getItem(PREFIX + m.id) !== null);
}

/** How long a held lock may take to free before its import counts as running elsewhere. */
const LOCK_GRACE_MS = 3000;

/**
 * Whether a held lock frees within the grace time. Right after a reload the closed document's
 * locks can still be held for a moment, so a lock held at first sight does not yet mean that
 * its import is running in another tab.
 */
async function lockFreesSoon(name: string): Promise<boolean> {
  try {
    return await navigator.locks.request(
      name,
      { signal: AbortSignal.timeout(LOCK_GRACE_MS) },
      () => true
    );
  } catch {
    return false; // Timed out: another tab's import holds it.
  }
}

class InterruptedImports {
  #list = $state.raw<ImportMarker[]>([]);
  #checked = false;

  /** Imports that began and never ended, oldest first (shown until dismissed). */
  get list(): ImportMarker[] {
    return this.#list;
  }

  /**
   * Once per page load, with the library's imports: sorts the stale markers into imports that
   * committed after all (forgotten silently) and interrupted ones (listed), and clears them.
   */
  async check(imports: readonly ImportSummary[]): Promise<void> {
    if (this.#checked || typeof localStorage === 'undefined') return;
    this.#checked = true;
    const interrupted: ImportMarker[] = [];
    for (const marker of await staleMarkers()) {
      const names = new Set(marker.files.map(baseName));
      // A drop's files are listed after the marker is left: then any import since will do.
      const committed = imports.some(
        (i) =>
          i.importedAt >= marker.startedAt &&
          (names.size === 0 || i.files.some((f) => names.has(baseName(f))))
      );
      if (!committed) interrupted.push(marker);
      localStorage.removeItem(PREFIX + marker.id);
    }
    this.#list = interrupted.sort((a, b) => a.startedAt - b.startedAt);
  }

  dismiss(): void {
    this.#list = [];
  }
}

export const interruptedImports = new InterruptedImports();
