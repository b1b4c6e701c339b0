/**
 * The worker's import entry points: files handed over, folders, a URL, a file read again, an
 * MLflow server, followed folders, and cancel. Imports run one at a time in the order asked, each
 * with a fresh cancel flag; every one that changed the store calls `invalidate`.
 */
import type { RunlensDb } from '../db/db';
import type { RunRow } from '../db/rows';
import { ImportCancelled } from '../importers/errors';
import { sourceFromBytes, type SourceFile } from '../importers/source';
import { sourcesFromBlobs } from '../importers/blob-batches';
import type { ImportFile, ImportOutcome, ImportProgress, WorkerApi } from './api';
import type { FetchedFile } from './fetch-source';
import { walkHandles } from './handle-walk';
import { nothingImported } from './outcome';
import type { Reread } from './reading-choices';
import type { FollowService } from './follow-api';

type ImportMethods = Pick<
  WorkerApi,
  | 'stageFiles'
  | 'importStaged'
  | 'importHandles'
  | 'importUrl'
  | 'rereadFile'
  | 'importMlflowServer'
  | 'refreshMlflowServer'
  | 'loadFullServerHistories'
  | 'loadServerOverviews'
  | 'listServerArtifacts'
  | 'followFolder'
  | 'followPoll'
  | 'followStop'
  | 'followForget'
  | 'followedFolders'
  | 'cancelImport'
>;

/** Progress is sent at most this often; the page redraws no faster than it reads it. */
const PROGRESS_INTERVAL_MS = 100;

/** Sends at most one report per interval, but always a new phase. */
function throttled(send: (p: ImportProgress) => void): (p: ImportProgress) => void {
  let lastAt = -Infinity;
  let lastPhase = '';
  return (p) => {
    const t = Date.now();
    if (p.phase === lastPhase && p.phase !== 'done' && t - lastAt < PROGRESS_INTERVAL_MS) return;
    lastAt = t;
    lastPhase = p.phase;
    send(p);
  };
}

export function createImportApi(
  db: RunlensDb,
  /** After a change to the store; an import passes the run rows it committed. */
  invalidate: (stored?: readonly RunRow[]) => void
): { methods: ImportMethods; stopFollows: () => Promise<void> } {
  let cancelled = false;
  /** Aborts the running import's download; replaced when the next import starts. */
  let abort = new AbortController();
  let running: Promise<unknown> = Promise.resolve();

  /** Imports run one at a time, in the order they were asked for. */
  function serialised<T>(job: () => Promise<T>): Promise<T> {
    const next = running.then(job, job);
    running = next.catch(() => undefined);
    return next;
  }

  /** Runs one import after the ones before it, with a fresh cancel flag. */
  function importJob(job: () => Promise<ImportOutcome>): Promise<ImportOutcome> {
    return serialised(() => {
      cancelled = false;
      abort = new AbortController();
      return job();
    });
  }

  /**
   * Files of the last import that a tolerant reading read, kept (a Blob, or bytes of a zip's
   * entry) so the person can have one read again with other column roles.
   */
  let rereadable: ReadonlyMap<string, SourceFile> = new Map();

  async function runSources(
    files: readonly SourceFile[],
    onProgress: (p: ImportProgress) => void,
    reread?: Reread
  ): Promise<ImportOutcome> {
    // The importers (YAML, zip, CSV, every format) load with the first import, not on start-up.
    const { runImport } = await import('./import-pipeline');
    let stored: readonly RunRow[] | undefined;
    return runImport(db, files, {
      isCancelled: () => cancelled,
      onProgress,
      onStored: (rows) => (stored = rows),
      progressIntervalMs: PROGRESS_INTERVAL_MS,
      reread,
      // A re-read keeps the rest of the last import's files re-readable.
      onRereadable: (found) => {
        rereadable = reread ? new Map([...rereadable, ...found]) : found;
      }
    }).finally(() => invalidate(stored));
  }

  /** Downloads a URL, reporting bytes as the 'downloading' phase, then imports it. */
  async function runUrl(
    url: string,
    onProgress: (p: ImportProgress) => void
  ): Promise<ImportOutcome> {
    const downloading = (bytesDone: number, bytesTotal: number | null): ImportProgress => ({
      phase: 'downloading',
      filesTotal: 1,
      bytesTotal: bytesTotal ?? 0,
      bytesDone,
      filesDone: 0,
      runs: 0,
      points: 0,
      pointsTotal: 0,
      file: url
    });
    onProgress(downloading(0, null));
    let fetched: FetchedFile;
    const { FetchSourceError, fetchSource } = await import('./fetch-source');
    try {
      fetched = await fetchSource(url, {
        base: typeof location === 'undefined' ? undefined : location.href,
        signal: abort.signal,
        progressIntervalMs: PROGRESS_INTERVAL_MS,
        onProgress: (p) => onProgress(downloading(p.bytesDone, p.bytesTotal))
      });
    } catch (error) {
      if (error instanceof ImportCancelled) return nothingImported('cancelled', 1, { errors: [] });
      if (error instanceof FetchSourceError) {
        return nothingImported('error', 1, {
          errors: [{ file: error.url, message: error.reason }]
        });
      }
      throw error;
    }
    if (cancelled) return nothingImported('cancelled', 1, { errors: [] });
    return runSources([sourceFromBytes(fetched.name, fetched.bytes)], onProgress);
  }

  // Followed folders load the import pipeline, so they load with the first one.
  let followLoading: Promise<FollowService> | null = null;
  const follows = () =>
    (followLoading ??= import('./follow-api').then(
      ({ FollowService }) => new FollowService(db, { serialised, invalidate })
    ));

  /** Files handed over for the next import (pushed, not concatenated: batches arrive by hundreds). */
  let staged: ImportFile[] = [];

  const methods: ImportMethods = {
    stageFiles(files: ImportFile[]) {
      for (const f of files) staged.push(f);
      return Promise.resolve(staged.length);
    },

    importStaged(onProgress) {
      const files = staged;
      staged = [];
      return importJob(() => runSources(sourcesFromBlobs(files), onProgress));
    },

    importHandles(handles, onProgress) {
      return importJob(async () => {
        const listing = (filesDone: number): ImportProgress => ({
          phase: 'listing',
          filesTotal: 0,
          bytesTotal: 0,
          bytesDone: 0,
          filesDone,
          runs: 0,
          points: 0,
          pointsTotal: 0,
          file: null
        });
        const send = throttled(onProgress);
        send(listing(0));
        let files;
        try {
          files = await walkHandles(
            handles,
            (n) => send(listing(n)),
            () => {
              if (cancelled) throw new ImportCancelled();
            }
          );
        } catch (error) {
          if (error instanceof ImportCancelled)
            return nothingImported('cancelled', 0, { errors: [] });
          const name = handles.map((h) => h.name).join(', ');
          const message = error instanceof Error ? error.message : String(error);
          return nothingImported('error', 0, {
            errors: [{ file: name, message: `could not be listed (${message}); nothing was saved` }]
          });
        }
        if (files.length === 0) return nothingImported('empty', 0, { errors: [] });
        return runSources(sourcesFromBlobs(files), onProgress);
      });
    },

    importUrl(url, onProgress) {
      return importJob(() => runUrl(url, onProgress));
    },

    rereadFile(file, choices, onProgress) {
      return importJob(async () => {
        const source = rereadable.get(file);
        if (!source) {
          const message = 'is no longer at hand to read again; drop it again to change its roles';
          return nothingImported('error', 1, { errors: [{ file, message }] });
        }
        return runSources([source], onProgress, { path: file, choices });
      });
    },

    importMlflowServer(request, onProgress) {
      return importJob(async () => {
        // The engine loads with the first server import, like the importers.
        const { importFromServer } = await import('./server-import');
        let stored: readonly RunRow[] | undefined;
        return importFromServer(db, request, {
          isCancelled: () => cancelled,
          signal: abort.signal,
          onProgress: throttled(onProgress),
          onStored: (rows) => (stored = rows)
        }).finally(() => invalidate(stored));
      });
    },

    async refreshMlflowServer(request) {
      const { refreshFromServer } = await import('./server-refresh');
      const outcome = await refreshFromServer(db, request);
      if (outcome.changedKeys.length > 0) invalidate();
      return outcome;
    },

    async loadFullServerHistories(request) {
      const { loadFullHistories } = await import('./server-full-histories');
      const outcome = await loadFullHistories(db, request);
      if (outcome.changedKeys.length > 0) invalidate();
      return outcome;
    },
    async loadServerOverviews(request) {
      const { loadOverviews } = await import('./server-overviews');
      const outcome = await loadOverviews(db, request);
      if (outcome.changedKeys.length > 0) invalidate();
      return outcome;
    },

    async listServerArtifacts(request) {
      const { listRunArtifacts } = await import('./server-artifacts');
      const outcome = await listRunArtifacts(db, request);
      if (outcome.changedKeys.length > 0) invalidate();
      return outcome;
    },
    followFolder: async (handle, importId) => (await follows()).start(handle, importId),
    followPoll: async (id) => (await follows()).poll(id),
    followStop: (id) => void follows().then((f) => f.stop(id)),
    followForget: async (id) => (await follows()).forget(id),
    // The start page lists remembered folders without loading the pipeline: none is followed yet.
    followedFolders: async () =>
      followLoading
        ? (await followLoading).list()
        : (await db.follows.toArray())
            .sort((a, b) => b.followedAt - a.followedAt)
            .map((r) => ({ ...r, following: false })),

    cancelImport() {
      cancelled = true;
      abort.abort();
    }
  };
  return {
    methods,
    stopFollows: async () => {
      (await followLoading)?.stopAll();
    }
  };
}
