import { resolveTargetMetric } from '../../../src/lib/compare/target-metric';
import { defaultChartOrder } from '../../../src/lib/compare/chart-list';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunlensDb } from '../../../src/lib/db/db';
import { runImport } from '../../../src/lib/worker/import-pipeline';
import { createWorkerApi } from '../../../src/lib/worker/worker-api';
import type { WorkerApi } from '../../../src/lib/worker/api';
import type { ChartRequest } from '../../../src/lib/compare/compare-types';
import { batchFile, experiment, run, series } from '../helpers/batches';
import { freshDb } from '../helpers/db';

/**
 * Twelve runs of a sweep: loss falls towards a floor set by the learning rate (lower lr, lower
 * floor) and the optimizer adds nothing, so lr must explain the loss and "seed" must not.
 */
const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];
const STEPS = 2000;

let db: RunlensDb;
let api: WorkerApi;
let keys: string[];

beforeAll(async () => {
  db = freshDb();
  const runs = Array.from({ length: 12 }, (_, i) => {
    const lr = LRS[i % LRS.length]!;
    const optimizer = i < 6 ? 'adam' : 'sgd';
    const floor = Math.log10(lr) + 4; // 1 … 3.5
    const values = Array.from({ length: STEPS }, (_, s) => floor + 5 * Math.exp(-s / 200));
    return run(`r${i}`, '1', {
      name: `run-${i}`,
      params: new Map([
        ['lr', String(lr)],
        ['optimizer', optimizer],
        ['seed', String((i * 7) % 5)]
      ]),
      metrics: [series('loss', values), series('accuracy', [0.5, 0.6 + i / 100])]
    });
  });
  const outcome = await runImport(
    db,
    [batchFile('sweep.json', { experiments: [experiment('1', 'sweep')], runs })],
    {
      isCancelled: () => false,
      onProgress: () => {}
    }
  );
  expect(outcome.state).toBe('done');
  api = createWorkerApi(db);
  const set = await api.compareOpen(runs.map((r) => r.id));
  keys = set.runs.map((r) => r.key);
});

const chart = (over: Partial<ChartRequest> = {}): ChartRequest => ({
  runKeys: keys,
  metric: 'loss',
  xAxis: { kind: 'step' },
  logX: false,
  logY: false,
  smoothing: { kind: 'none' },
  xRange: null,
  columns: 500,
  group: null,
  ignoreOutliers: false,
  ...over
});

describe('the comparison in the worker', () => {
  it('opens runs named by bare id, in the order asked, and lists what is missing', async () => {
    const set = await api.compareOpen(['r3', 'r1', 'nope']);
    expect(set.runs.map((r) => r.id)).toEqual(['r3', 'r1']);
    expect(set.missing).toEqual(['nope']);
    expect(set.metricKeys).toEqual(['accuracy', 'loss']);
    expect(set.paramKeys).toEqual(['lr', 'optimizer', 'seed']);
  });

  it('draws one line per run, reduced to an envelope of every point', async () => {
    const frame = await api.compareChart(chart());
    expect(frame.lines).toHaveLength(12);
    expect(frame.mode).toBe('envelope');
    expect(frame.points).toBe(12 * STEPS);
    expect(frame.note).toBe('min/max envelope of 24,000 points');
  });

  it('smooths on the full history and keeps the raw line', async () => {
    const frame = await api.compareChart(chart({ smoothing: { kind: 'ema', weight: 0.9 } }));
    const line = frame.lines[0]!;
    expect(line.smoothed).not.toBeNull();
    expect(line.smoothed!.length).toBe(line.raw.length);
  });

  it('groups runs by a param into mean lines with n runs at each step', async () => {
    const frame = await api.compareChart(
      chart({ group: { by: { kind: 'param', key: 'optimizer' }, center: 'mean', band: 'ci95' } })
    );
    expect(frame.lines.map((l) => [l.label, l.members?.length])).toEqual([
      ['adam', 6],
      ['sgd', 6]
    ]);
    expect(Array.from(frame.lines[0]!.n!).every((n) => n === 6)).toBe(true);
  });

  it('gives statistics per group with the best run and its step', async () => {
    const rows = await api.compareStats({
      runKeys: keys,
      metrics: ['loss'],
      summary: 'best',
      k: 10,
      directions: {},
      groupBy: { kind: 'param', key: 'optimizer' }
    });
    expect(rows.map((r) => [r.group, r.n])).toEqual([
      ['adam', 6],
      ['sgd', 6]
    ]);
    const adam = rows[0]!;
    expect(adam.bestRunLabel).toBe('run-0');
    expect(adam.bestStep).toBe(STEPS - 1);
    expect(adam.min).toBeCloseTo(1 + 5 * Math.exp(-(STEPS - 1) / 200), 9);
  });

  it('finds no difference between two groups that differ only in name', async () => {
    const test = await api.compareGroupTest({
      runKeys: keys,
      metric: 'loss',
      summary: 'last',
      k: 10,
      direction: 'lower',
      groupBy: { kind: 'param', key: 'optimizer' },
      groupA: 'adam',
      groupB: 'sgd'
    });
    expect(test.valuesA).toHaveLength(6);
    expect(test.welch!.meanDiff).toBeCloseTo(0, 9);
    expect(test.welch!.p).toBeCloseTo(1, 6);
    expect(test.bootstrapMean!.lo).toBeLessThanOrEqual(0);
    expect(test.bootstrapMean!.hi).toBeGreaterThanOrEqual(0);
  });

  it('builds numeric and categorical axes, and finds that lr drives the loss', async () => {
    const table = await api.compareHyperTable({
      runKeys: keys,
      metrics: ['loss'],
      summary: 'last',
      k: 10,
      directions: {}
    });
    const kinds = Object.fromEntries(table.axes.map((a) => [a.id, [a.kind, a.logSuggested]]));
    expect(kinds).toEqual({
      'param:lr': ['numeric', true],
      'param:optimizer': ['categorical', false],
      'param:seed': ['numeric', false],
      'metric:loss': ['numeric', false]
    });
    const importance = await api.compareImportance({
      runKeys: keys,
      metrics: [],
      summary: 'last',
      k: 10,
      directions: {},
      target: 'loss'
    });
    expect(importance.features[0]!.id).toBe('param:lr');
    expect(importance.features[0]!.correlation).toBeCloseTo(1, 9);
    expect(importance.verdict).toBe('explains');
    // Axis labels say where a value comes from, so a param and a metric never look alike.
    expect(table.axes.map((a) => a.label)).toEqual([
      'param · lr',
      'param · optimizer',
      'param · seed',
      'metric · loss'
    ]);
    // Metrics asked for besides the params are inputs too; the target never explains itself.
    const withMetric = await api.compareImportance({
      runKeys: keys,
      metrics: ['accuracy', 'loss'],
      summary: 'last',
      k: 10,
      directions: {},
      target: 'loss'
    });
    expect(withMetric.features.map((f) => f.id).sort()).toEqual([
      'metric:accuracy',
      'param:lr',
      'param:optimizer',
      'param:seed'
    ]);
  });

  it('names the runs for the side list with the legends’ template, in the order asked', async () => {
    const asked = [keys[3]!, keys[0]!, keys[7]!];
    expect(await api.compareRunLabels(asked, '')).toEqual(['run-3', 'run-0', 'run-7']);
    expect(await api.compareRunLabels(asked, '{params.optimizer} lr={params.lr}')).toEqual([
      'adam lr=0.03',
      'adam lr=0.001',
      'sgd lr=0.003'
    ]);
    expect(await api.compareRunLabels([keys[1]!], '{experiment}/{name}')).toEqual(['sweep/run-1']);
  });

  it('answers a panel from the runs’ rows by its kind: lr against loss, a line per optimizer', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `r${i}`);
    const axes = await api.comparePanel('paramAxes', ids, null);
    expect(axes?.x.key).toBe('lr');
    const lines = await api.comparePanel('paramLines', ids, {
      x: { kind: 'param', key: 'lr' },
      lines: { kind: 'param', key: 'optimizer' },
      metric: 'loss',
      value: 'final',
      directions: {}
    });
    expect(lines.lines.map((l) => l.label).sort()).toEqual(['adam', 'sgd']);
    // Lower lr, lower loss: each line's means rise with x.
    for (const line of lines.lines) {
      const means = line.points.map((p) => p.mean);
      expect(means.length).toBeGreaterThan(1);
      expect(means[0]).toBeLessThan(means.at(-1)!);
    }
  });

  it('diffs against a baseline with deltas and the best run per metric', async () => {
    const rows = await api.compareDiff({
      runKeys: [keys[0]!, keys[5]!],
      baseline: keys[0]!,
      onlyDifferences: true,
      directions: {}
    });
    // Both runs have seed 0 and optimizer adam: only lr differs among the params.
    expect(rows.map((r) => `${r.section}:${r.key}`)).toEqual([
      'param:lr',
      'metric:accuracy',
      'metric:loss'
    ]);
    const loss = rows.find((r) => r.key === 'loss')!;
    expect(loss.best).toEqual([0]);
    expect(loss.deltas![1]).toBeCloseTo(Math.log10(0.3 / 0.001), 9);
    expect(loss.percents![1]).toBeCloseTo(
      (Math.log10(0.3 / 0.001) / (loss.values[0] as number)) * 100,
      6
    );
    const accuracy = rows.find((r) => r.key === 'accuracy')!;
    expect(accuracy.direction).toBe('higher');
    expect(accuracy.best).toEqual([1]);
  });
});

describe('the first chart read ahead as the app boots', () => {
  /** Counts the reads of histories (transactions on `series`) the worker makes. */
  function countSeriesReads(): { count: () => number } {
    const idb = db.backendDB();
    const original = idb.transaction.bind(idb);
    let reads = 0;
    idb.transaction = ((stores: string | string[], ...rest: unknown[]) => {
      if ([stores].flat().includes('series')) reads++;
      return (original as (...a: unknown[]) => IDBTransaction)(stores, ...rest);
    }) as typeof idb.transaction;
    return { count: () => reads };
  }

  it('reads the picked metric ahead, and the same aliases sent twice keep what was read', async () => {
    const fresh = createWorkerApi(db);
    const ids = Array.from({ length: 12 }, (_, i) => `r${i}`);
    fresh.compareSetAliases([]);
    await fresh.comparePrefetch(ids, 'accuracy');
    // The page sends the same (empty) list again when it mounts.
    fresh.compareSetAliases([]);
    const reads = countSeriesReads();
    const frame = await fresh.compareChart(chart({ metric: 'accuracy' }));
    expect(frame.lines).toHaveLength(12);
    expect(reads.count()).toBe(0);
    // A metric not read ahead is read when asked for.
    await fresh.compareChart(chart({ metric: 'loss' }));
    expect(reads.count()).toBeGreaterThan(0);
  });

  it('names the metric it reads ahead: the page draws that first panel before the run list', async () => {
    const fresh = createWorkerApi(db);
    const ids = Array.from({ length: 12 }, (_, i) => `r${i}`);
    fresh.compareSetAliases([]);
    // The default grid leads with the guessed target, or with the person's chosen one.
    const set = await fresh.compareOpen(ids);
    const guessed = await fresh.comparePrefetch(ids, null);
    const target = resolveTargetMetric(set.metricKeys, null);
    expect(guessed).toBe(defaultChartOrder(set.metricKeys, set.metricRunCounts, target)[0]);
    expect(guessed).toBe('accuracy');
    expect(await fresh.comparePrefetch(ids, null, 'loss')).toBe('loss');
    expect(await fresh.comparePrefetch(ids, 'loss', 'accuracy')).toBe('loss');
    expect(await fresh.comparePrefetch(['nobody'], null)).toBeNull();
  });
});
