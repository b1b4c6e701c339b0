/**
 * The tracking part of an MLflow SQLite store read into the model: experiments with their tags,
 * runs with params, tags and every metric point. The same rules as the FileStore importer apply
 * (run name from `runs.name`, else the `mlflow.runName` tag; parent from `mlflow.parentRunId`;
 * deleted runs and runs of deleted experiments kept and marked), so a store migrated from
 * `mlruns/` to `mlflow.db` reads the same.
 */
import type { Experiment, KeyedStrings, MetricSeries, Run } from '../../model';
import type { ImportContext } from '../importer';
import { mlflowRunStatus } from '../mlflow-filestore/run-files';
import type { SqliteDatabase } from '../readers/sqlite/database';
import { TextPool } from '../readers/sqlite/text-pool';
import { SeriesBuilder } from '../readers/series-builder';
import { schemaHas } from '../readers/sqlite/source-database';
import type { Schema } from './schema';
import type { readRunLinks } from './links';
import { mlflowRunProvenance } from '../../provenance/mlflow-run';

export const MLFLOW_SQLITE_ID = 'mlflow-sqlite';

/**
 * Experiment ids are small numbers in every store (`0` is always Default): two stores dropped
 * together must not merge their experiments, so ids are scoped by the store's path.
 */
export function scopedExperimentId(file: string, id: string): string {
  return `${file}#${id}`;
}

/** MLflow stores ±Infinity as ±DBL_MAX (SqlAlchemyStore clamps them); they are read back as logged. */
const DBL_MAX = 1.7976931348623157e308;

/** How often (in rows) the metric scan checks for cancellation and reports progress. */
const ROWS_PER_CHECK = 50_000;

async function readKeyed(db: SqliteDatabase, sql: string): Promise<Map<string, KeyedStrings>> {
  const byOwner = new Map<string, KeyedStrings>();
  await db.each(sql, (row) => {
    const owner = row.text(0);
    const key = row.text(1);
    if (owner === null || key === null) return;
    let map = byOwner.get(owner);
    if (!map) byOwner.set(owner, (map = new Map()));
    map.set(key, row.text(2) ?? '');
  });
  return byOwner;
}

export async function readExperiments(
  db: SqliteDatabase,
  schema: Schema,
  file: string
): Promise<Experiment[]> {
  const tags = schema.has('experiment_tags')
    ? await readKeyed(db, 'SELECT experiment_id, key, value FROM experiment_tags ORDER BY rowid')
    : new Map<string, KeyedStrings>();
  const experiments: Experiment[] = [];
  await db.each(
    'SELECT experiment_id, name, lifecycle_stage FROM experiments ORDER BY experiment_id',
    (row) => {
      const id = row.text(0) ?? '';
      experiments.push({
        id: scopedExperimentId(file, id),
        name: row.text(1) || id,
        deleted: row.text(2) === 'deleted',
        tags: tags.get(id) ?? new Map()
      });
    }
  );
  return experiments;
}

interface RunRow {
  id: string;
  experimentId: string;
  name: string | null;
  status: string | null;
  startTime: number | null;
  endTime: number | null;
  deleted: boolean;
}

/** Every metric point, grouped by run and key in one pass over the table in logging order. */
async function readMetrics(
  db: SqliteDatabase,
  schema: Schema,
  ctx: ImportContext
): Promise<Map<string, MetricSeries[]>> {
  const step = schemaHas(schema, 'metrics', ['step']) ? 'step' : '0';
  const isNan = schemaHas(schema, 'metrics', ['is_nan']) ? 'is_nan' : '0';
  const builders = new Map<string, Map<string, SeriesBuilder>>();
  let rows = 0;
  const runIds = new TextPool();
  const keys = new TextPool();
  // Rows logged together sit together: remember the last run and key to skip two map lookups.
  let lastRun = '';
  let lastKey = '';
  let last: SeriesBuilder | undefined;
  await db.each(
    `SELECT run_uuid, key, value, timestamp, ${step}, ${isNan} FROM metrics ORDER BY rowid`,
    (row) => {
      const runId = row.repeatedText(0, runIds) ?? '';
      const key = row.repeatedText(1, keys) ?? '';
      if (last === undefined || runId !== lastRun || key !== lastKey) {
        let byKey = builders.get(runId);
        if (!byKey) builders.set(runId, (byKey = new Map()));
        last = byKey.get(key);
        if (!last) byKey.set(key, (last = new SeriesBuilder(key)));
        lastRun = runId;
        lastKey = key;
      }
      // value, step and is_nan are NOT NULL in every schema generation; timestamp may be NULL.
      let value = row.double(2);
      if (row.double(5) === 1) value = NaN;
      else if (value === DBL_MAX) value = Infinity;
      else if (value === -DBL_MAX) value = -Infinity;
      last.push(row.double(4), value, row.number(3) ?? NaN);
      if (++rows % ROWS_PER_CHECK === 0) {
        ctx.checkCancelled();
        ctx.reportPoints(rows);
      }
    }
  );
  ctx.reportPoints(rows);
  const out = new Map<string, MetricSeries[]>();
  for (const [runId, byKey] of builders) {
    out.set(
      runId,
      [...byKey.values()].map((b) => b.finish())
    );
  }
  return out;
}

/**
 * Runs of the store, each with its params, tags and metrics; `links` adds the datasets and logged
 * models to the provenance and the `runlens.registeredModels` tag.
 */
export async function readRuns(
  db: SqliteDatabase,
  schema: Schema,
  file: string,
  experiments: Experiment[],
  links: Awaited<ReturnType<typeof readRunLinks>>,
  ctx: ImportContext
): Promise<Run[]> {
  const rows: RunRow[] = [];
  const name = schemaHas(schema, 'runs', ['name']) ? 'name' : 'NULL';
  await db.each(
    `SELECT run_uuid, experiment_id, ${name}, status, start_time, end_time, lifecycle_stage
     FROM runs ORDER BY start_time, run_uuid`,
    (row) => {
      rows.push({
        id: row.text(0) ?? '',
        experimentId: scopedExperimentId(file, row.text(1) ?? ''),
        name: row.text(2),
        status: row.text(3),
        startTime: row.number(4),
        endTime: row.number(5),
        deleted: row.text(6) === 'deleted'
      });
    }
  );
  ctx.checkCancelled();
  const params = await readKeyed(db, 'SELECT run_uuid, key, value FROM params ORDER BY rowid');
  const tags = await readKeyed(db, 'SELECT run_uuid, key, value FROM tags ORDER BY rowid');
  const metrics = await readMetrics(db, schema, ctx);
  const deletedExperiments = new Set(experiments.filter((e) => e.deleted).map((e) => e.id));
  const runs: Run[] = [];
  for (const row of rows) {
    const status = mlflowRunStatus(row.status);
    if (status === null) {
      ctx.warn({
        file,
        message: `run ${row.id}: status ${JSON.stringify(row.status)} is not an MLflow run status; the run was left out`
      });
      continue;
    }
    const runTags = tags.get(row.id) ?? new Map<string, string>();
    const linked = links.get(row.id);
    for (const [k, v] of linked?.tags ?? []) runTags.set(k, v);
    const run: Run = {
      id: row.id,
      experimentId: row.experimentId,
      name: row.name || runTags.get('mlflow.runName') || null,
      status,
      startTime: row.startTime,
      endTime: row.endTime,
      deleted: row.deleted || deletedExperiments.has(row.experimentId),
      parentId: runTags.get('mlflow.parentRunId') || null,
      params: params.get(row.id) ?? new Map(),
      tags: runTags,
      metrics: metrics.get(row.id) ?? [],
      artifacts: [],
      source: { format: MLFLOW_SQLITE_ID, file }
    };
    const provenance = mlflowRunProvenance(run, linked);
    if (provenance) run.provenance = provenance;
    runs.push(run);
  }
  const known = new Set(rows.map((r) => r.id));
  const orphans = [...metrics.keys()].filter((id) => !known.has(id));
  if (orphans.length > 0) {
    ctx.warn({
      file,
      message: `metrics of ${orphans.length} run id(s) with no row in the runs table were left out (${orphans.slice(0, 3).join(', ')})`
    });
  }
  return runs;
}
