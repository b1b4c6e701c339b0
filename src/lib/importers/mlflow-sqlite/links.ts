/**
 * What links a run to other things in an MLflow SQLite store: the datasets it read (`inputs` →
 * `datasets`, with `input_tags` for the context) and the models it logged (3.x `logged_models`)
 * go to the run's provenance; the registered model versions made from it (`model_versions`, with
 * stages and aliases) stay a readable `runlens.registeredModels` tag until Runlens has a model of
 * the registry.
 */
import type { DatasetInput, LoggedModel } from '../../model';
import { datasetInput } from '../../provenance/rules/mlflow-dataset-input';
import type { SqliteDatabase } from '../readers/sqlite/database';
import { schemaHas } from '../readers/sqlite/source-database';
import type { Schema } from './schema';

/** What the store links to one run. */
export interface RunLinks {
  data: DatasetInput[];
  models: LoggedModel[];
  /** `runlens.registeredModels` → entries. */
  tags: Map<string, string[]>;
}

type Links = Map<string, RunLinks>;

function linksOf(links: Links, runId: string): RunLinks {
  let found = links.get(runId);
  if (!found) links.set(runId, (found = { data: [], models: [], tags: new Map() }));
  return found;
}

function add(links: Links, runId: string, tag: string, entry: string): void {
  const tags = linksOf(links, runId).tags;
  let list = tags.get(tag);
  if (!list) tags.set(tag, (list = []));
  list.push(entry);
}

async function readDatasets(db: SqliteDatabase, schema: Schema, links: Links): Promise<void> {
  if (
    !schemaHas(schema, 'inputs', ['input_uuid', 'source_type', 'source_id', 'destination_id']) ||
    !schemaHas(schema, 'datasets', ['dataset_uuid', 'name', 'digest'])
  ) {
    return;
  }
  const context = schemaHas(schema, 'input_tags', ['input_uuid', 'name', 'value'])
    ? `(SELECT t.value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context')`
    : 'NULL';
  const column = (name: string) => (schemaHas(schema, 'datasets', [name]) ? `d.${name}` : 'NULL');
  const sql = `SELECT i.destination_id, d.name, d.digest, ${context},
      ${column('dataset_source_type')}, ${column('dataset_source')}, ${column('dataset_schema')},
      ${column('dataset_profile')}
    FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
    WHERE i.source_type = 'DATASET' ORDER BY i.destination_id, d.name, i.input_uuid`;
  await db.each(sql, (row) => {
    const runId = row.text(0);
    if (runId === null) return;
    linksOf(links, runId).data.push(
      datasetInput(
        {
          name: row.text(1) ?? undefined,
          digest: row.text(2),
          context: row.text(3),
          sourceType: row.text(4),
          source: row.text(5),
          schema: row.text(6),
          profile: row.text(7)
        },
        'tables inputs, datasets'
      )
    );
  });
}

async function readLoggedModels(db: SqliteDatabase, schema: Schema, links: Links): Promise<void> {
  if (!schemaHas(schema, 'logged_models', ['model_id', 'name', 'source_run_id'])) return;
  // A deleted model keeps its row (lifecycle_stage = 'deleted'); MLflow's client and UI no longer
  // list it, so neither does the run's tag.
  const live = schemaHas(schema, 'logged_models', ['lifecycle_stage'])
    ? `AND (lifecycle_stage IS NULL OR lifecycle_stage != 'deleted')`
    : '';
  const step = schemaHas(schema, 'logged_models', ['source_run_step']) ? 'source_run_step' : 'NULL';
  const sql = `SELECT source_run_id, name, model_id, ${step} FROM logged_models
    WHERE source_run_id IS NOT NULL ${live} ORDER BY source_run_id, model_id`;
  await db.each(sql, (row) => {
    const runId = row.text(0);
    if (runId === null) return;
    linksOf(links, runId).models.push({
      id: row.text(2),
      name: row.text(1),
      artifactPath: null,
      flavors: [],
      step: row.number(3),
      mlflowVersion: null,
      created: null,
      from: 'table logged_models'
    });
  });
}

async function readRegistry(db: SqliteDatabase, schema: Schema, links: Links): Promise<void> {
  if (!schemaHas(schema, 'model_versions', ['name', 'version', 'run_id', 'current_stage'])) return;
  const aliases = new Map<string, string[]>();
  if (schemaHas(schema, 'registered_model_aliases', ['name', 'alias', 'version'])) {
    await db.each(
      'SELECT name, version, alias FROM registered_model_aliases ORDER BY alias',
      (row) => {
        const key = `${row.text(0)}\u0000${row.text(1)}`;
        aliases.set(key, [...(aliases.get(key) ?? []), `@${row.text(2) ?? ''}`]);
      }
    );
  }
  const sql = `SELECT run_id, name, version, current_stage FROM model_versions
    WHERE run_id IS NOT NULL AND run_id != '' ORDER BY name, version`;
  await db.each(sql, (row) => {
    const runId = row.text(0)!;
    const name = row.text(1) ?? '';
    const version = row.text(2) ?? '';
    const stage = row.text(3);
    const marks = [
      stage && stage !== 'None' ? stage : null,
      ...(aliases.get(`${name}\u0000${version}`) ?? [])
    ].filter(Boolean);
    add(
      links,
      runId,
      'runlens.registeredModels',
      `${name} v${version}${marks.length ? ` (${marks.join(', ')})` : ''}`
    );
  });
}

/** Run id → its datasets, logged models and `runlens.*` tags (tag → its text). */
export async function readRunLinks(
  db: SqliteDatabase,
  schema: Schema
): Promise<
  Map<string, { data: DatasetInput[]; models: LoggedModel[]; tags: Map<string, string> }>
> {
  const links: Links = new Map();
  await readDatasets(db, schema, links);
  await readLoggedModels(db, schema, links);
  await readRegistry(db, schema, links);
  const out = new Map<
    string,
    { data: DatasetInput[]; models: LoggedModel[]; tags: Map<string, string> }
  >();
  for (const [runId, { data, models, tags }] of links) {
    out.set(runId, {
      data,
      models,
      tags: new Map([...tags].map(([tag, list]) => [tag, list.join('; ')]))
    });
  }
  return out;
}
