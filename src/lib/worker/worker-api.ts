/**
 * The worker's API as a plain object over a database: everything the page may ask of the store
 * and the import pipeline. runlens.worker.ts exposes it; tests call it directly.
 */
import type { RunlensDb } from '../db/db';
import { deleteEverything, readArtifacts, readLibrary, readRun, readSeries } from '../db/repo';
import { sourceFromBlob, sourceFromBytes } from '../importers/source';
import type { ImportFile, ImportOutcome, ImportProgress, WorkerApi } from './api';
import { toChartSeries } from './chart-data';
import { runImport } from './import-pipeline';

/** Progress is sent at most this often; the page redraws no faster than it reads it. */
const PROGRESS_INTERVAL_MS = 100;

export function createWorkerApi(db: RunlensDb): WorkerApi {
  let cancelled = false;
  let running: Promise<unknown> = Promise.resolve();

  /** Imports run one at a time, in the order they were asked for. */
  function serialised<T>(job: () => Promise<T>): Promise<T> {
    const next = running.then(job, job);
    running = next.catch(() => undefined);
    return next;
  }

  function importSources(
    files: Parameters<typeof runImport>[1],
    onProgress: (p: ImportProgress) => void
  ): Promise<ImportOutcome> {
    return serialised(() => {
      cancelled = false;
      return runImport(db, files, {
        isCancelled: () => cancelled,
        onProgress,
        progressIntervalMs: PROGRESS_INTERVAL_MS
      });
    });
  }

  return {
    importFiles(files: ImportFile[], onProgress) {
      return importSources(
        files.map((f) => sourceFromBlob(f.path, f.blob, f.fromFolder)),
        onProgress
      );
    },

    async importUrl(url: string, name: string, onProgress) {
      const response = await fetch(url);
      if (!response.ok) {
        return {
          state: 'error',
          importId: null,
          files: 1,
          skipped: 0,
          experiments: 0,
          runs: 0,
          points: 0,
          errors: [{ file: name, message: `could not be fetched (HTTP ${response.status})` }]
        };
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      return importSources([sourceFromBytes(name, bytes)], onProgress);
    },

    cancelImport() {
      cancelled = true;
    },

    readLibrary: () => readLibrary(db),
    readRun: async (key) => (await readRun(db, key)) ?? null,
    readSeries: (runKey, metric) => readSeries(db, runKey, metric),
    readChartSeries: async (runKey, metric) => toChartSeries(await readSeries(db, runKey, metric)),
    readArtifacts: (runKey) => readArtifacts(db, runKey),
    deleteEverything: () => deleteEverything(db)
  };
}
