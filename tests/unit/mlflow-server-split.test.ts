// Which clauses of a Runlens query go to the MLflow server and which are finished locally, and
// how MLflow's JSON numbers (strings for NaN and ±Infinity, ±DBL_MAX from SQL stores) map.
import { describe, expect, it } from 'vitest';
import { mapRun, splitFilterText, splitQuery } from '../../src/lib/mlflow-server';
import { appendPoints, emptyColumns } from '../../src/lib/mlflow-server/map-json';
import { parseQuery } from '../../src/lib/query';

function split(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const s = splitQuery(parsed.ast);
  return { server: s.serverFilter, local: s.localText };
}

describe('splitQuery', () => {
  it.each([
    // Exact on the server: nothing left to do locally.
    [
      "params.lr = '0.01' AND tags.stage != 'final'",
      "params.lr = '0.01' AND tags.stage != 'final'",
      ''
    ],
    [
      "status = 'FAILED' AND start_time >= 100",
      "attributes.status = 'FAILED' AND attributes.start_time >= 100",
      ''
    ],
    ["run_id IN ('a', 'b')", "attributes.run_id IN ('a', 'b')", ''],
    ['metrics.`train/loss` < 0.5', 'metrics.`train/loss` < 0.5', 'metrics.`train/loss` < 0.5'],
    ['tags.note = "it\'s"', 'tags.note = "it\'s"', ''],
    [
      '0.1 < metrics.acc <= 0.9',
      'metrics.acc > 0.1 AND metrics.acc <= 0.9',
      '0.1 < metrics.acc <= 0.9'
    ],
    [
      "run_name LIKE 'trial-%'",
      "attributes.run_name LIKE 'trial-%'",
      "attributes.run_name LIKE 'trial-%'"
    ],
    // Local only.
    ["params.lr = '0.1' OR params.lr = '0.01'", '', "params.lr = '0.1' OR params.lr = '0.01'"],
    ["NOT tags.stage = 'final'", '', "NOT (tags.stage = 'final')"],
    ["params.optimizer ~ '^adam'", '', "params.optimizer REGEXP '^adam'"],
    ['metrics.loss != 1', '', 'metrics.loss != 1'],
    ['min(metrics.loss) < 0.1', '', 'min(metrics.loss) < 0.1'],
    ['params.lr > 0.01', '', 'params.lr > 0.01'],
    ["user_id = 'ada'", '', "attributes.user_id = 'ada'"],
    ['tags.x IS NULL', '', 'tags.x IS NULL'],
    ['metrics.loss < 1e-9', '', 'metrics.loss < 1e-9'],
    // Mixed: the AND terms MLflow takes go, the rest stays.
    [
      "params.lr = '0.01' AND (tags.a = 'x' OR tags.b = 'y') AND params.opt ~ 'ad'",
      "params.lr = '0.01'",
      "(tags.a = 'x' OR tags.b = 'y') AND params.opt REGEXP 'ad'"
    ]
  ])('%s', (query, server, local) => {
    const s = split(query);
    expect(s.server).toBe(server);
    expect(s.local.replace(/^\((.*)\)$/, '$1')).toBe(local);
  });
});

describe('mapping MLflow JSON', () => {
  it('keeps NaN and ±Infinity, given as strings or as a SQL store’s ±DBL_MAX', () => {
    const cols = emptyColumns();
    appendPoints(
      [
        { key: 'l', value: 'NaN', timestamp: 1, step: 0 },
        { key: 'l', value: 'Infinity', timestamp: 2, step: 1 },
        { key: 'l', value: -1.7976931348623157e308, timestamp: 3, step: 2 },
        { key: 'l', value: 0.5, step: 3 }
      ],
      'http://h',
      () => cols
    );
    expect(cols).toEqual({
      steps: [0, 1, 2, 3],
      values: [NaN, Infinity, -Infinity, 0.5],
      timestamps: [1, 2, 3, NaN]
    });
  });

  it('maps a runs/search run with its source on the server', () => {
    const run = mapRun(
      {
        info: { run_id: 'r1', experiment_id: '7', status: 'KILLED', lifecycle_stage: 'deleted' },
        data: {
          metrics: [{ key: 'acc', value: 'NaN', timestamp: 5, step: 2 }],
          params: [{ key: '__proto__', value: '1' }],
          tags: [
            { key: 'mlflow.runName', value: 'named by tag' },
            { key: 'mlflow.parentRunId', value: 'p' }
          ]
        }
      },
      'http://h:5000'
    );
    expect(run).toMatchObject({
      id: 'r1',
      name: 'named by tag',
      status: 'KILLED',
      deleted: true,
      parentId: 'p',
      source: { format: 'mlflow-server', file: 'http://h:5000/#/experiments/7/runs/r1' }
    });
    expect(run.params.get('__proto__')).toBe('1');
    expect(run.metrics[0]!.values[0]).toBeNaN();
  });
});

describe('splitFilterText (what the connect dialog shows while a filter is typed)', () => {
  it('names the server part and the part Runlens finishes, regex included', async () => {
    expect(await splitFilterText('status = "FINISHED" AND run_name ~ "^trial-0[0-4]$"')).toEqual({
      ok: true,
      serverFilter: "attributes.status = 'FINISHED'",
      localText: "attributes.run_name REGEXP '^trial-0[0-4]$'"
    });
  });
  it('says where a filter stops parsing', async () => {
    const answer = await splitFilterText('status = ');
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.message).toMatch(/at column \d+/);
  });
});
