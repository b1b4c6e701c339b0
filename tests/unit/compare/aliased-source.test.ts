// Runs from three tools, each spelling the validation loss its own way, compared through aliases.
import { beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../../src/lib/worker/import-pipeline';
import { createWorkerApi } from '../../../src/lib/worker/worker-api';
import type { WorkerApi } from '../../../src/lib/worker/api';
import { batchFile, experiment, run, series } from '../helpers/batches';
import { freshDb } from '../helpers/db';

let api: WorkerApi;
const ids = ['keras', 'hf', 'tb'];

beforeAll(async () => {
  const db = freshDb();
  const runs = [
    run('keras', '1', { metrics: [series('val_loss', [0.9, 0.5, 0.3])] }),
    run('hf', '1', { metrics: [series('eval_loss', [0.8, 0.4]), series('lr', [1, 0.5])] }),
    run('tb', '1', { metrics: [series('validation/loss', [0.7, 0.6, 0.2, 0.1])] })
  ];
  const outcome = await runImport(
    db,
    [batchFile('mixed.json', { experiments: [experiment('1', 'mixed')], runs })],
    { isCancelled: () => false, onProgress: () => {} }
  );
  expect(outcome.state).toBe('done');
  api = createWorkerApi(db);
});

describe('metric aliases in the comparison', () => {
  it('suggests the three spellings as one metric, and keeps them apart until merged', async () => {
    const set = await api.compareOpen(ids);
    expect(set.metricKeys).toEqual(['eval_loss', 'lr', 'val_loss', 'validation/loss']);
    expect(set.aliasSuggestions).toEqual([
      { name: 'eval_loss', keys: ['eval_loss', 'val_loss', 'validation/loss'] }
    ]);
  });

  it('charts, tabulates and counts merged names as one metric of every run', async () => {
    api.compareSetAliases([
      { name: 'val/loss', keys: ['val_loss', 'eval_loss', 'validation/loss'] }
    ]);
    const set = await api.compareOpen(ids);
    expect(set.metricKeys).toEqual(['lr', 'val/loss']);
    expect(set.metricRunCounts).toEqual([1, 3]);
    expect(set.aliasSuggestions).toEqual([]);
    const keys = set.runs.map((r) => r.key);
    const frame = await api.compareChart({
      runKeys: keys,
      metric: 'val/loss',
      xAxis: { kind: 'step' },
      logX: false,
      logY: false,
      smoothing: { kind: 'none' },
      xRange: null,
      columns: 500,
      group: null,
      ignoreOutliers: false
    });
    expect(frame.lines).toHaveLength(3);
    expect(frame.points).toBe(9);
    const rows = await api.compareDiff({
      runKeys: keys,
      baseline: null,
      onlyDifferences: false,
      directions: {}
    });
    expect(rows.some((r) => r.key === 'val/loss')).toBe(true);
    // Split again: the names are back.
    api.compareSetAliases([]);
    expect((await api.compareOpen(ids)).metricKeys).toContain('val_loss');
  });
});
