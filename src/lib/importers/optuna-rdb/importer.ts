/**
 * Optuna's RDB storage in a SQLite file (`optuna.create_study(storage="sqlite:///optuna.db")`,
 * `RDBStorage`), of every schema generation Optuna's alembic migrations produced (schema.ts).
 * Studies become experiments and trials runs exactly as the journal importer shows them
 * (optuna-trial-run.ts). The SQLite engine loads only when such a file is dropped
 * (readers/sqlite). Source: optuna/storages/_rdb/models.py, storage.py and alembic/versions,
 * Optuna 5.0.0 and the revisions before it (read 2026-12).
 */
import type { ImportedBatch } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext, Importer } from '../importer';
import { studiesToBatch } from '../optuna-trial-run';
import type { SqliteDatabase } from '../readers/sqlite/database';
import {
  headDefinesTable,
  openSqliteSource,
  readSchema,
  schemaHas,
  sqliteHeadText,
  sqliteSchemaOf,
  wholeSchemaInHead,
  type SqliteSchema
} from '../readers/sqlite/source-database';
import type { ImportSource } from '../source';
import { OptunaStorageReader } from './read-storage';
import { isOptunaSchema, layoutOf, missingCore } from './schema';

export const OPTUNA_RDB_ID = 'optuna-rdb';

async function sniff(source: ImportSource): Promise<number | null> {
  const head = await sqliteHeadText(source);
  if (head === null) return null;
  const shows = (table: string) => headDefinesTable(head, table);
  if (shows('studies') && shows('trials') && shows('trial_params')) return 0.95;
  // A schema that fits on the first page is all in the head: no need to ask SQLite.
  if (wholeSchemaInHead(head)) return null;
  const schema = await sqliteSchemaOf(source);
  return schema !== null && isOptunaSchema(schema) ? 0.9 : null;
}

/** The alembic revision and the Optuna that set the storage up, for the report. */
async function versionOf(db: SqliteDatabase, schema: SqliteSchema): Promise<string> {
  const parts: string[] = [];
  if (schemaHas(schema, 'alembic_version', ['version_num'])) {
    const revision = (await db.all('SELECT version_num FROM alembic_version', 1))[0]?.[0];
    if (revision) parts.push(`schema ${revision}`);
  }
  if (schemaHas(schema, 'version_info', ['library_version'])) {
    const library = (await db.all('SELECT library_version FROM version_info', 1))[0]?.[0];
    if (library) parts.push(`set up by Optuna ${library}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'no version recorded';
}

async function parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
  const file = source.path;
  const db = await openSqliteSource(source);
  try {
    const schema = (await sqliteSchemaOf(source)) ?? (await readSchema(db, file));
    if (!isOptunaSchema(schema)) {
      throw new ImportError(
        file,
        'is a SQLite database but not an Optuna storage (it has no studies, trials and trial_params tables)'
      );
    }
    const missing = missingCore(schema);
    if (missing.length > 0) {
      throw new ImportError(
        file,
        `is an Optuna storage without ${missing.join(', ')}; it may be damaged or from an Optuna Runlens does not know`
      );
    }
    const reader = new OptunaStorageReader(db, schema, layoutOf(schema), file);
    const studies = await reader.read(ctx);
    for (const [state, count] of reader.unknownStates) {
      ctx.warn({
        file,
        message: `${count} trial(s) with state ${JSON.stringify(state)}, not an Optuna trial state, were left out`
      });
    }
    ctx.warn({ file, message: `read as an Optuna RDB storage (${await versionOf(db, schema)})` });
    const batch = studiesToBatch(OPTUNA_RDB_ID, file, studies, (n) => ctx.reportPoints(n));
    // Studies without a single trial describe nothing: the file then says "no runs".
    return batch.runs.length === 0 ? { experiments: [], runs: [] } : batch;
  } finally {
    await db.close();
  }
}

export const optunaRdbImporter: Importer = {
  id: OPTUNA_RDB_ID,
  label: 'Optuna RDB storage (SQLite)',
  extensions: ['.db', '.sqlite', '.sqlite3'],
  sniff,
  parse
};
