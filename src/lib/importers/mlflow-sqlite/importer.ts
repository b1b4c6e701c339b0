/**
 * MLflow's SQLite tracking store, `mlflow.db` (the default store since MLflow 3.7, and a common
 * `--backend-store-uri sqlite:///...` before), of every schema generation from 1.x to 3.x. The
 * SQLite engine is loaded only when such a file is dropped (readers/sqlite). Experiments, runs,
 * params, tags and full metric histories are read; dataset inputs, logged models and registered
 * model versions are linked to the runs they came from (datasets and logged models in the run's
 * provenance, registry versions as a `runlens.registeredModels` tag); traces, assessments and the
 * other GenAI tables are not run data and are left out (named in the report).
 */
import type { ImportedBatch } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext, Importer } from '../importer';
import type { ImportSource } from '../source';
import { readRunLinks } from './links';
import { MLFLOW_SQLITE_ID, readExperiments, readRuns } from './read-store';
import {
  headDefinesTable,
  openSqliteSource,
  readSchema,
  sqliteHeadText,
  sqliteSchemaOf,
  wholeSchemaInHead
} from '../readers/sqlite/source-database';
import { generationOf, isMlflowSchema, missingCore } from './schema';

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

async function sniff(source: ImportSource): Promise<number | null> {
  const head = await sqliteHeadText(source);
  if (head === null) return null;
  const shows = (table: string) => headDefinesTable(head, table);
  if (shows('alembic_version') && shows('experiments') && shows('runs')) return 0.95;
  // A schema wholly in the head without MLflow's tables is another tool's (Optuna, trackio).
  if (wholeSchemaInHead(head)) return null;
  // A store with many tables keeps its schema past the first page: SQLite itself must look. The
  // engine loads only for SQLite files, which are few among what people drop.
  const schema = await sqliteSchemaOf(source);
  return schema !== null && isMlflowSchema(schema) ? 0.9 : null;
}

async function parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
  const db = await openSqliteSource(source);
  try {
    const schema = (await sqliteSchemaOf(source)) ?? (await readSchema(db, source.path));
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
