// MLflow SQLite stores: the odd cases a real store holds, built with the schema's own tables.
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/import-pipeline';
import { sqliteBytes } from './helpers/sqlite-writer';

/** The MLflow 2.x tables Runlens reads (columns as MLflow's models declare them). */
const SCHEMA = `
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
INSERT INTO alembic_version VALUES ('5b0e9adcef9c');
CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256), artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
CREATE TABLE experiment_tags (key VARCHAR(250), value VARCHAR(5000), experiment_id INTEGER);
CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT);
CREATE TABLE metrics (key VARCHAR(250), value FLOAT, timestamp BIGINT, run_uuid VARCHAR(32), step BIGINT DEFAULT 0, is_nan BOOLEAN DEFAULT 0, PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
CREATE TABLE params (key VARCHAR(250), value VARCHAR(8000), run_uuid VARCHAR(32));
CREATE TABLE tags (key VARCHAR(250), value VARCHAR(8000), run_uuid VARCHAR(32));
CREATE TABLE datasets (dataset_uuid VARCHAR(36), experiment_id INTEGER, name VARCHAR(500), digest VARCHAR(36), dataset_source_type VARCHAR(36), dataset_source TEXT, dataset_schema TEXT, dataset_profile TEXT);
CREATE TABLE inputs (input_uuid VARCHAR(36), source_type VARCHAR(36), source_id VARCHAR(36), destination_type VARCHAR(36), destination_id VARCHAR(36));
CREATE TABLE input_tags (input_uuid VARCHAR(36), name VARCHAR(255), value VARCHAR(500));
CREATE TABLE model_versions (name VARCHAR(256), version INTEGER, creation_time BIGINT, current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32));
CREATE TABLE registered_model_aliases (alias VARCHAR(256), version INTEGER, name VARCHAR(256));
CREATE TABLE trace_info (request_id VARCHAR(50), experiment_id INTEGER);
`;

const STORE = `${SCHEMA}
INSERT INTO experiments VALUES (0, 'Default', 'mlruns/0', 'active', 0, 0);
INSERT INTO experiments VALUES (1, 'tuning <b>x</b>', 'mlruns/1', 'active', 0, 0);
INSERT INTO experiments VALUES (2, 'old', 'mlruns/2', 'deleted', 0, 0);
INSERT INTO experiment_tags VALUES ('team', 'vision', 1);
INSERT INTO runs VALUES ('parent', '', 'LOCAL', '', '', 'me', 'FINISHED', 1000, 9000, '', 'active', '', 1, NULL);
INSERT INTO runs VALUES ('child', 'child-run', 'LOCAL', '', '', 'me', 'FAILED', 2000, 3000, '', 'active', '', 1, NULL);
INSERT INTO runs VALUES ('gone', 'gone', 'LOCAL', '', '', 'me', 'KILLED', 2000, NULL, '', 'deleted', '', 1, 5000);
INSERT INTO runs VALUES ('in-old', 'in-old', 'LOCAL', '', '', 'me', 'FINISHED', 2000, 3000, '', 'active', '', 2, NULL);
INSERT INTO runs VALUES ('weird', 'weird', 'LOCAL', '', '', 'me', 'PAUSED', 2000, 3000, '', 'active', '', 1, NULL);
INSERT INTO tags VALUES ('mlflow.runName', 'the parent', 'parent');
INSERT INTO tags VALUES ('mlflow.parentRunId', 'parent', 'child');
INSERT INTO params VALUES ('__proto__', '0.1', 'parent');
INSERT INTO params VALUES ('lr', '0.01', 'child');
INSERT INTO metrics VALUES ('loss', 0.5, 100, 'parent', 0, 0);
INSERT INTO metrics VALUES ('loss', 0, 200, 'parent', 1, 1);
INSERT INTO metrics VALUES ('loss', 1.7976931348623157e308, 300, 'parent', 2, 0);
INSERT INTO metrics VALUES ('acc', 0.9, 100, 'parent', 0, 0);
INSERT INTO metrics VALUES ('loss', -1.7976931348623157e308, 400, 'parent', 3, 0);
INSERT INTO metrics VALUES ('loss', 0.25, 500, 'parent', 2, 0);
INSERT INTO metrics VALUES ('loss', 9, 100, 'nobody', 0, 0);
INSERT INTO datasets VALUES ('d1', 1, 'train.csv', 'abc123', 'local', '{}', '{}', '{}');
INSERT INTO inputs VALUES ('i1', 'DATASET', 'd1', 'RUN', 'parent');
INSERT INTO input_tags VALUES ('i1', 'mlflow.data.context', 'training');
INSERT INTO model_versions VALUES ('clf', 1, 0, 'None', 'x', 'parent');
INSERT INTO model_versions VALUES ('clf', 2, 0, 'Production', 'x', 'child');
INSERT INTO registered_model_aliases VALUES ('champion', 2, 'clf');
INSERT INTO trace_info VALUES ('t1', 1);
`;

async function importStore(path: string, sql: string) {
  const bytes = await sqliteBytes(sql);
  const noop = () => {};
  return parseFiles([sourceFromBytes(path, bytes)], IMPORTERS, noop, noop);
}

describe('MLflow SQLite store', () => {
  it('reads runs as the FileStore importer would, with every point, datasets in the provenance and registry versions as tags', async () => {
    const result = await importStore('team/mlflow.db', STORE);
    expect(result.errors).toEqual([]);
    const batch = result.parsed[0]!.batch;
    expect(batch.experiments.map((e) => [e.name, e.deleted, e.tags.get('team') ?? null])).toEqual([
      ['Default', false, null],
      ['tuning <b>x</b>', false, 'vision'],
      ['old', true, null]
    ]);
    const runs = new Map(batch.runs.map((r) => [r.id, r]));
    expect([...runs.keys()].sort()).toEqual(['child', 'gone', 'in-old', 'parent']);
    const parent = runs.get('parent')!;
    expect(parent.name).toBe('the parent');
    expect(parent.params.get('__proto__')).toBe('0.1');
    const loss = parent.metrics.find((m) => m.key === 'loss')!;
    expect([...loss.steps]).toEqual([0, 1, 2, 3, 2]);
    expect([...loss.values]).toEqual([0.5, NaN, Infinity, -Infinity, 0.25]);
    expect(parent.tags.has('runlens.datasets')).toBe(false);
    expect(parent.provenance?.data.map((d) => [d.name, d.context, d.digest])).toEqual([
      ['train.csv', 'training', 'abc123']
    ]);
    expect(parent.tags.get('runlens.registeredModels')).toBe('clf v1');
    const child = runs.get('child')!;
    expect(child.parentId).toBe('parent');
    expect(child.status).toBe('FAILED');
    expect(child.tags.get('runlens.registeredModels')).toBe('clf v2 (Production, @champion)');
    expect(runs.get('gone')!.deleted).toBe(true);
    expect(runs.get('in-old')!.deleted).toBe(true);
    // Every run of the store is in one of its own experiments.
    const ids = new Set(batch.experiments.map((e) => e.id));
    expect(batch.runs.every((r) => ids.has(r.experimentId))).toBe(true);
  });

  it("leaves deleted logged models out of a run's links, as MLflow's client does", async () => {
    // MLflow 3.x soft-deletes a logged model (delete_logged_model): the row stays, marked.
    const result = await importStore(
      'mlflow.db',
      `${STORE}
CREATE TABLE logged_models (model_id VARCHAR(36) PRIMARY KEY, experiment_id INTEGER, name VARCHAR(500), artifact_location VARCHAR(1000), creation_timestamp_ms BIGINT, last_updated_timestamp_ms BIGINT, status INTEGER, lifecycle_stage VARCHAR(32), model_type VARCHAR(500), source_run_id VARCHAR(32), status_message VARCHAR(1000));
INSERT INTO logged_models VALUES ('m-1', 1, 'discarded', 'a', 0, 0, 1, 'deleted', NULL, 'parent', NULL);
INSERT INTO logged_models VALUES ('m-2', 1, 'best', 'a', 0, 0, 1, 'active', NULL, 'parent', NULL);
INSERT INTO logged_models VALUES ('m-3', 1, 'only deleted', 'a', 0, 0, 1, 'deleted', NULL, 'child', NULL);`
    );
    const runs = new Map(result.parsed[0]!.batch.runs.map((r) => [r.id, r]));
    const models = (id: string) =>
      (runs.get(id)!.provenance?.models ?? []).map((m) => `${m.name} ${m.id}`);
    expect(models('parent')).toEqual(['best m-2']);
    expect(models('child')).toEqual([]);
    expect(runs.get('parent')!.tags.has('runlens.loggedModels')).toBe(false);
  });

  it('names in the report what it left out and which store it read', async () => {
    const result = await importStore('mlflow.db', STORE);
    const messages = result.warnings.map((w) => w.message);
    expect(messages).toContainEqual(expect.stringContaining('status "PAUSED"'));
    expect(messages).toContainEqual(
      expect.stringContaining('metrics of 1 run id(s) with no row in the runs table')
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /MLflow 2\.x SQLite store \(schema 5b0e9adcef9c\); not run data, left out: 1 trace_info/
      )
    );
  });

  it('keeps two stores apart even when their experiment ids are the same', async () => {
    const one = await importStore('a/mlflow.db', STORE);
    const two = await importStore('b/mlflow.db', STORE.replace("'tuning <b>x</b>'", "'other'"));
    const experimentOf = (r: typeof one) =>
      new Set(r.parsed[0]!.batch.runs.map((run) => run.experimentId));
    const shared = [...experimentOf(one)].filter((id) => experimentOf(two).has(id));
    expect(shared).toEqual([]);
  });

  it('is found by its content under any name, and a store without runs gives none', async () => {
    const named = await importStore('backup.bin', STORE);
    expect(named.parsed.map((p) => p.format)).toEqual(['mlflow-sqlite']);
    const empty = await importStore(
      'mlflow.db',
      `${SCHEMA} INSERT INTO experiments VALUES (0, 'Default', 'mlruns/0', 'active', 0, 0);`
    );
    expect(empty.parsed).toEqual([]);
    expect(empty.skipped).toEqual([
      { file: 'mlflow.db', reason: 'MLflow SQLite store file: no runs' }
    ]);
  });

  it('leaves other SQLite files to the recognisers and rejects a damaged store by name', async () => {
    const other = await importStore(
      'app.db',
      'CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1);'
    );
    expect(other.parsed).toEqual([]);
    expect(other.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^is an SQLite database with no runs Runlens recognises/)
    ]);
    const bytes = await sqliteBytes(STORE);
    const cut = bytes.slice(0, 4096 * 3);
    const noop = () => {};
    const damaged = await parseFiles([sourceFromBytes('mlflow.db', cut)], IMPORTERS, noop, noop);
    expect(damaged.parsed).toEqual([]);
    expect(damaged.errors).toHaveLength(1);
    expect(damaged.errors[0]!.file).toBe('mlflow.db');
    expect(damaged.errors[0]!.message).toMatch(/SQLite/);
  });
});
