/**
 * The Dexie database. Versions are listed in order and never edited once released; a new
 * version adds a `db.version(n)` block with its upgrade (docs/stored-format.md is the changelog).
 */
import { Dexie, type EntityTable } from 'dexie';
import type {
  ArtifactRow,
  ExperimentRow,
  ImportRow,
  ProvenanceRow,
  ReadingChoiceRow,
  RegistryRow,
  RunEditRow,
  FollowedFolderRow,
  RunRow,
  SavedViewRow,
  SeriesChunkRow
} from './rows';

import { DB_NAME } from './db-name';

export { DB_NAME };

export type RunlensDb = Dexie & {
  experiments: EntityTable<ExperimentRow, 'key'>;
  runs: EntityTable<RunRow, 'key'>;
  series: Dexie.Table<SeriesChunkRow, [string, string, number]>;
  artifacts: Dexie.Table<ArtifactRow, [string, string]>;
  imports: EntityTable<ImportRow, 'id'>;
  views: EntityTable<SavedViewRow, 'id'>;
  readings: EntityTable<ReadingChoiceRow, 'id'>;
  provenance: EntityTable<ProvenanceRow, 'runKey'>;
  registry: EntityTable<RegistryRow, 'key'>;
  edits: EntityTable<RunEditRow, 'runKey'>;
  follows: EntityTable<FollowedFolderRow, 'id'>;
};

/** Opens (lazily) the Runlens database; `name` lets tests use a fresh one each. */
export function openRunlensDb(name: string = DB_NAME): RunlensDb {
  const db = new Dexie(name, { cache: 'disabled' }) as RunlensDb;
  db.version(1).stores({
    experiments: 'key, importId',
    runs: 'key, experimentKey, importId',
    series: '[runKey+metric+index], runKey',
    artifacts: '[runKey+path], runKey',
    imports: 'id, importedAt'
  });
  // 2026-11-22: saved views (named filters, columns and chart settings). Additive: no upgrade.
  db.version(2).stores({ views: 'id, name' });
  // 2026-12-05: column roles chosen for tolerantly read files (ReadingChoiceRow). Additive.
  db.version(3).stores({ readings: 'id, path' });
  // 2026-12-06: runs' provenance (ProvenanceRow), one row per run key. Additive: runs imported
  // before have none (their tags still hold what the export said).
  db.version(4).stores({ provenance: 'runKey' });
  // 2026-12-06: registered models with their versions and aliases (RegistryRow), by `format|name`.
  // Additive: stores imported before keep their `runlens.registeredModels` tag until read again.
  db.version(5).stores({ registry: 'key, importId' });
  // 2026-12-06: a person's edits of runs (RunEditRow: name, note, tags), one row per run key,
  // apart from the imported rows. Additive: no run had edits before.
  db.version(6).stores({ edits: 'runKey' });
  // 2026-12-06: followed folders (FollowedFolderRow: a directory handle and its import id), so
  // the next visit can resume following. Additive: no folder was followed before.
  db.version(7).stores({ follows: 'id' });
  return db;
}
