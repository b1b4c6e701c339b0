/**
 * The worker's API as a plain object over a database: everything the page may ask of the store
 * and the import pipeline. runlens.worker.ts exposes it; tests call it directly.
 */
import { applyRunEdits, changeEdit, isEmptyEdit } from '../run-edits/run-edits';
import type { RunlensDb } from '../db/db';
import {
  deleteEverything,
  deleteView,
  deleteWithUndo,
  listViews,
  readArtifacts,
  readLibrary,
  readLibraryInPages,
  readRunEdit,
  readRunEdits,
  writeRunEdit,
  readProvenance,
  readRegistry,
  readSiblingRuns,
  readRun,
  readRunsByKey,
  readSeries,
  restoreDeleted,
  saveView,
  type DeletedRows
} from '../db/repo';
import { ExplorerService } from '../explorer/explorer-service';
import { ImportCancelled } from '../importers/errors';
import { sourceFromBytes, type SourceFile } from '../importers/source';
import { sourcesFromBlobs } from '../importers/blob-batches';
import type { ImportFile, ImportOutcome, ImportProgress, WorkerApi } from './api';
import { toChartSeries } from './chart-data';
import { createCompareApi } from './compare-api';
import { registrationsOf, registryView } from '../provenance/registry-view';
import type { Provenance } from '../model';
import type { RunRow } from '../db/rows';
import type { FetchedFile } from './fetch-source';
import { walkHandles } from './handle-walk';
import { nothingImported } from './outcome';
import type { Reread } from './reading-choices';
import type { FollowService } from './follow-api';

/** Run rows per page when the explorer reads the library (~10 MB of rows at a time). */
const LIBRARY_PAGE_ROWS = 5_000;

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

export function createWorkerApi(db: RunlensDb): WorkerApi {
  let cancelled = false;
  /** Aborts the running import's download; replaced when the next import starts. */
  let abort = new AbortController();
  const explorer = new ExplorerService({
    // People's edits (name, note, tags) laid over the imported runs: filters see what is shown.
    readLibrary: async () => {
      const library = await readLibrary(db);
      const runs = applyRunEdits(library.runs, await readRunEdits(db));
      return { ...library, runs, registry: await readRegistry(db) };
    },
    readSeries: (runKey, metric) => readSeries(db, runKey, metric),
    // The lean reading: pages of rows into columns, never the whole library's rows at once.
    readLibraryInPages: async (visit) => {
      const edits = await readRunEdits(db);
      const registry = await readRegistry(db);
      return readLibraryInPages(
        db,
        LIBRARY_PAGE_ROWS,
        (count) => visit.begin(count, registry),
        (rows) => visit.runs(applyRunEdits(rows, edits))
      );
    },
    readRuns: async (keys) => {
      const rows = await readRunsByKey(db, keys);
      const edits = await readRunEdits(db, keys);
      const edited = applyRunEdits(
        rows.filter((r): r is RunRow => r !== undefined),
        edits
      );
      const byKey = new Map(edited.map((r) => [r.key, r]));
      return keys.map((k) => byKey.get(k));
    }
  });
  const comparison = createCompareApi(db, explorer);
  /** Imports and deletes change what the engines hold. */
  const invalidate = () => {
    explorer.invalidate();
    comparison.invalidate();
  };
  const undoable = new Map<number, DeletedRows>();
  let nextToken = 1;
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
    return runImport(db, files, {
      isCancelled: () => cancelled,
      onProgress,
      progressIntervalMs: PROGRESS_INTERVAL_MS,
      reread,
      // A re-read keeps the rest of the last import's files re-readable.
      onRereadable: (found) => {
        rereadable = reread ? new Map([...rereadable, ...found]) : found;
      }
    }).finally(() => invalidate());
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

  return {
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
        return importFromServer(db, request, {
          isCancelled: () => cancelled,
          signal: abort.signal,
          onProgress: throttled(onProgress)
        }).finally(() => invalidate());
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
    },

    readLibrarySummary: () => explorer.summary(),
    readRun: async (key) => (await readRun(db, key)) ?? null,
    readRunFamily: (key) => explorer.family(key),
    readRunEdit: async (key) => (await readRunEdit(db, key)) ?? null,
    async editRun(key, change) {
      const run = await readRun(db, key);
      if (!run) return null;
      const edit = changeEdit(run, await readRunEdit(db, key), change, Date.now());
      await writeRunEdit(db, edit);
      invalidate();
      return isEmptyEdit(edit) ? null : edit;
    },
    readSeries: (runKey, metric) => readSeries(db, runKey, metric),
    readChartSeries: async (runKey, metric) => toChartSeries(await readSeries(db, runKey, metric)),
    readArtifacts: (runKey) => readArtifacts(db, runKey),
    readProvenance: async (runKey) => (await readProvenance(db, runKey)) ?? null,
    readRegistry: async () => registryView(await readRegistry(db), await db.runs.toArray()),
    readRegistrations: async (runKey) => {
      const run = await readRun(db, runKey);
      return run ? registrationsOf(await readRegistry(db), run.id) : [];
    },
    // Lineage, the diff of two runs and fetching a ?src= file load on first use: the worker's
    // script is part of every page's first JavaScript (bench scenario 10).
    readRunLineage: async (runKey) =>
      (await import('./lineage-api')).readRunLineage(db, runKey, (key) => explorer.family(key)),
    readModelLineages: async () => (await import('./lineage-api')).readModelLineages(db),
    readSiblingRuns: async (runKey) =>
      (await readSiblingRuns(db, runKey)).map((r) => ({ key: r.key, id: r.id, name: r.name })),
    diffRuns: async (a, b) => {
      const [ra, rb] = await readRunsByKey(db, [a, b]);
      if (!ra || !rb) return null;
      const [pa, pb] = await Promise.all([readProvenance(db, a), readProvenance(db, b)]);
      const side = (r: RunRow, p: Provenance | undefined) => ({
        params: r.params,
        metrics: r.metrics,
        provenance: p ?? null
      });
      const link = (r: RunRow) => ({
        key: r.key,
        id: r.id,
        name: r.name,
        experimentKey: r.experimentKey
      });
      const { diffRuns } = await import('../provenance/diff');
      return { a: link(ra), b: link(rb), diff: diffRuns(side(ra, pa), side(rb, pb)) };
    },
    deleteEverything: async () => {
      await deleteEverything(db);
      (await followLoading)?.stopAll();
      undoable.clear();
      invalidate();
    },

    // The rows on screen come back with the view: one round trip instead of two. A request
    // that a newer one overtook in the queue answers null without computing.
    async explorerView(request, firstRows) {
      const view = await explorer.latestView(request);
      if (!view) return { view, rows: [] };
      const rows = firstRows
        ? ((await explorer.rows(
            view.generation,
            firstRows.start,
            firstRows.end,
            firstRows.columns
          )) ?? [])
        : [];
      return { view, rows };
    },
    explorerRows: (generation, start, end, columns) =>
      explorer.rows(generation, start, end, columns),
    explorerMatchingKeys: (generation) => explorer.matchingKeys(generation),
    explorerCatalog: () => explorer.catalog(),

    async deleteRows(target) {
      const removed = await deleteWithUndo(db, target);
      invalidate();
      const token = nextToken++;
      undoable.set(token, removed);
      return { token, runs: removed.runs.length };
    },

    async undoDelete(token) {
      const removed = undoable.get(token);
      if (!removed) return;
      undoable.delete(token);
      await restoreDeleted(db, removed);
      invalidate();
    },

    ...comparison.methods,

    // Share links load their codec (and its deflate) on first use.
    createShareLink: async (request) =>
      (await import('./share-api')).shareMethods(db, explorer, invalidate).createShareLink(request),
    openShareLink: async (fragment) =>
      (await import('./share-api')).shareMethods(db, explorer, invalidate).openShareLink(fragment),

    listViews: () => listViews(db),
    saveView: (view) => saveView(db, view),
    deleteView: (id) => deleteView(db, id),

    async exportBundle(target, options) {
      // The bundle writer (and fflate) load on first use, like the importers.
      const { collectBundle } = await import('../bundle/from-store');
      const { writeBundleBlob } = await import('../bundle/write-bundle');
      const contents = await collectBundle(db, target, options);
      return writeBundleBlob(contents, { ...options, createdBy: 'Runlens (browser)' }).blob;
    }
  };
}
