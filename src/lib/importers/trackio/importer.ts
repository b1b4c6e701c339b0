/**
 * Hugging Face trackio's local projects: one SQLite database per project,
 * `~/.cache/huggingface/trackio/<project>.db` (FORMATS.md §8; trackio/sqlite_storage.py, 0.0.x
 * to 0.43.0, read 2026-12). The project is an experiment, each run (its `run_id`, or its name
 * in databases from before run ids) a run: logged numbers as metric histories on their steps,
 * system metrics as `system/...` histories, the config as params. The SQLite engine loads only
 * when such a file is dropped (readers/sqlite). How values are read: values.ts.
 */
import type { Experiment, ImportedBatch, Run } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext, Importer } from '../importer';
import {
  headTableDefinition,
  openSqliteSource,
  readSchema,
  schemaHas,
  sqliteHeadText,
  sqliteSchemaOf,
  wholeSchemaInHead,
  type SqliteSchema
} from '../readers/sqlite/source-database';
import type { ImportSource } from '../source';
import { finishedSeries, TrackioProjectReader } from './read-project';

export const TRACKIO_ID = 'trackio';

/** The table every trackio database has, with the columns Runlens reads. */
const METRICS_COLUMNS = ['id', 'timestamp', 'run_name', 'step', 'metrics'];

/** Tables that hold no run data for a comparison: counted in the report. */
const NOT_RUN_DATA = ['alerts', 'traces', 'artifacts'];

function isTrackioSchema(schema: SqliteSchema): boolean {
  return schemaHas(schema, 'metrics', METRICS_COLUMNS);
}

async function sniff(source: ImportSource): Promise<number | null> {
  const head = await sqliteHeadText(source);
  if (head === null) return null;
  // The metrics table's definition, when the head shows it, tells: MLflow's has no run_name.
  const metrics = headTableDefinition(head, 'metrics');
  if (metrics !== null)
    return /\brun_name\b/i.test(metrics) && /\bmetrics\b/i.test(metrics) ? 0.95 : null;
  if (wholeSchemaInHead(head)) return null;
  const schema = await sqliteSchemaOf(source);
  return schema !== null && isTrackioSchema(schema) ? 0.9 : null;
}

/** `runs/proj.db` → `proj`. */
function stem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/\.(db|sqlite3?)$/i, '') || name;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

async function parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
  const file = source.path;
  const db = await openSqliteSource(source);
  try {
    const schema = (await sqliteSchemaOf(source)) ?? (await readSchema(db, file));
    if (!isTrackioSchema(schema)) {
      throw new ImportError(
        file,
        `is a SQLite database but not a trackio project (it has no metrics table with ${METRICS_COLUMNS.join(', ')})`
      );
    }
    const reader = new TrackioProjectReader(db, schema, ctx);
    const project = await reader.read();
    const experiment: Experiment = {
      id: file,
      name: project.projectName ?? stem(file),
      deleted: false,
      tags: new Map()
    };
    const runs: Run[] = project.runs.map((r) => ({
      id: r.key,
      experimentId: experiment.id,
      name: r.name,
      // trackio records no end and no outcome: a run is what it logged.
      status: 'FINISHED',
      startTime: r.start,
      endTime: null,
      deleted: false,
      parentId: null,
      params: r.params,
      tags: r.tags,
      metrics: finishedSeries(r),
      artifacts: [],
      source: { format: TRACKIO_ID, file }
    }));
    const notes: string[] = [];
    if (project.leftOut.size > 0) {
      const kinds = [...project.leftOut].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const total = kinds.reduce((n, [, c]) => n + c, 0);
      notes.push(
        `${plural(total, 'logged value')} that trackio does not plot as a number left out (${kinds
          .map(([kind, n]) => `${kind} ×${n}`)
          .join(', ')})`
      );
    }
    if (reader.unreadableRows > 0)
      notes.push(`${plural(reader.unreadableRows, 'row')} whose JSON could not be read left out`);
    const skipped: string[] = [];
    for (const table of NOT_RUN_DATA) {
      if (!schema.has(table)) continue;
      const count = Number((await db.all(`SELECT count(*) FROM "${table}"`, 1))[0]?.[0] ?? 0);
      if (count > 0) skipped.push(`${count} ${table}`);
    }
    if (skipped.length > 0) notes.push(`not run data, left out: ${skipped.join(', ')} rows`);
    if (notes.length > 0) ctx.warn({ file, message: `trackio project: ${notes.join('; ')}` });
    return runs.length === 0 ? { experiments: [], runs } : { experiments: [experiment], runs };
  } finally {
    await db.close();
  }
}

export const trackioImporter: Importer = {
  id: TRACKIO_ID,
  label: 'trackio project',
  extensions: ['.db'],
  sniff,
  parse
};
