/**
 * MLflow's SQLite tracking store, `mlflow.db` (the default store since MLflow 3.7, and a common
 * `--backend-store-uri sqlite:///...` before), of every schema generation from 1.x to 3.x. The
 * SQLite engine is loaded only when such a file is dropped (readers/sqlite). Experiments, runs,
 * params, tags and full metric histories are read; dataset inputs, logged models and registered
 * model versions become `runlens.*` tags of the runs they came from; traces, assessments and the
 * other GenAI tables are not run data and are left out (named in the report).
 */
import type { ImportedBatch } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext, Importer } from '../importer';
import type { ImportSource } from '../source';
import { readRunLinks } from './links';
import { MLFLOW_SQLITE_ID, readExperiments, readRuns } from './read-store';
import { generationOf, isMlflowSchema, missingCore, type Schema } from './schema';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Tables whose rows are not runs: counted in the report so nothing vanishes silently. */
const NOT_RUN_DATA = [
  'trace_info',
  'spans',
  'assessments',
  'evaluation_datasets',
  'scorers',
  'webhooks',
  'jobs'
];

function tableDefined(schemaText: string, name: string): boolean {
  return new RegExp(`CREATE TABLE "?${name}"?\\s*\\(`).test(schemaText);
}

async function openDatabase(source: ImportSource) {
  const { SqliteDatabase } = await import('../readers/sqlite/database');
  const access = await source.openRandomAccess();
  try {
    return await SqliteDatabase.open(access, source.file.size);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(source.path, `could not be opened as a SQLite database (${why})`);
  }
}

/** Schemas read while sniffing, so parse does not read them again. */
const schemas = new WeakMap<ImportSource, Promise<Schema | null>>();

/** Opens the file just to read its schema (null when SQLite cannot read it). */
function schemaOf(source: ImportSource): Promise<Schema | null> {
  let schema = schemas.get(source);
  if (!schema) {
    schema = (async () => {
      const db = await openDatabase(source);
      try {
        return await db.schema();
      } finally {
        await db.close();
      }
    })().catch(() => null);
    schemas.set(source, schema);
  }
  return schema;
}

async function sniff(source: ImportSource): Promise<number | null> {
  const head = await source.head();
  if (head.byteLength < 100) return null;
  const text = new TextDecoder('latin1').decode(head);
  if (!text.startsWith(SQLITE_MAGIC)) return null;
  if (
    tableDefined(text, 'alembic_version') &&
    tableDefined(text, 'experiments') &&
    tableDefined(text, 'runs')
  ) {
    return 0.95;
  }
  // Other stores whose tables show in the head (Optuna) are read by their own importers.
  if (tableDefined(text, 'studies') || tableDefined(text, 'trial_values')) return null;
  // A store with many tables keeps its schema past the first page: SQLite itself must look. The
  // engine loads only for SQLite files, which are few among what people drop.
  const schema = await schemaOf(source);
  return schema !== null && isMlflowSchema(schema) ? 0.9 : null;
}

async function parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
  const db = await openDatabase(source);
  try {
    let schema = await schemaOf(source);
    if (schema === null) {
      try {
        schema = await db.schema();
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new ImportError(source.path, `is not a readable SQLite database (${why})`);
      }
    }
    if (!isMlflowSchema(schema)) {
      throw new ImportError(
        source.path,
        'is a SQLite database but not an MLflow tracking store (it has no alembic_version, experiments and runs tables)'
      );
    }
    const missing = missingCore(schema);
    if (missing.length > 0) {
      throw new ImportError(
        source.path,
        `is an MLflow store without ${missing.join(', ')}; it may be damaged or from an MLflow Runlens does not know`
      );
    }
    const revision = (await db.all('SELECT version_num FROM alembic_version', 1))[0]?.[0] ?? null;
    const experiments = await readExperiments(db, schema, source.path);
    const links = await readRunLinks(db, schema);
    const runs = await readRuns(db, schema, source.path, experiments, links, ctx);
    const skipped: string[] = [];
    for (const table of NOT_RUN_DATA) {
      if (!schema.has(table)) continue;
      const count = Number((await db.all(`SELECT count(*) FROM "${table}"`, 1))[0]?.[0] ?? 0);
      if (count > 0) skipped.push(`${count} ${table}`);
    }
    ctx.warn({
      file: source.path,
      message:
        `read as an ${generationOf(schema)} SQLite store (schema ${revision ?? 'unknown'})` +
        (skipped.length > 0 ? `; not run data, left out: ${skipped.join(', ')} rows` : '')
    });
    // Experiment ids are scoped to this store: without runs its experiments describe nothing.
    return runs.length === 0 ? { experiments: [], runs } : { experiments, runs };
  } finally {
    await db.close();
  }
}

export const mlflowSqliteImporter: Importer = {
  id: MLFLOW_SQLITE_ID,
  label: 'MLflow SQLite store',
  extensions: ['.db', '.sqlite', '.sqlite3'],
  sniff,
  parse
};
