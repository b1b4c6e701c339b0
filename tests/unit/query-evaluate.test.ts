import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/lib/db/rows';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import type { MetricSummary, RunStatus } from '../../src/lib/model';
import type { QueryContext } from '../../src/lib/query';
import {
  compileQuery,
  filterRuns,
  maskToRows,
  parseQuery,
  quickSearchMask
} from '../../src/lib/query';

interface RunSpec {
  id: string;
  name?: string | null;
  status?: RunStatus;
  start?: number | null;
  end?: number | null;
  deleted?: boolean;
  experiment?: string;
  parent?: string;
  format?: string;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  metrics?: Record<string, number | Partial<MetricSummary>>;
}

function summary(m: number | Partial<MetricSummary>): MetricSummary {
  const s = typeof m === 'number' ? { last: m } : m;
  const last = s.last ?? NaN;
  return {
    count: 1,
    last,
    lastStep: 0,
    min: last,
    max: last,
    mean: last,
    firstStep: 0,
    ...s
  };
}

function row(spec: RunSpec): RunRow {
  const format = spec.format ?? 'mlflow';
  const experimentId = spec.experiment ?? '0';
  return {
    key: `${format}|${experimentId}|${spec.id}`,
    importId: 'import-1',
    experimentKey: `${format}|${experimentId}`,
    sourceFormat: format,
    sourceFile: `mlruns/${experimentId}/${spec.id}`,
    id: spec.id,
    experimentId,
    name: spec.name === undefined ? spec.id : spec.name,
    status: spec.status ?? 'FINISHED',
    startTime: spec.start === undefined ? 1000 : spec.start,
    endTime: spec.end === undefined ? 2000 : spec.end,
    deleted: spec.deleted ?? false,
    parentId: spec.parent ?? null,
    params: new Map(Object.entries(spec.params ?? {})),
    tags: new Map(Object.entries(spec.tags ?? {})),
    metrics: new Map(Object.entries(spec.metrics ?? {}).map(([k, v]) => [k, summary(v)])),
    artifactCount: 0
  };
}

const columns = (specs: RunSpec[]) => buildRunColumns(specs.map(row));

/** The ids of the runs a query matches, in row order. */
function matchIds(specs: RunSpec[], text: string, ctx?: QueryContext): string[] {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  const cols = columns(specs);
  return [...maskToRows(compileQuery(parsed.ast)(cols, ctx))].map((i) => cols.ids[i]!);
}

/** The ten runs of MLflow's search-runs guide (numpy arange values, None logged as "None"). */
const guide: RunSpec[] = Array.from({ length: 10 }, (_, i) => {
  const loss = 1 + i * -0.1;
  const model = ['GPT-2', 'GPT-3', 'GPT-3.5', 'GPT-4'][i] ?? 'None';
  return {
    id: `run${i}`,
    metrics: { loss, accuracy: i * 0.1, 'log-scale-loss': Math.log(loss), 'f1 score': i * 0.1 },
    params: { batch_size: i < 5 ? '2' : '4', 'learning rate': i % 2 ? '0.01' : '0.001', model },
    tags: {
      task: ['classification', 'regression', 'causal lm'][i] ?? 'None',
      environment: i < 5 ? 'notebook' : 'None'
    }
  };
});

describe("MLflow's examples give MLflow's answers", () => {
  it.each<[string, number]>([
    ['metrics.loss > 0.8', 2],
    ['metrics.accuracy > 0.72', 2],
    ['metrics."accuracy" > 0.72', 2],
    ['metrics.loss <= 0.15', 1],
    ['metrics.accuracy != 0.15', 10],
    ['metrics.`log-scale-loss` <= 0', 10],
    ['metrics.`f1 score` >= 0.5', 5],
    ['metrics.accuracy > 0.72 AND metrics.loss <= 0.15', 1],
    ['params.batch_size = "2"', 5],
    ['params.model = "GPT-4o"', 0],
    ['params.model LIKE "GPT%"', 4],
    ['params.model ILIKE "gPt%"', 4],
    ['params.model LIKE "GPT%" AND params.batch_size = "2"', 4],
    ['tags."environment" = "notebook"', 5],
    ['tags.environment = "notebook"', 5],
    ['tags.task = "Classification"', 0],
    ['tags.task ILIKE "classif%"', 1],
    ['datasets.name LIKE "custom"', 0],
    ['attributes.status = "ACTIVE"', 0],
    ["attributes.run_id IN ('run1', 'run7')", 2],
    ['metrics.accuracy > 0.72 AND metrics.batch_size != 0', 0],
    ['metrics.loss <= 0.15 AND metrics.loss >= 0.1', 0],
    ['params.batch_size != "None"', 10],
    ['params.model != "None"', 4],
    [
      `attributes.run_id IN ('run1','run2','run7')
         AND metrics.loss > 0.3
         AND metrics."f1 score" < 0.5
         AND params.model LIKE "GPT%"`,
      2
    ]
  ])('%s → %i runs', (text, count) => {
    expect(matchIds(guide, text)).toHaveLength(count);
  });

  // SearchUtils' test_correct_filtering, without the dataset cases.
  const three: RunSpec[] = [
    { id: 'hi', status: 'FAILED', metrics: { key1: 121 }, params: { my_param: 'A' } },
    {
      id: 'hi2',
      status: 'FINISHED',
      metrics: { key1: 123 },
      params: { my_param: 'A' },
      tags: { tag1: 'C' }
    },
    {
      id: 'hi3',
      status: 'FAILED',
      experiment: '1',
      metrics: { key1: 125 },
      params: { my_param: 'B' },
      tags: { tag1: 'D' }
    }
  ];
  it.each<[string, string[]]>([
    ['', ['hi', 'hi2', 'hi3']],
    ["attributes.status = 'FAILED'", ['hi', 'hi3']],
    ['metrics.key1 = 123', ['hi2']],
    ['metrics.key1 != 123', ['hi', 'hi3']],
    ['metrics.key1 >= 123', ['hi2', 'hi3']],
    ["params.my_param = 'A'", ['hi', 'hi2']],
    ["tags.tag1 = 'D'", ['hi3']],
    // The run without tag1 is not "!= 'D'": a missing value never matches.
    ["tags.tag1 != 'D'", ['hi2']],
    ["params.my_param = 'A' AND attributes.status = 'FAILED'", ['hi']]
  ])('%s', (text, ids) => {
    expect(matchIds(three, text)).toEqual(ids);
  });

  it('filters on start_time like test_filter_runs_by_start_time', () => {
    const runs = ['a', 'b', 'c'].map((id, i) => ({ id, start: i }));
    expect(matchIds(runs, 'attribute.start_time >= 0')).toEqual(['a', 'b', 'c']);
    expect(matchIds(runs, 'attribute.start_time > 1')).toEqual(['c']);
    expect(matchIds(runs, 'attribute.start_time = 2')).toEqual(['c']);
  });
});

describe('extensions', () => {
  const runs: RunSpec[] = [
    {
      id: 'a',
      metrics: { lr: 0.001, loss: { last: 0.5, min: 0.1, count: 10 } },
      params: { lr: '0.001', model: 'random-forest' }
    },
    {
      id: 'b',
      metrics: { lr: 0.05, loss: { last: 0.3, min: 0.3, count: 3 } },
      params: { lr: '5e-2', model: 'tree' }
    },
    { id: 'c', metrics: { lr: 0.1 }, params: { lr: 'auto', model: 'linear' } },
    { id: 'd', metrics: { loss: NaN }, params: { model: 'Tree' }, end: null, status: 'RUNNING' }
  ];

  it('OR, NOT and parentheses', () => {
    expect(matchIds(runs, "params.model = 'tree' OR params.model = 'linear'")).toEqual(['b', 'c']);
    expect(matchIds(runs, "NOT params.model = 'tree'")).toEqual(['a', 'c', 'd']);
    expect(
      matchIds(runs, "(metrics.lr < 0.01 OR metrics.lr > 0.09) AND params.model != 'linear'")
    ).toEqual(['a']);
  });

  it('NOT of a comparison includes the runs that lack the field; != does not', () => {
    expect(matchIds(runs, 'metrics.lr != 0.05')).toEqual(['a', 'c']);
    expect(matchIds(runs, 'NOT metrics.lr = 0.05')).toEqual(['a', 'c', 'd']);
    expect(matchIds(runs, "params.x NOT IN ('a')")).toEqual([]);
    expect(matchIds(runs, "NOT params.x IN ('a')")).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ranges: BETWEEN is inclusive, chained comparisons say each bound', () => {
    expect(matchIds(runs, 'metrics.lr BETWEEN 0.001 AND 0.05')).toEqual(['a', 'b']);
    expect(matchIds(runs, '0.001 < metrics.lr <= 0.1')).toEqual(['b', 'c']);
    expect(matchIds(runs, '0.1 >= metrics.lr > 0.001')).toEqual(['b', 'c']);
    expect(matchIds(runs, 'metrics.lr NOT BETWEEN 0.01 AND 0.06')).toEqual(['a', 'c']);
  });

  it('IS NULL and IS NOT NULL on every entity', () => {
    expect(matchIds(runs, 'metrics.lr IS NULL')).toEqual(['d']);
    expect(matchIds(runs, 'params.lr IS NOT NULL')).toEqual(['a', 'b', 'c']);
    expect(matchIds(runs, 'tags.nothing IS NULL')).toEqual(['a', 'b', 'c', 'd']);
    expect(matchIds(runs, 'attributes.end_time IS NULL')).toEqual(['d']);
    expect(matchIds(runs, 'metrics.nothing IS NOT NULL')).toEqual([]);
    // A logged NaN is a value, not a missing metric.
    expect(matchIds(runs, 'metrics.loss IS NOT NULL')).toEqual(['a', 'b', 'd']);
    expect(matchIds(runs, 'metrics.loss != 1')).toEqual(['a', 'b', 'd']);
    expect(matchIds(runs, 'metrics.loss < 1')).toEqual(['a', 'b']);
  });

  it('params compare numerically with a number, as text with a quoted value', () => {
    expect(matchIds(runs, 'params.lr > 0.01')).toEqual(['b']);
    expect(matchIds(runs, 'params.lr = 0.05')).toEqual(['b']);
    expect(matchIds(runs, "params.lr = '0.05'")).toEqual([]);
    // 'auto' is not a number, so it is neither = nor != a number.
    expect(matchIds(runs, 'params.lr != 0.05')).toEqual(['a']);
    expect(matchIds(runs, "params.lr < 'b'")).toEqual(['a', 'b', 'c']);
    expect(matchIds(runs, "params.lr IN (0.001, 'auto')")).toEqual(['a', 'c']);
    expect(matchIds(runs, 'params.lr NOT IN (0.001)')).toEqual(['b']);
  });

  it('summary functions read min, max, count and last', () => {
    expect(matchIds(runs, 'min(metrics.loss) < 0.2')).toEqual(['a']);
    expect(matchIds(runs, 'metrics.loss < 0.4')).toEqual(['b']);
    expect(matchIds(runs, 'last(metrics.loss) < 0.4')).toEqual(['b']);
    expect(matchIds(runs, 'count(metrics.loss) >= 3')).toEqual(['a', 'b']);
  });

  it('REGEXP, ~ and !~ search with RE2 (unanchored; (?i) for case)', () => {
    expect(matchIds(runs, "params.model REGEXP 'tree|forest'")).toEqual(['a', 'b']);
    expect(matchIds(runs, "params.model ~ '(?i)^tree$'")).toEqual(['b', 'd']);
    expect(matchIds(runs, "params.model !~ 'e'")).toEqual([]);
    expect(matchIds(runs, "params.nothing !~ 'e'")).toEqual([]);
    expect(matchIds(runs, "params.lr REGEXP '^\\d'")).toEqual(['a', 'b']);
  });

  it('a pattern that backtracks catastrophically elsewhere runs in linear time', () => {
    const long = [{ id: 'x', params: { s: 'a'.repeat(50_000) + 'b' } }];
    const t = performance.now();
    expect(matchIds(long, "params.s REGEXP '(a+)+$' AND params.s ~ '^(a|a)*c'")).toEqual([]);
    expect(matchIds(long, "params.s LIKE '%a%a%a%a%a%a%a%a%a%a%c'")).toEqual([]);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('LIKE: only % and _ are wildcards; regex characters are literal', () => {
    const vals: RunSpec[] = ['a.b', 'axb', 'a%b', 'a_b', '(a)+', 'A.B', 'x😀y', '\\'].map(
      (v, i) => ({
        id: String(i),
        params: { p: v }
      })
    );
    const like = (pattern: string, op = 'LIKE') =>
      matchIds(vals, `params.p ${op} '${pattern}'`).map((i) => vals[Number(i)]!.params!.p);
    expect(like('a.b')).toEqual(['a.b']);
    expect(like('a.b', 'ILIKE')).toEqual(['a.b', 'A.B']);
    expect(like('a_b')).toEqual(['a.b', 'axb', 'a%b', 'a_b']);
    expect(like('a\\%b')).toEqual(['a%b']);
    expect(like('a\\_b')).toEqual(['a_b']);
    expect(like('(a)+')).toEqual(['(a)+']);
    expect(like('%)+')).toEqual(['(a)+']);
    expect(like('x_y')).toEqual(['x😀y']);
    expect(like('\\\\')).toEqual(['\\']);
    expect(like('%')).toHaveLength(vals.length);
    expect(like('_%_')).toHaveLength(vals.length - 1);
  });

  it('evaluates __proto__ and constructor as ordinary keys', () => {
    const odd: RunSpec[] = [
      { id: 'p', params: Object.fromEntries([['__proto__', 'x']]) as Record<string, string> },
      { id: 'q', params: { constructor: 'y' } }
    ];
    expect(matchIds(odd, "params.__proto__ = 'x'")).toEqual(['p']);
    expect(matchIds(odd, 'params.__proto__ IS NULL')).toEqual(['q']);
    expect(matchIds(odd, "params.constructor LIKE 'y'")).toEqual(['q']);
    expect(matchIds(odd, "params.toString = 'x'")).toEqual([]);
  });

  it('Runlens attributes: experiment, deleted, source, duration, parent_id, lifecycle_stage', () => {
    const lib: RunSpec[] = [
      { id: 'r1', experiment: '1', start: 0, end: 5000 },
      {
        id: 'r2',
        experiment: '2',
        deleted: true,
        format: 'wandb',
        parent: 'r3',
        start: 0,
        end: 100
      },
      { id: 'r3', experiment: '2', format: 'wandb', start: 0, end: null }
    ];
    const ctx = { experimentNames: new Map([['mlflow|1', 'baseline']]) };
    expect(matchIds(lib, "experiment = 'baseline'", ctx)).toEqual(['r1']);
    expect(matchIds(lib, "experiment = 'wandb|2'", ctx)).toEqual(['r2', 'r3']);
    expect(matchIds(lib, "experiment_id = '2'")).toEqual(['r2', 'r3']);
    expect(matchIds(lib, 'deleted = true')).toEqual(['r2']);
    expect(matchIds(lib, "lifecycle_stage = 'active'")).toEqual(['r1', 'r3']);
    expect(matchIds(lib, "source = 'wandb'")).toEqual(['r2', 'r3']);
    expect(matchIds(lib, 'duration > 1000')).toEqual(['r1']);
    expect(matchIds(lib, "parent_id = 'r3'")).toEqual(['r2']);
    expect(matchIds(lib, 'parent_id IS NULL')).toEqual(['r1', 'r3']);
    expect(
      matchIds(lib, "status IN ('FINISHED') AND attributes.artifact_uri IS NULL")
    ).toHaveLength(3);
  });

  it('an unknown key matches nothing, and IS NULL matches everything', () => {
    expect(matchIds(runs, "params.nope = 'x' OR metrics.nope > 0 OR tags.nope LIKE '%'")).toEqual(
      []
    );
    expect(matchIds(runs, 'params.nope IS NULL AND metrics.nope IS NULL')).toHaveLength(4);
  });
});

describe('quick search and filterRuns', () => {
  const lib: RunSpec[] = [
    { id: 'abc123', name: 'Sweep-Alpha', params: { optimizer: 'AdamW' } },
    { id: 'def456', name: 'beta', tags: { 'team.owner': 'vision' } },
    { id: 'ghi789', name: null, params: { Seed: '42' } }
  ];
  const cols = columns(lib);
  const ids = (mask: Uint8Array) => [...maskToRows(mask)].map((i) => cols.ids[i]);

  it('matches names, ids, param and tag values and keys, ignoring case', () => {
    expect(ids(quickSearchMask(cols, 'alpha'))).toEqual(['abc123']);
    expect(ids(quickSearchMask(cols, 'F45'))).toEqual(['def456']);
    expect(ids(quickSearchMask(cols, 'adamw'))).toEqual(['abc123']);
    expect(ids(quickSearchMask(cols, 'OWNER'))).toEqual(['def456']);
    expect(ids(quickSearchMask(cols, 'seed'))).toEqual(['ghi789']);
    expect(ids(quickSearchMask(cols, '  '))).toEqual(['abc123', 'def456', 'ghi789']);
    expect(ids(quickSearchMask(cols, '.*'))).toEqual([]);
  });

  it('ANDs the quick search with the filter and reports errors without throwing', () => {
    const r = filterRuns(cols, "attributes.run_name != 'beta'", 'a');
    expect(r.ok && ids(r.mask)).toEqual(['abc123']);
    expect(r.ok && r.count).toBe(1);
    expect(filterRuns(cols, 'metrics.x <', '')).toMatchObject({
      ok: false,
      error: { position: 11 }
    });
  });
});
