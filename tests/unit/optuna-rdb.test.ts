// Optuna RDB storages in SQLite: each schema generation Optuna's migrations produced, read the
// same as a journal of the same study (one mapping, optuna-trial-run.ts), and broken stores named.
import { describe, expect, it } from 'vitest';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/import-pipeline';
import { sqliteBytes } from './helpers/sqlite-writer';

/** Optuna 5.0's tables as `RDBStorage` creates them (alembic head v3.2.0.a), trimmed of indexes. */
const SCHEMA_V3 = `
CREATE TABLE studies (study_id INTEGER NOT NULL, study_name VARCHAR(512) NOT NULL, PRIMARY KEY (study_id));
CREATE TABLE version_info (version_info_id INTEGER NOT NULL, schema_version INTEGER, library_version VARCHAR(256), PRIMARY KEY (version_info_id));
CREATE TABLE study_directions (study_direction_id INTEGER NOT NULL, direction VARCHAR(8) NOT NULL, study_id INTEGER NOT NULL, objective INTEGER NOT NULL, PRIMARY KEY (study_direction_id));
CREATE TABLE study_user_attributes (study_user_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (study_user_attribute_id));
CREATE TABLE study_system_attributes (study_system_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (study_system_attribute_id));
CREATE TABLE trials (trial_id INTEGER NOT NULL, number INTEGER, study_id INTEGER, state VARCHAR(8) NOT NULL, datetime_start DATETIME, datetime_complete DATETIME, PRIMARY KEY (trial_id));
CREATE TABLE trial_user_attributes (trial_user_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (trial_user_attribute_id));
CREATE TABLE trial_system_attributes (trial_system_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (trial_system_attribute_id));
CREATE TABLE trial_params (param_id INTEGER NOT NULL, trial_id INTEGER, param_name VARCHAR(512), param_value FLOAT, distribution_json TEXT, PRIMARY KEY (param_id));
CREATE TABLE trial_values (trial_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, objective INTEGER NOT NULL, value FLOAT, value_type VARCHAR(7) NOT NULL, PRIMARY KEY (trial_value_id));
CREATE TABLE trial_intermediate_values (trial_intermediate_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, step INTEGER NOT NULL, intermediate_value FLOAT, intermediate_value_type VARCHAR(7) NOT NULL, PRIMARY KEY (trial_intermediate_value_id));
CREATE TABLE trial_heartbeats (trial_heartbeat_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, heartbeat DATETIME NOT NULL, PRIMARY KEY (trial_heartbeat_id));
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('v3.2.0.a');
INSERT INTO version_info VALUES (1, 12, '5.0.0');
`;

const FLOAT_LOG = JSON.stringify({
  name: 'FloatDistribution',
  attributes: { step: null, low: 1e-5, high: 0.1, log: true }
});
const INT = JSON.stringify({
  name: 'IntDistribution',
  attributes: { log: false, step: 1, low: 1, high: 8 }
});
const CHOICE = JSON.stringify({
  name: 'CategoricalDistribution',
  attributes: { choices: ['adam', null, true, 0.5] }
});
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The study the journal test writes, as RDBStorage stores it: ids from 1, names for enums. */
const STORE_V3 = `${SCHEMA_V3}
INSERT INTO studies VALUES (1, 'tune'), (2, 'pareto');
INSERT INTO study_directions VALUES (1, 'MAXIMIZE', 1, 0), (2, 'MINIMIZE', 2, 0), (3, 'MAXIMIZE', 2, 1);
INSERT INTO study_user_attributes VALUES (1, 1, 'dataset', '"mnist"');
INSERT INTO trials VALUES (1, 0, 1, 'COMPLETE', '2024-05-01 12:00:00.123456', '2024-05-01 12:00:07.000001');
INSERT INTO trials VALUES (2, 1, 1, 'PRUNED', '2024-05-01 12:00:00.123456', '2024-05-01 12:00:07.000001');
INSERT INTO trials VALUES (3, 2, 1, 'FAIL', '2024-05-01 12:00:00.123456', '2024-05-01 12:00:07.000001');
INSERT INTO trials VALUES (4, 0, 2, 'COMPLETE', '2024-05-01 12:00:00.123456', '2024-05-01 12:00:07.000001');
INSERT INTO trials VALUES (5, 1, 2, 'WAITING', NULL, NULL);
INSERT INTO trial_params VALUES (1, 1, 'lr', 0.001, ${q(FLOAT_LOG)});
INSERT INTO trial_params VALUES (2, 1, 'n', 3.0, ${q(INT)});
INSERT INTO trial_params VALUES (3, 1, 'opt', 2, ${q(CHOICE)});
INSERT INTO trial_params VALUES (4, 2, 'opt', 1, ${q(CHOICE)});
INSERT INTO trial_params VALUES (5, 4, 'x', 7.0, ${q(INT)});
INSERT INTO trial_values VALUES (1, 1, 0, 0.75, 'FINITE');
INSERT INTO trial_values VALUES (2, 2, 0, 0.1, 'FINITE');
INSERT INTO trial_values VALUES (3, 4, 1, NULL, 'INF_NEG');
INSERT INTO trial_values VALUES (4, 4, 0, 1.5, 'FINITE');
INSERT INTO trial_intermediate_values VALUES (1, 1, 1, 0.5, 'FINITE');
INSERT INTO trial_intermediate_values VALUES (2, 1, 0, 0.25, 'FINITE');
INSERT INTO trial_intermediate_values VALUES (3, 2, 0, NULL, 'NAN');
INSERT INTO trial_intermediate_values VALUES (4, 2, 3, NULL, 'INF_POS');
INSERT INTO trial_user_attributes VALUES (1, 1, 'epochs', '10');
INSERT INTO trial_user_attributes VALUES (2, 1, '__proto__', '[1, NaN, {"a": null}]');
INSERT INTO trial_system_attributes VALUES (1, 4, 'fixed_params', '{"x": 7}');
`;

const W = 'w-1';
const T0 = '2024-05-01T12:00:00.123456';
const T1 = '2024-05-01T12:00:07.000001';
const op = (o: Record<string, unknown>) => JSON.stringify({ worker_id: W, ...o });

/** The same two studies as journal operations. */
const JOURNAL = [
  op({ op_code: 0, study_name: 'tune', directions: [2] }),
  op({ op_code: 2, study_id: 0, user_attr: { dataset: 'mnist' } }),
  op({ op_code: 4, study_id: 0, datetime_start: T0 }),
  op({
    op_code: 5,
    trial_id: 0,
    param_name: 'lr',
    param_value_internal: 0.001,
    distribution: FLOAT_LOG
  }),
  op({ op_code: 5, trial_id: 0, param_name: 'n', param_value_internal: 3.0, distribution: INT }),
  op({ op_code: 5, trial_id: 0, param_name: 'opt', param_value_internal: 2, distribution: CHOICE }),
  op({ op_code: 7, trial_id: 0, step: 1, intermediate_value: 0.5 }),
  op({ op_code: 7, trial_id: 0, step: 0, intermediate_value: 0.25 }),
  op({ op_code: 8, trial_id: 0, user_attr: { epochs: 10 } }),
  op({ op_code: 8, trial_id: 0, user_attr: { ['__proto__']: [1, 'NaN', { a: null }] } }).replace(
    '"NaN"',
    'NaN'
  ),
  op({ op_code: 6, trial_id: 0, state: 1, values: [0.75], datetime_complete: T1 }),
  op({ op_code: 4, study_id: 0, datetime_start: T0 }),
  op({ op_code: 5, trial_id: 1, param_name: 'opt', param_value_internal: 1, distribution: CHOICE }),
  op({ op_code: 7, trial_id: 1, step: 0, intermediate_value: 'NaN' }).replace('"NaN"', 'NaN'),
  op({ op_code: 7, trial_id: 1, step: 3, intermediate_value: 'Infinity' }).replace(
    '"Infinity"',
    'Infinity'
  ),
  op({ op_code: 6, trial_id: 1, state: 2, values: [0.1], datetime_complete: T1 }),
  op({ op_code: 4, study_id: 0, datetime_start: T0 }),
  op({ op_code: 6, trial_id: 2, state: 3, values: null, datetime_complete: T1 }),
  op({ op_code: 0, study_name: 'pareto', directions: [1, 2] }),
  op({
    op_code: 4,
    study_id: 1,
    datetime_start: T0,
    datetime_complete: T1,
    state: 1,
    values: [1.5, '-Infinity'],
    distributions: { x: INT },
    params: { x: 7.0 },
    system_attrs: { fixed_params: { x: 7 } }
  }).replace('"-Infinity"', '-Infinity'),
  op({ op_code: 4, study_id: 1, datetime_start: null, state: 4 })
].join('\n');

const noop = () => {};

async function importBytes(path: string, bytes: Uint8Array) {
  return parseFiles([sourceFromBytes(path, bytes)], IMPORTERS, noop, noop);
}

async function importStore(path: string, sql: string) {
  return importBytes(path, await sqliteBytes(sql));
}

/** What a person sees of a run, without where it came from. */
function seen(run: Run) {
  return {
    name: run.name,
    status: run.status,
    startTime: run.startTime,
    endTime: run.endTime,
    params: Object.fromEntries(run.params),
    tags: Object.fromEntries(run.tags),
    metrics: run.metrics.map((m) => ({
      key: m.key,
      points: [...m.steps].map((s, i) => [s, m.values[i], m.timestamps[i]])
    }))
  };
}

function only(result: Awaited<ReturnType<typeof importBytes>>): ImportedBatch {
  expect(result.errors).toEqual([]);
  expect(result.parsed).toHaveLength(1);
  return result.parsed[0]!.batch;
}

describe('Optuna RDB storage', () => {
  it('shows a study exactly as the journal of the same study shows it', async () => {
    const rdb = await importStore('optuna.db', STORE_V3);
    expect(rdb.parsed.map((p) => p.format)).toEqual(['optuna-rdb']);
    const journal = await importBytes('journal.log', new TextEncoder().encode(`${JOURNAL}\n`));
    expect(journal.parsed.map((p) => p.format)).toEqual(['optuna-journal']);
    const fromRdb = only(rdb);
    const fromJournal = only(journal);
    expect(fromRdb.runs).toHaveLength(5);
    expect(fromRdb.runs.map(seen)).toEqual(fromJournal.runs.map(seen));
    expect(fromRdb.experiments.map((e) => [e.name, Object.fromEntries(e.tags)])).toEqual(
      fromJournal.experiments.map((e) => [e.name, Object.fromEntries(e.tags)])
    );
  });

  it('reads params, objectives, infinities and attributes as Optuna gives them back', async () => {
    const batch = only(await importStore('tuning/optuna.db', STORE_V3));
    expect(batch.experiments.map((e) => e.id)).toEqual([
      'tuning/optuna.db#study-1',
      'tuning/optuna.db#study-2'
    ]);
    const byName = new Map(batch.runs.map((r) => [`${r.experimentId} ${r.name}`, r]));
    const first = byName.get('tuning/optuna.db#study-1 trial 0')!;
    expect(Object.fromEntries(first.params)).toEqual({ lr: '0.001', n: '3', opt: 'True' });
    expect(first.tags.get('__proto__')).toBe('[1,null,{"a":null}]');
    expect(first.startTime).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
    const pruned = byName.get('tuning/optuna.db#study-1 trial 1')!;
    expect(pruned.status).toBe('KILLED');
    expect([...pruned.metrics.find((m) => m.key === 'intermediate_value')!.values]).toEqual([
      NaN,
      Infinity
    ]);
    const pareto = byName.get('tuning/optuna.db#study-2 trial 0')!;
    expect(pareto.metrics.map((m) => [m.key, m.values[0]])).toEqual([
      ['values/0', 1.5],
      ['values/1', -Infinity]
    ]);
    expect(byName.get('tuning/optuna.db#study-2 trial 1')!.status).toBe('SCHEDULED');
  });

  it('names the schema it read in the report', async () => {
    const result = await importStore('optuna.db', STORE_V3);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'read as an Optuna RDB storage (schema v3.2.0.a, set up by Optuna 5.0.0)'
    ]);
  });
});

/** Optuna 2.4 to 2.10 (v2.4.0.a, v2.6.0.a): no value types, infinities clamped to float32 max. */
const STORE_V2 = `
CREATE TABLE studies (study_id INTEGER NOT NULL, study_name VARCHAR(512) NOT NULL, PRIMARY KEY (study_id));
CREATE TABLE version_info (version_info_id INTEGER NOT NULL, schema_version INTEGER, library_version VARCHAR(256), PRIMARY KEY (version_info_id));
CREATE TABLE study_directions (study_direction_id INTEGER NOT NULL, direction VARCHAR(8) NOT NULL, study_id INTEGER NOT NULL, objective INTEGER NOT NULL, PRIMARY KEY (study_direction_id));
CREATE TABLE study_user_attributes (study_user_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (study_user_attribute_id));
CREATE TABLE study_system_attributes (study_system_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (study_system_attribute_id));
CREATE TABLE trials (trial_id INTEGER NOT NULL, number INTEGER, study_id INTEGER, state VARCHAR(8) NOT NULL, datetime_start DATETIME, datetime_complete DATETIME, PRIMARY KEY (trial_id));
CREATE TABLE trial_user_attributes (trial_user_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (trial_user_attribute_id));
CREATE TABLE trial_system_attributes (trial_system_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (trial_system_attribute_id));
CREATE TABLE trial_params (param_id INTEGER NOT NULL, trial_id INTEGER, param_name VARCHAR(512), param_value FLOAT, distribution_json TEXT, PRIMARY KEY (param_id));
CREATE TABLE trial_values (trial_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, objective INTEGER NOT NULL, value FLOAT NOT NULL, PRIMARY KEY (trial_value_id));
CREATE TABLE trial_intermediate_values (trial_intermediate_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, step INTEGER NOT NULL, intermediate_value FLOAT, PRIMARY KEY (trial_intermediate_value_id));
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('v2.6.0.a');
INSERT INTO version_info VALUES (1, 12, '2.10.1');
INSERT INTO studies VALUES (1, 'legacy');
INSERT INTO study_directions VALUES (1, 'MINIMIZE', 1, 0);
INSERT INTO trials VALUES (1, 0, 1, 'COMPLETE', '2021-03-01 09:00:00', '2021-03-01 09:01:00.5');
INSERT INTO trial_params VALUES (1, 1, 'lr', 0.01, '{"name": "LogUniformDistribution", "attributes": {"low": 1e-05, "high": 0.1}}');
INSERT INTO trial_params VALUES (2, 1, 'units', 64, '{"name": "IntUniformDistribution", "attributes": {"low": 16, "high": 128, "step": 16}}');
INSERT INTO trial_values VALUES (1, 1, 0, 3.4028234663852886e38);
INSERT INTO trial_intermediate_values VALUES (1, 1, 0, -3.4028234663852886e38);
INSERT INTO trial_intermediate_values VALUES (2, 1, 1, NULL);
INSERT INTO trial_intermediate_values VALUES (3, 1, 2, 0.5);
`;

/**
 * Optuna 0.9 to 2.3 (v0.9.0.a, v1.2.0.a; v1.3.0.a added trials.number): one objective in
 * trials.value, the direction on the study, and trial_values holding the intermediate values.
 */
const STORE_V1 = `
CREATE TABLE studies (study_id INTEGER NOT NULL, study_name VARCHAR(512) NOT NULL, direction VARCHAR(8) NOT NULL, PRIMARY KEY (study_id));
CREATE TABLE version_info (version_info_id INTEGER NOT NULL, schema_version INTEGER, library_version VARCHAR(256), PRIMARY KEY (version_info_id));
CREATE TABLE study_user_attributes (study_user_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json VARCHAR(2048), PRIMARY KEY (study_user_attribute_id));
CREATE TABLE study_system_attributes (study_system_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json VARCHAR(2048), PRIMARY KEY (study_system_attribute_id));
CREATE TABLE trials (trial_id INTEGER NOT NULL, study_id INTEGER, state VARCHAR(8) NOT NULL, value FLOAT, datetime_start DATETIME, datetime_complete DATETIME, PRIMARY KEY (trial_id));
CREATE TABLE trial_user_attributes (trial_user_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json VARCHAR(2048), PRIMARY KEY (trial_user_attribute_id));
CREATE TABLE trial_system_attributes (trial_system_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json VARCHAR(2048), PRIMARY KEY (trial_system_attribute_id));
CREATE TABLE trial_params (param_id INTEGER NOT NULL, trial_id INTEGER, param_name VARCHAR(512), param_value FLOAT, distribution_json VARCHAR(2048), PRIMARY KEY (param_id));
CREATE TABLE trial_values (trial_value_id INTEGER NOT NULL, trial_id INTEGER, step INTEGER, value FLOAT, PRIMARY KEY (trial_value_id));
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('v1.2.0.a');
INSERT INTO version_info VALUES (1, 12, '1.2.0');
INSERT INTO studies VALUES (1, 'old', 'MAXIMIZE');
INSERT INTO trials VALUES (7, 1, 'COMPLETE', 0.9, '2020-01-01 00:00:00.000001', '2020-01-01 00:00:01');
INSERT INTO trials VALUES (9, 1, 'FAIL', NULL, '2020-01-01 00:00:02', '2020-01-01 00:00:03');
INSERT INTO trials VALUES (10, 1, 'RUNNING', NULL, '2020-01-01 00:00:04', NULL);
INSERT INTO trial_system_attributes VALUES (1, 7, '_number', '0');
INSERT INTO trial_system_attributes VALUES (2, 9, '_number', '1');
INSERT INTO trial_system_attributes VALUES (3, 10, '_number', '2');
INSERT INTO trial_params VALUES (1, 7, 'dropout', 0.3, '{"name": "DiscreteUniformDistribution", "attributes": {"low": 0.0, "high": 0.5, "q": 0.1}}');
INSERT INTO trial_params VALUES (2, 7, 'kind', 1.0, '{"name": "CategoricalDistribution", "attributes": {"choices": ["a", "b"]}}');
INSERT INTO trial_values VALUES (1, 7, 0, 0.5);
INSERT INTO trial_values VALUES (2, 7, 5, 0.8);
`;

describe('older Optuna storages', () => {
  it('reads 2.x stores, where infinities were clamped to float32 max and legacy classes named the distributions', async () => {
    const result = await importStore('old.db', STORE_V2);
    const [run] = only(result).runs;
    expect(seen(run!)).toMatchObject({
      name: 'trial 0',
      status: 'FINISHED',
      startTime: Date.UTC(2021, 2, 1, 9, 0, 0),
      endTime: Date.UTC(2021, 2, 1, 9, 1, 0, 500),
      params: { lr: '0.01', units: '64' }
    });
    expect(run!.metrics.map((m) => [m.key, [...m.values]])).toEqual([
      ['value', [Infinity]],
      ['intermediate_value', [-Infinity, NaN, 0.5]]
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'read as an Optuna RDB storage (schema v2.6.0.a, set up by Optuna 2.10.1)'
    ]);
  });

  it('reads 1.x stores: one objective on the trial, intermediate values in trial_values, numbers in _number', async () => {
    const batch = only(await importStore('v1.db', STORE_V1));
    expect(batch.experiments[0]!.tags.get('optuna.direction.value')).toBe('maximize');
    expect(
      batch.runs.map((r) => [
        r.id,
        r.status,
        r.metrics.map((m) => [m.key, [...m.steps], [...m.values]])
      ])
    ).toEqual([
      [
        '0',
        'FINISHED',
        [
          ['value', [0], [0.9]],
          ['intermediate_value', [0, 5], [0.5, 0.8]]
        ]
      ],
      ['1', 'FAILED', []],
      ['2', 'RUNNING', []]
    ]);
    const first = batch.runs[0]!;
    expect(Object.fromEntries(first.params)).toEqual({ dropout: '0.3', kind: 'b' });
    // The migration to 1.3 moves `_number` into trials.number: it is not an attribute any more.
    expect([...first.tags.keys()].filter((k) => k.includes('_number'))).toEqual([]);
  });
});

describe('broken or empty storages', () => {
  it('names the trial and param whose distribution cannot be read', async () => {
    const result = await importStore(
      'optuna.db',
      `${SCHEMA_V3}
      INSERT INTO studies VALUES (1, 's');
      INSERT INTO study_directions VALUES (1, 'MINIMIZE', 1, 0);
      INSERT INTO trials VALUES (1, 0, 1, 'COMPLETE', NULL, NULL);
      INSERT INTO trial_params VALUES (1, 1, 'opt', 5, ${q(CHOICE)});`
    );
    expect(result.errors.map((e) => [e.file, e.message])).toEqual([
      ['optuna.db', 'study "s", trial 0, param "opt": choice index 5 is outside the 4 choices']
    ]);
  });

  it('leaves out trials of a state Optuna does not have, and says so', async () => {
    const result = await importStore(
      'optuna.db',
      `${SCHEMA_V3}
      INSERT INTO studies VALUES (1, 's');
      INSERT INTO study_directions VALUES (1, 'MINIMIZE', 1, 0);
      INSERT INTO trials VALUES (1, 0, 1, 'COMPLETE', NULL, NULL);
      INSERT INTO trials VALUES (2, 1, 1, 'PAUSED', NULL, NULL);`
    );
    expect(only(result).runs.map((r) => r.id)).toEqual(['0']);
    expect(result.warnings.map((w) => w.message)).toContainEqual(
      '1 trial(s) with state "PAUSED", not an Optuna trial state, were left out'
    );
  });

  it('gives no runs for a storage without trials, and rejects a damaged one by name', async () => {
    const empty = await importStore(
      'optuna.db',
      `${SCHEMA_V3} INSERT INTO studies VALUES (1, 's');`
    );
    expect(empty.parsed).toEqual([]);
    expect(empty.skipped).toEqual([
      { file: 'optuna.db', reason: 'Optuna RDB storage (SQLite) file: no runs' }
    ]);
    const bytes = await sqliteBytes(STORE_V3);
    const damaged = await importBytes('optuna.db', bytes.slice(0, 4096 * 2));
    expect(damaged.parsed).toEqual([]);
    expect(damaged.errors).toHaveLength(1);
    expect(damaged.errors[0]!.file).toBe('optuna.db');
    expect(damaged.errors[0]!.message).toMatch(/SQLite/);
  });
});
