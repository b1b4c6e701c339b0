import { describe, expect, it } from 'vitest';
import type { Run } from '../../src/lib/model';
import {
  compareRun,
  describeRefresh,
  type CachedServerRun
} from '../../src/lib/mlflow-server/refresh-runs';

const cached: CachedServerRun = {
  id: 'r1',
  experimentId: '1',
  name: 'trial',
  status: 'RUNNING',
  endTime: null,
  deleted: false,
  params: new Map([['lr', '0.1']]),
  tags: new Map(),
  metrics: new Map([
    ['loss', { lastStep: 9, last: 0.5 }],
    ['acc', { lastStep: 9, last: NaN }]
  ])
};

/** The run as runs/search gives it: each metric's latest record only. */
function latest(over: Partial<Run> = {}, metrics: [string, number, number][] = []): Run {
  const base: [string, number, number][] = [
    ['loss', 9, 0.5],
    ['acc', 9, NaN]
  ];
  const list = metrics.length > 0 ? metrics : base;
  return {
    id: 'r1',
    experimentId: '1',
    name: 'trial',
    status: 'RUNNING',
    startTime: 1,
    endTime: null,
    deleted: false,
    parentId: null,
    params: new Map([['lr', '0.1']]),
    tags: new Map(),
    metrics: list.map(([key, step, value]) => ({
      key,
      steps: Float64Array.of(step),
      values: Float64Array.of(value),
      timestamps: Float64Array.of(0)
    })),
    artifacts: [],
    source: { format: 'mlflow-server', file: 'x' },
    ...over
  } as Run;
}

describe('what a refresh counts as changed', () => {
  it('nothing, when every latest record is the cached one (NaN equal to NaN)', () => {
    expect(compareRun(cached, latest())).toEqual({ changedMetrics: [], changed: false });
  });
  it('only the metrics whose latest step or value moved, and new metrics', () => {
    const moved = latest({}, [
      ['loss', 12, 0.4],
      ['acc', 9, NaN],
      ['lr', 0, 0.1]
    ]);
    expect(compareRun(cached, moved)).toEqual({ changedMetrics: ['loss', 'lr'], changed: true });
  });
  it('a run whose status, end, name, params or tags changed, with no metric fetched again', () => {
    for (const over of [
      { status: 'FINISHED' as const },
      { endTime: 5 },
      { name: 'renamed' },
      { params: new Map([['lr', '0.2']]) },
      { tags: new Map([['note', 'x']]) }
    ]) {
      expect(compareRun(cached, latest(over))).toEqual({ changedMetrics: [], changed: true });
    }
  });
  it('says what it fetched in words', () => {
    expect(describeRefresh({ newRuns: 3, updated: 2, deleted: 0 })).toBe('3 new runs, 2 updated');
    expect(describeRefresh({ newRuns: 1, updated: 0, deleted: 1 })).toBe('1 new run, 1 deleted');
    expect(describeRefresh({ newRuns: 0, updated: 0, deleted: 0 })).toBe('nothing new');
  });
});
