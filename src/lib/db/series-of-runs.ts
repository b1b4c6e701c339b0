/**
 * One metric's history for many runs: what a comparison chart reads first. Read with
 * IndexedDB's own getAll, one request per run in one transaction, beside Dexie rather than
 * through it: for a first chart of 100 runs Dexie's per-query machinery took 60–125 ms against
 * 20 ms for the same getAlls (bench scenario 4). Rows are stored exactly as Dexie writes them
 * (no middleware), so the chunks read are the same.
 */
import type { MetricSeries } from '../model';
import type { RunlensDb } from './db';
import type { SeriesChunkRow } from './rows';
import { decodeSeriesChunks } from './series-chunks';
import { shortSeries } from './short-series';

function chunksOfRuns(
  idb: IDBDatabase,
  runKeys: readonly string[],
  metric: string
): Promise<SeriesChunkRow[][]> {
  return new Promise((resolve, reject) => {
    const tx = idb.transaction('series', 'readonly');
    const store = tx.objectStore('series');
    const out: SeriesChunkRow[][] = runKeys.map(() => []);
    runKeys.forEach((key, i) => {
      const request = store.getAll(
        IDBKeyRange.bound([key, metric, -Infinity], [key, metric, Infinity])
      );
      request.onsuccess = () => (out[i] = request.result as SeriesChunkRow[]);
    });
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error ?? new Error('reading metric histories failed'));
    tx.onabort = () => reject(tx.error ?? new Error('reading metric histories was aborted'));
  });
}

/** The histories, in the order of `runKeys` (empty where a run lacks the metric). */
export async function readSeriesOfRuns(
  db: RunlensDb,
  runKeys: readonly string[],
  metric: string
): Promise<MetricSeries[]> {
  if (!db.isOpen()) await db.open();
  const chunks = await chunksOfRuns(db.backendDB(), runKeys, metric);
  const series = chunks.map((c) => decodeSeriesChunks(metric, c));
  // Small imports keep their histories inline in the run row, not as chunks.
  const unchunked = runKeys.filter((_, i) => chunks[i]!.length === 0);
  if (unchunked.length > 0) {
    const rows = new Map((await db.runs.bulkGet(unchunked)).map((r, i) => [unchunked[i], r]));
    runKeys.forEach((key, i) => {
      const row = chunks[i]!.length === 0 ? rows.get(key) : undefined;
      const short = row && shortSeries(row, metric);
      if (short) series[i] = short;
    });
  }
  return series;
}
