/**
 * An import written to the store: one transaction per import, all of it or none of it (old rows
 * of runs read again cleared first, a scanned file's runs read again a batch at a time inside it).
 */
import type { RunlensDb } from './db';
import { namesOnlyItsId, prepareImport, type PreparedImport } from './prepare';
import type { RunBatches } from '../importers/importer';
import { shortSeriesPoints } from './short-series';

/** Rows per bulkPut: small enough to check for cancel and report progress often. */
const WRITE_BATCH = 250;

export interface CommitHooks {
  /** Throws to abort the transaction (everything written so far is rolled back). */
  checkCancelled(): void;
  onRowsWritten(points: number): void;
  /** Keys of runs read and written inside the transaction (PreparedImport.scanned). */
  onRunsWritten?(keys: string[]): void;
}

/** Runs of a scanned file read and written at a time: 1,000 one-row runs are ~1 MB of rows. */
const SCANNED_BATCH = 1_000;

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
  // Opened before the transaction: their reads are synchronous, so reading them inside it
  // awaits nothing but IndexedDB requests.
  const scanned: { format: string; batches: RunBatches }[] = [];
  try {
    for (const s of prepared.scanned ?? [])
      scanned.push({ format: s.format, batches: await s.scanned.open() });
    await writeImport(db, prepared, scanned, hooks);
  } finally {
    for (const s of scanned) s.batches.close();
  }
}

async function writeImport(
  db: RunlensDb,
  prepared: PreparedImport,
  scanned: { format: string; batches: RunBatches }[],
  hooks: CommitHooks
): Promise<void> {
  const tables = [
    ...[db.experiments, db.runs, db.series, db.artifacts, db.imports, db.views],
    ...[db.readings, db.provenance, db.registry, db.edits]
  ];
  await db.transaction('rw', tables, async () => {
    // Only runs stored before have old chunks and artifacts to clear; a key-only scan finds them
    // fast, where anyOf() over 100,000 new keys would walk the index once per key.
    const stored = new Set(await db.runs.toCollection().primaryKeys());
    const replaced = prepared.runs.map((r) => r.key).filter((k) => stored.has(k));
    if (replaced.length > 0) {
      await db.series.where('runKey').anyOf(replaced).delete();
      await db.artifacts.where('runKey').anyOf(replaced).delete();
      // A run read again without provenance (an older export of it) must not keep the old one.
      await db.provenance.bulkDelete(replaced);
    }
    hooks.checkCancelled();
    // Placeholders only fill gaps: a stored experiment keeps its real name and tags (a stored bare
    // id may still learn its name from a partial record).
    const placeholders = prepared.experiments.filter((e) => e.placeholder);
    const storedExperiments = await db.experiments.bulkGet(placeholders.map((e) => e.key));
    const missing = new Set(
      placeholders
        .filter((e, i) => {
          const s = storedExperiments[i];
          return !s || (s.placeholder && namesOnlyItsId(s) && !namesOnlyItsId(e));
        })
        .map((e) => e.key)
    );
    await db.experiments.bulkPut(
      prepared.experiments.filter((e) => !e.placeholder || missing.has(e.key))
    );
    let points = 0;
    for (let i = 0; i < prepared.runs.length; i += WRITE_BATCH) {
      hooks.checkCancelled();
      const batch = prepared.runs.slice(i, i + WRITE_BATCH);
      await db.runs.bulkPut(batch);
      for (const r of batch) points += shortSeriesPoints(r);
      hooks.onRowsWritten(points);
    }
    for (let i = 0; i < prepared.chunks.length; i += WRITE_BATCH) {
      hooks.checkCancelled();
      const batch = prepared.chunks.slice(i, i + WRITE_BATCH);
      await db.series.bulkPut(batch);
      for (const c of batch) points += c.count;
      hooks.onRowsWritten(points);
    }
    const { id, importedAt } = prepared.importRow;
    for (const { format, batches } of scanned) {
      for (;;) {
        hooks.checkCancelled();
        const runs = batches.next(SCANNED_BATCH);
        if (runs.length === 0) break;
        const batch = { experiments: [], runs };
        const rows = prepareImport(id, [{ file: '', format, batch }], importedAt);
        const keys = rows.runs.map((r) => r.key);
        const again = keys.filter((k) => stored.has(k));
        if (again.length > 0) {
          await db.series.where('runKey').anyOf(again).delete();
          await db.artifacts.where('runKey').anyOf(again).delete();
          await db.provenance.bulkDelete(again);
        }
        await db.runs.bulkPut(rows.runs);
        if (rows.chunks.length > 0) await db.series.bulkPut(rows.chunks);
        if (rows.provenance.length > 0) await db.provenance.bulkPut(rows.provenance);
        points += rows.importRow.pointCount;
        hooks.onRowsWritten(points);
        hooks.onRunsWritten?.(keys);
      }
    }
    for (let i = 0; i < prepared.artifacts.length; i += WRITE_BATCH) {
      hooks.checkCancelled();
      await db.artifacts.bulkPut(prepared.artifacts.slice(i, i + WRITE_BATCH));
    }
    for (let i = 0; i < prepared.provenance.length; i += WRITE_BATCH) {
      hooks.checkCancelled();
      await db.provenance.bulkPut(prepared.provenance.slice(i, i + WRITE_BATCH));
    }
    // A registered model read again replaces the stored one (same format and name).
    await db.registry.bulkPut(prepared.registry);
    // Views from a bundle replace views of the same id or name, as saving one does.
    for (const view of prepared.views ?? []) {
      const same = await db.views.where('name').equals(view.name).primaryKeys();
      await db.views.bulkDelete(same.filter((id) => id !== view.id));
      await db.views.put(view);
    }
    // Edits a bundle carried replace the stored edits of those runs; other imports keep them.
    if (prepared.edits && prepared.edits.length > 0) await db.edits.bulkPut(prepared.edits);
    // Roles chosen for a re-read are kept only if its runs are: in the same transaction.
    const { save, forget } = prepared.readingChoice ?? {};
    if (forget !== undefined) await db.readings.delete(forget);
    if (save) await db.readings.put(save);
    hooks.checkCancelled();
    await db.imports.put(prepared.importRow);
  });
}
