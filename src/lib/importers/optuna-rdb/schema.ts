/**
 * The generations of Optuna's RDB schema, told by the tables and columns a storage has (Optuna's
 * alembic migrations under optuna/storages/_rdb/alembic/versions, v0.9.0.a to v3.2.0.a, and
 * models.py; read from Optuna 5.0.0 and the earlier revisions, 2026-12):
 *
 * - v0.9.0.a (Optuna 0.9, 2019): `studies.direction`, one objective in `trials.value`, and
 *   `trial_values(step, value)` holding the *intermediate* values; the trial number lives in the
 *   system attribute `_number`. v1.2.0.a adds the WAITING state.
 * - v1.3.0.a (1.3): `trials.number`; the `_number` attributes are moved into it.
 * - v2.0.0.a: `trials.datetime_last_update` (dropped again later; not read).
 * - v2.4.0.a (2.4, multi-objective): `study_directions(study_id, objective, direction)`,
 *   `trial_values(trial_id, objective, value)` now the objective values, and
 *   `trial_intermediate_values(trial_id, step, intermediate_value)`; `studies.direction`,
 *   `trials.value` and `trial_values.step` are dropped.
 * - v2.6.0.a: attribute and distribution JSON as TEXT (no limit); nothing changes for a reader.
 * - v3.0.0.a: legacy distributions rewritten as Float/IntDistribution (both are read anyway).
 * - v3.0.0.c, v3.0.0.d: `intermediate_value_type` and `value_type` (FINITE, INF_POS, INF_NEG,
 *   NAN) with the value NULL when it is not finite. Before them Optuna clamped ±inf to ±float32
 *   max, and the migrations turn values close to it back into ±inf; so does Runlens.
 * - v3.2.0.a: an index on `trials.study_id` (the head revision of Optuna 4 and 5).
 */
import { schemaHas, type SqliteSchema } from '../readers/sqlite/source-database';

/** The tables every generation has, with the columns Runlens reads from all of them. */
const CORE: Record<string, string[]> = {
  studies: ['study_id', 'study_name'],
  trials: ['trial_id', 'study_id', 'state', 'datetime_start', 'datetime_complete'],
  trial_params: ['trial_id', 'param_name', 'param_value', 'distribution_json']
};

/** Is this schema an Optuna RDB storage? */
export function isOptunaSchema(schema: SqliteSchema): boolean {
  return (
    schemaHas(schema, 'studies', ['study_id', 'study_name']) &&
    schemaHas(schema, 'trials', ['trial_id', 'study_id']) &&
    schema.has('trial_params')
  );
}

/** What is missing for Runlens to read it, as `table.column` names (empty when nothing is). */
export function missingCore(schema: SqliteSchema): string[] {
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(CORE)) {
    const have = schema.get(table);
    if (!have) missing.push(table);
    else for (const column of columns) if (!have.has(column)) missing.push(`${table}.${column}`);
  }
  const directions =
    schemaHas(schema, 'study_directions', ['study_id', 'objective', 'direction']) ||
    schemaHas(schema, 'studies', ['direction']);
  if (!directions) missing.push('study_directions');
  return missing;
}

/** How a storage of this schema keeps its values. */
export interface OptunaLayout {
  /** Since 2.4: several objectives in `trial_values`; before, one in `trials.value`. */
  multiObjective: boolean;
  /** Since 1.3: `trials.number`; before, the `_number` system attribute. */
  numberColumn: boolean;
  /** Since 3.0: `value_type` and `intermediate_value_type` say which values are infinite. */
  valueTypes: boolean;
  intermediateTypes: boolean;
}

export function layoutOf(schema: SqliteSchema): OptunaLayout {
  return {
    multiObjective:
      schemaHas(schema, 'trial_values', ['objective']) && schema.has('trial_intermediate_values'),
    numberColumn: schemaHas(schema, 'trials', ['number']),
    valueTypes: schemaHas(schema, 'trial_values', ['value_type']),
    intermediateTypes: schemaHas(schema, 'trial_intermediate_values', ['intermediate_value_type'])
  };
}
