/**
 * What an MLflow SQLite store holds, told by its tables and columns rather than by a list of
 * alembic revisions: every generation from 1.x (12 tables) to 3.x (40+ tables) has the same core,
 * and later ones add columns (`runs.deleted_time`, `experiments.creation_time`) and tables
 * (`inputs`/`datasets` in 2.4, `registered_model_aliases` in 2.3, `logged_models` in 3.0).
 * Source: mlflow/store/tracking/dbmodels/models.py, mlflow/store/model_registry/dbmodels/models.py
 * and the alembic migrations under mlflow/store/db_migrations (3.x-era copy, 2026).
 */

import type { SqliteSchema as Schema } from '../readers/sqlite/source-database';

export type { Schema };

/** The tables every MLflow tracking store has had since 1.0, with the columns Runlens reads. */
const CORE: Record<string, string[]> = {
  experiments: ['experiment_id', 'name', 'lifecycle_stage'],
  runs: ['run_uuid', 'status', 'start_time', 'end_time', 'lifecycle_stage', 'experiment_id'],
  metrics: ['key', 'value', 'timestamp', 'run_uuid'],
  params: ['key', 'value', 'run_uuid'],
  tags: ['key', 'value', 'run_uuid']
};

/** Is this schema an MLflow tracking store? */
export function isMlflowSchema(schema: Schema): boolean {
  return schema.has('alembic_version') && schema.has('experiments') && schema.has('runs');
}

/** What is missing for Runlens to read it, as `table.column` names (empty when nothing is). */
export function missingCore(schema: Schema): string[] {
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(CORE)) {
    const have = schema.get(table);
    if (!have) {
      missing.push(table);
      continue;
    }
    for (const column of columns) if (!have.has(column)) missing.push(`${table}.${column}`);
  }
  return missing;
}

/** The store's era for the report, from what it holds (the alembic revision is named beside it). */
export function generationOf(schema: Schema): string {
  if (schema.has('logged_models')) return 'MLflow 3.x';
  if (schema.has('inputs') || schema.has('registered_model_aliases')) return 'MLflow 2.x';
  return 'MLflow 1.x';
}
