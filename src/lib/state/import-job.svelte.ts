import type { FileError } from '../importers/errors';
import type { ImportFile, ImportOutcome, ImportProgress, ServerImportRequest } from '../worker/api';
import { progressCallback, runlensWorker } from '../worker/client';
import type { WalkHandle } from '../worker/handle-walk';
import { nothingImported } from '../worker/outcome';
import { markImportRunning } from './interrupted-imports.svelte';
import { library } from './library.svelte';
import { readingRoles } from './reading-roles.svelte';
import { StagePace, yieldToPage } from './stage-pace';

export type ImportState = 'idle' | 'running' | 'done' | 'empty' | 'error' | 'cancelled';

export const SAMPLE_URL = '/sample/runlens-sample.json';

/** How often the page's progress line changes while files are handed over. */
const STAGE_PROGRESS_MS = 100;

/**
 * The import the person started last: its progress while it runs, then its outcome. All reading
 * and parsing happens in the worker; this class only relays counts.
 */
class ImportJob {
  #state = $state<ImportState>('idle');
  #progress = $state.raw<ImportProgress | null>(null);
  #outcome = $state.raw<ImportOutcome | null>(null);
  #label = $state('');
  #idleWaiters: (() => void)[] = [];

  get state(): ImportState {
    return this.#state;
  }
  get progress(): ImportProgress | null {
    return this.#progress;
  }
  get outcome(): ImportOutcome | null {
    return this.#outcome;
  }
  get errors(): FileError[] {
    return this.#outcome?.errors ?? [];
  }
  /** What is being imported, in words ("3 files", "the sample experiments"). */
  get label(): string {
    return this.#label;
  }

  /** Imports picked files (or files already listed). */
  importFiles(files: ImportFile[]): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    return this.#run(
      importLabel(files),
      files.map((f) => f.path),
      (onProgress) => stageAndImport(files, onProgress)
    );
  }

  /**
   * Imports what a drop holds. `list` walks the dropped folders and is called at once (a drop's
   * entries must be taken before the first await); the files it finds are counted as they come.
   */
  importListed(list: (onFound: (count: number) => void) => Promise<ImportFile[]>): Promise<void> {
    const listed = list((count) => (this.#progress = listing(count, 0)));
    return this.#run('the dropped files', [], async (onProgress) => {
      const files = await listed;
      if (files.length === 0) return nothingImported('empty', 0, { errors: [] });
      this.#label = importLabel(files);
      return stageAndImport(files, onProgress);
    });
  }

  /**
   * Imports folders (and files) given as File System Access handles: the worker walks them, so
   * this page lists nothing and builds no FileList (a folder of thousands of files costs its
   * main thread nothing). DOM's handle types lack the async iteration the worker uses.
   */
  importHandles(
    handles: readonly FileSystemHandle[],
    label = handles.length === 1 ? handles[0]!.name : `${handles.length} dropped items`
  ): Promise<void> {
    if (handles.length === 0) return Promise.resolve();
    const walkable = handles as unknown as readonly WalkHandle[];
    return this.#run(label, [label], (onProgress) =>
      runlensWorker().importHandles(walkable, onProgress)
    );
  }

  /**
   * Imports a drop: by its handles when the browser gave them (the worker walks the folders),
   * else by the files `list` walks on this page.
   */
  async importDrop(
    handles: Promise<FileSystemHandle[] | null> | null,
    list: (onFound: (count: number) => void) => Promise<ImportFile[]>
  ): Promise<void> {
    const given = handles ? await handles.catch(() => null) : null;
    return given ? this.importHandles(given) : this.importListed(list);
  }

  /** Loads the bundled sample experiments. */
  importSample(): Promise<void> {
    return this.importUrl(SAMPLE_URL, 'the sample experiments');
  }

  /** Downloads a file by URL (absolute, or relative to the app) and imports it. */
  importUrl(url: string, label = url): Promise<void> {
    return this.#run(label, [url], (onProgress) => runlensWorker().importUrl(url, onProgress));
  }

  /**
   * Resolves when no import is running (at once if none is): a reload for an update or a schema
   * change waits on it, so it never drops an import half way.
   */
  whenIdle(): Promise<void> {
    if (this.#state !== 'running') return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Fetches runs from an MLflow tracking server in the worker and stores them as one import. */
  importServer(request: ServerImportRequest, label: string): Promise<void> {
    // The server's address (never its credentials) names it if the import is interrupted.
    return this.#run(label, [request.url], (onProgress) =>
      runlensWorker().importMlflowServer(request, onProgress)
    );
  }

  cancel(): void {
    if (this.#state === 'running') void runlensWorker().cancelImport();
  }

  dismiss(): void {
    if (this.#state !== 'running') this.#state = 'idle';
  }

  async #run(
    label: string,
    files: string[],
    start: (onProgress: (p: ImportProgress) => void) => Promise<ImportOutcome>
  ): Promise<void> {
    this.#label = label;
    this.#state = 'running';
    this.#outcome = null;
    this.#progress = null;
    // Left while the import runs: if the tab or the worker dies, the next start says so.
    const ended = markImportRunning(label, files);
    let outcome: ImportOutcome;
    try {
      outcome = await start(progressCallback((p) => (this.#progress = p)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = nothingImported('error', 0, {
        errors: [{ file: label, message: `could not be imported (${message})` }]
      });
    } finally {
      ended();
    }
    this.#outcome = outcome;
    readingRoles.show(outcome);
    this.#state = outcome.state;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
    if (outcome.importId) {
      await library.refresh();
      await askForPersistentStorage();
    }
  }
}

/** Progress while the page finds files and hands them over (total 0 while still finding). */
function listing(found: number, total: number): ImportProgress {
  return {
    phase: 'listing',
    filesTotal: total,
    filesDone: found,
    bytesTotal: 0,
    bytesDone: 0,
    runs: 0,
    points: 0,
    pointsTotal: 0,
    file: null
  };
}

/**
 * Hands the files to the worker in messages sized to a slice of main-thread time (stage-pace.ts),
 * yielding between them so none is a long task, then imports them there. The replies are awaited
 * together at the end: waiting for each would add a round trip per message.
 */
async function stageAndImport(
  files: ImportFile[],
  onProgress: (p: ImportProgress) => void
): Promise<ImportOutcome> {
  const worker = runlensWorker();
  const sent: Promise<number>[] = [];
  const pace = new StagePace();
  let toldAt = -Infinity;
  for (let i = 0; i < files.length;) {
    const part = files.slice(i, i + pace.batch);
    const t0 = performance.now();
    sent.push(worker.stageFiles(part));
    const t1 = performance.now();
    pace.sent(part.length, t1 - t0);
    i += part.length;
    if (t1 - toldAt >= STAGE_PROGRESS_MS) {
      toldAt = t1;
      onProgress(listing(i, files.length));
    }
    if (i < files.length) await yieldToPage();
  }
  await Promise.all(sent);
  return worker.importStaged(onProgress);
}

/** What an import is called: the file, the dropped folder, or a count. */
function importLabel(files: ImportFile[]): string {
  if (files.length === 1) return files[0]!.path;
  const tops = new Set(files.map((f) => f.path.split('/')[0]));
  const count = `${files.length.toLocaleString('en-US')} files`;
  if (tops.size === 1 && files.every((f) => f.fromFolder)) return `${[...tops][0]} (${count})`;
  return count;
}

/**
 * After the first import the data is worth keeping: ask the browser not to evict it. Chromium
 * decides silently, Firefox asks the person; either way we only ask once per page load.
 */
let persistAsked = false;
async function askForPersistentStorage(): Promise<void> {
  if (persistAsked || typeof navigator === 'undefined' || !navigator.storage?.persist) return;
  persistAsked = true;
  try {
    if (!(await navigator.storage.persisted())) await navigator.storage.persist();
  } catch {
    // Best effort: storage stays "best-effort" and Settings says so.
  }
}

export const importJob = new ImportJob();
