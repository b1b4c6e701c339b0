/**
 * The model registry of an MLflow SQLite store (mlflow/store/model_registry/dbmodels/models.py):
 * `registered_models`, `model_versions` (stage, status, source, run), `registered_model_tags`,
 * `model_version_tags` and, from 2.3, `registered_model_aliases`. Tables an older schema lacks
 * are left out; a version's run is named by id and linked to the run when the views read it. A
 * deleted version keeps its row with stage `Deleted_Internal` (MLflow's SqlAlchemyStore soft
 * delete); MLflow's client never lists it, so neither does Runlens (found by the interop suite).
 */
import type { ModelVersion, RegisteredModel } from '../../model';
import type { SqliteDatabase } from '../readers/sqlite/database';
import { schemaHas } from '../readers/sqlite/source-database';
import type { Schema } from './schema';

/** MLflow writes '' for "none" (run_id of a version registered from a path, descriptions). */
function nonEmpty(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

async function readTags(
  db: SqliteDatabase,
  schema: Schema,
  table: string,
  columns: string[]
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (!schemaHas(schema, table, ['key', 'value', ...columns])) return out;
  await db.each(
    `SELECT ${columns.join(', ')}, key, value FROM ${table} ORDER BY ${columns.join(', ')}, key`,
    (row) => {
      const owner = columns.map((_, i) => row.text(i) ?? '').join('\u0000');
      const key = row.text(columns.length);
      if (key === null) return;
      let tags = out.get(owner);
      if (!tags) out.set(owner, (tags = new Map()));
      tags.set(key, row.text(columns.length + 1) ?? '');
    }
  );
  return out;
}

/** Every registered model of the store with its versions, tags and aliases (none: empty list). */
export async function readRegistry(
  db: SqliteDatabase,
  schema: Schema,
  file: string
): Promise<RegisteredModel[]> {
  if (!schemaHas(schema, 'model_versions', ['name', 'version', 'run_id', 'current_stage'])) {
    return [];
  }
  const from = `${file} (registered_models, model_versions)`;
  const models = new Map<string, RegisteredModel>();
  const modelOf = (name: string): RegisteredModel => {
    let m = models.get(name);
    if (!m) {
      m = {
        name,
        store: file,
        description: null,
        tags: new Map(),
        aliases: [],
        created: null,
        updated: null,
        versions: [],
        from
      };
      models.set(name, m);
    }
    return m;
  };
  if (schemaHas(schema, 'registered_models', ['name'])) {
    const col = (c: string) => (schemaHas(schema, 'registered_models', [c]) ? c : 'NULL');
    await db.each(
      `SELECT name, ${col('description')}, ${col('creation_time')}, ${col('last_updated_time')}
       FROM registered_models ORDER BY name`,
      (row) => {
        const m = modelOf(row.text(0) ?? '');
        m.description = nonEmpty(row.text(1));
        m.created = row.number(2);
        m.updated = row.number(3);
      }
    );
  }
  const versionTags = await readTags(db, schema, 'model_version_tags', ['name', 'version']);
  const col = (c: string) => (schemaHas(schema, 'model_versions', [c]) ? c : 'NULL');
  await db.each(
    `SELECT name, version, run_id, ${col('source')}, current_stage, ${col('status')},
       ${col('description')}, ${col('creation_time')}, ${col('last_updated_time')}
     FROM model_versions WHERE current_stage IS NULL OR current_stage != 'Deleted_Internal'
     ORDER BY name, version`,
    (row) => {
      const name = row.text(0) ?? '';
      const version = row.text(1) ?? '';
      const v: ModelVersion = {
        version,
        runId: nonEmpty(row.text(2)),
        source: nonEmpty(row.text(3)),
        stage: nonEmpty(row.text(4)),
        status: nonEmpty(row.text(5)),
        description: nonEmpty(row.text(6)),
        tags: versionTags.get(`${name}\u0000${version}`) ?? new Map(),
        created: row.number(7),
        updated: row.number(8),
        modelId: null,
        from
      };
      modelOf(name).versions.push(v);
    }
  );
  for (const [name, tags] of await readTags(db, schema, 'registered_model_tags', ['name'])) {
    modelOf(name).tags = tags;
  }
  if (schemaHas(schema, 'registered_model_aliases', ['name', 'alias', 'version'])) {
    await db.each(
      'SELECT name, alias, version FROM registered_model_aliases ORDER BY name, alias',
      (row) => {
        const alias = row.text(1);
        if (alias !== null)
          modelOf(row.text(0) ?? '').aliases.push({ alias, version: row.text(2) ?? '' });
      }
    );
  }
  return [...models.values()];
}
