/**
 * Every read and write of the store goes through here; the rest of the app never sees Dexie.
 */
import type { MetricSeries } from '../model';
import type { RunlensDb } from './db';
import { namesOnlyItsId, type PreparedImport } from './prepare';
import type { ArtifactRow, ExperimentRow, ImportRow, RunRow } from './rows';
import { decodeSeriesChunks } from './series-chunks';

/** Rows per bulkPut: small enough to check for cancel and report progress often. */
const WRITE_BATCH = 250;

export interface CommitHooks {
  /** Throws to abort the transaction (everything written so far is rolled back). */
  checkCancelled(): void;
  onRowsWritten(points: number): void;
}

/**
 * Writes one import in a single transaction: all of it or none of it. Runs that were imported
 * before under the same key are replaced, their old series chunks and artifacts removed first.
 * Nothing but IndexedDB requests happens inside, so the transaction cannot commit early.
 */
export async function commitImport(
  db: RunlensDb,
  prepared: PreparedImport,
  hooks: CommitHooks
): Promise<void> {
  const tables = [db.experiments, db.runs, db.series, db.artifacts, db.imports];
  await db.transaction('rw', tables, async () => {
    const keys = prepared.runs.map((r) => r.key);
    await db.series.where('runKey').anyOf(keys).delete();
    await db.artifacts.where('runKey').anyOf(keys).delete();
    hooks.checkCancelled();
    // Placeholders only fill gaps: a stored experiment keeps its real name and tags (a stored bare
    // id may still learn its name from a partial record).
    const placeholders = prepared.experiments.filter((e) => e.placeholder);
    const stored = await db.experiments.bulkGet(placeholders.map((e) => e.key));
    const missing = new Set(
      placeholders
        .filter((e, i) => {
          const s = stored[i];
          return !s || (s.placeholder && namesOnlyItsId(s) && !namesOnlyItsId(e));
        })
        .map((e) => e.key)
    );
    await db.experiments.bulkPut(
      prepared.experiments.filter((e) => !e.placeholder || missing.has(e.key))
    );
    await db.runs.bulkPut(prepared.runs);
    let points = 0;
    for (let i = 0; i < prepared.chunks.length; i += WRITE_BATCH) {
      hooks.checkCancelled();
      const batch = prepared.chunks.slice(i, i + WRITE_BATCH);
      await db.series.bulkPut(batch);
      for (const c of batch) points += c.count;
      hooks.onRowsWritten(points);
    }
    for (let i = 0; i < prepared.artifacts.length; i += WRITE_BATCH) {
      hooks.checkCancelled();
      await db.artifacts.bulkPut(prepared.artifacts.slice(i, i + WRITE_BATCH));
    }
    hooks.checkCancelled();
    await db.imports.put(prepared.importRow);
  });
}

export interface LibraryRows {
  experiments: ExperimentRow[];
  runs: RunRow[];
  imports: ImportRow[];
}

/** Everything the start page lists (summaries only; no metric histories are read). */
export async function readLibrary(db: RunlensDb): Promise<LibraryRows> {
  return db.transaction('r', [db.experiments, db.runs, db.imports], async () => ({
    experiments: await db.experiments.toArray(),
    runs: await db.runs.toArray(),
    imports: await db.imports.orderBy('importedAt').toArray()
  }));
}

export function readRun(db: RunlensDb, key: string): Promise<RunRow | undefined> {
  return db.runs.get(key);
}

/** One metric's full history, reassembled from its chunks. */
export async function readSeries(
  db: RunlensDb,
  runKey: string,
  metric: string
): Promise<MetricSeries> {
  const chunks = await db.series
    .where('[runKey+metric+index]')
    .between([runKey, metric, -Infinity], [runKey, metric, Infinity])
    .toArray();
  return decodeSeriesChunks(metric, chunks);
}

export function readArtifacts(db: RunlensDb, runKey: string): Promise<ArtifactRow[]> {
  return db.artifacts.where('runKey').equals(runKey).toArray();
}

/** Empties every table in one transaction (other open tabs keep a valid, empty database). */
export async function deleteEverything(db: RunlensDb): Promise<void> {
  const tables = [db.experiments, db.runs, db.series, db.artifacts, db.imports];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((t) => t.clear()));
  });
}

/** Row counts per table: tests use them to prove a failed import changed nothing. */
export async function countRows(db: RunlensDb): Promise<Record<string, number>> {
  return {
    experiments: await db.experiments.count(),
    runs: await db.runs.count(),
    series: await db.series.count(),
    artifacts: await db.artifacts.count(),
    imports: await db.imports.count()
  };
}
