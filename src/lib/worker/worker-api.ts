/**
 * The worker's API as a plain object over a database: everything the page may ask of the store
 * and the import pipeline. runlens.worker.ts exposes it; tests call it directly.
 */
import type { RunlensDb } from '../db/db';
import {
  deleteEverything,
  deleteView,
  deleteWithUndo,
  listViews,
  readArtifacts,
  readLibrary,
  readRun,
  readSeries,
  restoreDeleted,
  saveView,
  type DeletedRows
} from '../db/repo';
import { ExplorerService } from '../explorer/explorer-service';
import { CompareService } from '../compare/compare-service';
import { sourceFromBlob, sourceFromBytes, type SourceFile } from '../importers/source';
import type { ImportFile, ImportOutcome, ImportProgress, WorkerApi } from './api';
import { toChartSeries } from './chart-data';
import { nothingImported } from './outcome';

/** Progress is sent at most this often; the page redraws no faster than it reads it. */
const PROGRESS_INTERVAL_MS = 100;

export function createWorkerApi(db: RunlensDb): WorkerApi {
  let cancelled = false;
  const explorer = new ExplorerService({
    readLibrary: () => readLibrary(db),
    readSeries: (runKey, metric) => readSeries(db, runKey, metric)
  });
  const compare = new CompareService({
    resolveRuns: (names) => explorer.resolveRuns(names),
    readSeries: (runKey, metric) => readSeries(db, runKey, metric)
  });
  /** Imports and deletes change what both engines hold. */
  const invalidate = () => {
    explorer.invalidate();
    compare.invalidate();
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

  function importSources(
    files: readonly SourceFile[],
    onProgress: (p: ImportProgress) => void
  ): Promise<ImportOutcome> {
    return serialised(async () => {
      cancelled = false;
      // The importers (YAML, zip, CSV, every format) load with the first import, not on start-up.
      const { runImport } = await import('./import-pipeline');
      return runImport(db, files, {
        isCancelled: () => cancelled,
        onProgress,
        progressIntervalMs: PROGRESS_INTERVAL_MS
      }).finally(() => invalidate());
    });
  }

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
      return importSources(
        files.map((f) => sourceFromBlob(f.path, f.blob, f.fromFolder)),
        onProgress
      );
    },

    async importUrl(url: string, name: string, onProgress) {
      const response = await fetch(url);
      if (!response.ok) {
        const message = `could not be fetched (HTTP ${response.status})`;
        return nothingImported('error', 1, [{ file: name, message }]);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      return importSources([sourceFromBytes(name, bytes)], onProgress);
    },

    cancelImport() {
      cancelled = true;
    },

    readLibrarySummary: () => explorer.summary(),
    readRun: async (key) => (await readRun(db, key)) ?? null,
    readRunFamily: (key) => explorer.family(key),
    readSeries: (runKey, metric) => readSeries(db, runKey, metric),
    readChartSeries: async (runKey, metric) => toChartSeries(await readSeries(db, runKey, metric)),
    readArtifacts: (runKey) => readArtifacts(db, runKey),
    deleteEverything: async () => {
      await deleteEverything(db);
      undoable.clear();
      invalidate();
    },

    // The rows on screen come back with the view: one round trip instead of two.
    async explorerView(request, firstRows) {
      const view = await explorer.view(request);
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

    compareOpen: (names) => compare.open(names),
    compareDiff: (request) => compare.diff(request),
    compareChart: (request) => compare.chart(request),
    compareStats: (request) => compare.stats(request),
    compareGroupValues: (request) => compare.groupValues(request),
    compareGroupTest: (request) => compare.groupTest(request),
    compareHyperTable: (request) => compare.hyperTable(request),
    compareImportance: (request) => compare.importance(request),

    listViews: () => listViews(db),
    saveView: (view) => saveView(db, view),
    deleteView: (id) => deleteView(db, id)
  };
}
