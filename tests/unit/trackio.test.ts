// trackio project databases: the three layouts trackio has written (run ids since 0.24, run names
// before, project_name on every row in 0.0.x), values as its dashboard reads them, and what is
// left out named in the report.
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src/lib/model';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/import-pipeline';
import { sqliteBytes } from './helpers/sqlite-writer';

/** trackio 0.43's tables as init_db creates them (indexes left out). */
const SCHEMA_RUN_IDS = `
CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, timestamp TEXT NOT NULL, run_name TEXT NOT NULL, step INTEGER NOT NULL, metrics TEXT NOT NULL, log_id TEXT, space_id TEXT);
CREATE TABLE configs (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, run_name TEXT NOT NULL, config TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE(run_id));
CREATE TABLE system_metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, timestamp TEXT NOT NULL, run_name TEXT NOT NULL, metrics TEXT NOT NULL, log_id TEXT, space_id TEXT);
CREATE TABLE project_metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, timestamp TEXT NOT NULL, run_name TEXT NOT NULL, title TEXT NOT NULL, text TEXT, level TEXT NOT NULL DEFAULT 'warn', step INTEGER, alert_id TEXT);
`;

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** orjson's bytes, bound by Python's sqlite3 as a BLOB although the column says TEXT. */
const blob = (json: string) => `CAST(${q(json)} AS BLOB)`;
const T = (s: number) => `'2025-05-01T12:00:${String(s).padStart(2, '0')}.123456+00:00'`;

const PROJECT = `${SCHEMA_RUN_IDS}
INSERT INTO metrics (run_id, timestamp, run_name, step, metrics) VALUES
  ('id-a', ${T(1)}, 'brave-fox-1', 0, ${blob('{"loss":1.0,"acc/train":0.5,"ok":true}')}),
  ('id-a', ${T(2)}, 'brave-fox-1', 1, ${blob('{"loss":"NaN","img":{"_type":"trackio.image","file_path":"media/x.png"}}')}),
  ('id-a', ${T(3)}, 'brave-fox-1', 5, ${q('{"loss":"Infinity","note":"text","hist":{"_type":"trackio.histogram","bins":[1,2]}}')}),
  ('id-b', ${T(4)}, 'brave-fox-1', 0, ${blob('{"loss":"-Infinity","__proto__":2,"nested":{"a":1}}')});
INSERT INTO system_metrics (run_id, timestamp, run_name, metrics) VALUES
  ('id-a', ${T(1)}, 'brave-fox-1', ${blob('{"gpu/0/utilization":40.5,"cpu/percent":3}')}),
  ('id-a', ${T(9)}, 'brave-fox-1', ${blob('{"gpu/0/utilization":"NaN"}')});
INSERT INTO configs (run_id, run_name, config, created_at) VALUES
  ('id-a', 'brave-fox-1', ${blob(
    JSON.stringify({
      lr: 0.001,
      optimizer: { name: 'adam', betas: [0.9, 0.999], eps: {} },
      'model.name': 'resnet',
      flag: true,
      none: null,
      temperature: 'NaN',
      constructor: 1,
      _Username: 'ada',
      _Created: '2025-05-01T11:59:59.000001+00:00',
      _Group: null
    })
  )}, ${T(1)});
INSERT INTO alerts (run_id, timestamp, run_name, title) VALUES ('id-a', ${T(3)}, 'brave-fox-1', 'loss is inf');
`;

const noop = () => {};

async function importDb(path: string, sql: string) {
  const bytes = await sqliteBytes(sql);
  return parseFiles([sourceFromBytes(path, bytes)], IMPORTERS, noop, noop);
}

function metric(run: Run, key: string) {
  const m = run.metrics.find((x) => x.key === key);
  return m && { steps: [...m.steps], values: [...m.values], times: [...m.timestamps] };
}

describe('trackio project database', () => {
  it('reads runs by run_id: numbers on their steps, non-finite strings as numbers, system metrics apart', async () => {
    const result = await importDb('trackio/my-project.db', PROJECT);
    expect(result.errors).toEqual([]);
    expect(result.parsed.map((p) => p.format)).toEqual(['trackio']);
    const { experiments, runs } = result.parsed[0]!.batch;
    expect(experiments.map((e) => [e.id, e.name])).toEqual([
      ['trackio/my-project.db', 'my-project']
    ]);
    // The same name twice (a run started again under it): two runs, as trackio keeps them.
    expect(runs.map((r) => [r.id, r.name])).toEqual([
      ['id-a', 'brave-fox-1'],
      ['id-b', 'brave-fox-1']
    ]);
    const [a, b] = runs as [Run, Run];
    expect(metric(a, 'loss')).toEqual({
      steps: [0, 1, 5],
      values: [1, NaN, Infinity],
      times: [1, 2, 3].map((s) => Date.UTC(2025, 4, 1, 12, 0, s, 123))
    });
    expect(metric(a, 'acc/train')!.values).toEqual([0.5]);
    expect(metric(a, 'system/gpu/0/utilization')).toMatchObject({
      steps: [0, 1],
      values: [40.5, NaN]
    });
    expect(a.metrics.map((m) => m.key).sort()).toEqual([
      'acc/train',
      'loss',
      'system/cpu/percent',
      'system/gpu/0/utilization'
    ]);
    expect(metric(b, '__proto__')!.values).toEqual([2]);
    expect(metric(b, 'loss')!.values).toEqual([-Infinity]);
    expect(a.startTime).toBe(Date.UTC(2025, 4, 1, 11, 59, 59, 0));
    expect(a.status).toBe('FINISHED');
  });

  it('shows the config as trackio flattens it, with its own keys as tags', async () => {
    const result = await importDb('my-project.db', PROJECT);
    const a = result.parsed[0]!.batch.runs[0]!;
    expect(Object.fromEntries(a.params)).toEqual({
      lr: '0.001',
      'optimizer.name': 'adam',
      'optimizer.betas': '[0.9,0.999]',
      'optimizer.eps': '{}',
      'model\\.name': 'resnet',
      flag: 'True',
      none: 'None',
      temperature: 'nan',
      constructor: '1'
    });
    expect(Object.fromEntries(a.tags)).toEqual({
      'trackio.username': 'ada',
      'trackio.created': '2025-05-01T11:59:59.000001+00:00'
    });
  });

  it('names in the report what it left out', async () => {
    const result = await importDb('my-project.db', PROJECT);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'trackio project: 5 logged values that trackio does not plot as a number left out ' +
        '(boolean ×1, object ×1, text ×1, trackio.histogram ×1, trackio.image ×1); ' +
        'not run data, left out: 1 alerts rows'
    ]);
  });

  it('reads databases from before run ids, keyed by run name', async () => {
    const result = await importDb(
      'old.db',
      `CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT NOT NULL, run_name TEXT NOT NULL, step INTEGER NOT NULL, metrics TEXT NOT NULL);
       CREATE TABLE configs (id INTEGER PRIMARY KEY AUTOINCREMENT, run_name TEXT NOT NULL, config TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE(run_name));
       CREATE TABLE system_metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT NOT NULL, run_name TEXT NOT NULL, metrics TEXT NOT NULL);
       INSERT INTO metrics (timestamp, run_name, step, metrics) VALUES (${T(2)}, 'r1', 0, '{"x": 1}'), (${T(1)}, 'r2', 0, '{"x": 2}'), (${T(3)}, 'r1', 1, '{"x": 3}');
       INSERT INTO configs (run_name, config, created_at) VALUES ('r1', '{"seed": 7, "_Username": null}', ${T(2)});
       INSERT INTO system_metrics (timestamp, run_name, metrics) VALUES (${T(2)}, 'r1', '{"mem": 0.5}');`
    );
    const runs = result.parsed[0]!.batch.runs;
    // Listed by their first record, as trackio lists them.
    expect(runs.map((r) => [r.id, r.name, Object.fromEntries(r.params)])).toEqual([
      ['r2', 'r2', {}],
      ['r1', 'r1', { seed: '7' }]
    ]);
    expect(metric(runs[1]!, 'x')!.values).toEqual([1, 3]);
    expect(metric(runs[1]!, 'system/mem')!.values).toEqual([0.5]);
    expect(result.warnings).toEqual([]);
  });

  it('reads the first layout (0.0.x): project_name on every row, json.dumps text with NaN', async () => {
    const result = await importDb(
      'trackio/first.db',
      `CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT NOT NULL, project_name TEXT NOT NULL, run_name TEXT NOT NULL, step INTEGER NOT NULL, metrics TEXT NOT NULL);
       INSERT INTO metrics (timestamp, project_name, run_name, step, metrics) VALUES
         ('2025-04-01T10:00:00.5', 'My Project!', 'run', 0, '{"loss": NaN, "acc": 0.25}');`
    );
    const { experiments, runs } = result.parsed[0]!.batch;
    expect(experiments.map((e) => e.name)).toEqual(['My Project!']);
    expect(metric(runs[0]!, 'loss')!.values).toEqual([NaN]);
    // Naive local times, read as UTC as everywhere else.
    expect(metric(runs[0]!, 'acc')!.times).toEqual([Date.UTC(2025, 3, 1, 10, 0, 0, 500)]);
  });

  it('is found by content under any name; an empty project has no runs', async () => {
    const renamed = await importDb('backup.bin', PROJECT);
    expect(renamed.parsed.map((p) => p.format)).toEqual(['trackio']);
    const empty = await importDb('empty.db', SCHEMA_RUN_IDS);
    expect(empty.parsed).toEqual([]);
    expect(empty.skipped).toEqual([{ file: 'empty.db', reason: 'trackio project file: no runs' }]);
  });
});
