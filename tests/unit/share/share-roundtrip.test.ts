import { describe, expect, it } from 'vitest';
import { countRows } from '../../../src/lib/db/repo';
import { runImport } from '../../../src/lib/worker/import-pipeline';
import { createWorkerApi } from '../../../src/lib/worker/worker-api';
import { batchFile, experiment, run, series } from '../helpers/batches';
import { freshDb } from '../helpers/db';

describe('a share link between two databases', () => {
  it('carries the comparison into an emptied database, summaries exact, charts reduced', async () => {
    const library = freshDb();
    const long = Array.from({ length: 20_000 }, (_, i) => 1 / (1 + i) + (i === 12_345 ? 5 : 0));
    const runs = [
      run('a', '1', { metrics: [series('loss', long), series('acc', [0.1, 0.9])] }),
      run('b', '1', { metrics: [series('loss', [3, 2, 1])], parentId: 'a' })
    ];
    await runImport(
      library,
      [batchFile('x.json', { experiments: [experiment('1', 'grid')], runs })],
      {
        isCancelled: () => false,
        onProgress: () => {}
      }
    );
    const api = createWorkerApi(library);
    const keys = (await api.compareOpen(['a', 'b'])).runs.map((r) => r.key);
    const link = await api.createShareLink({
      runKeys: keys,
      charts: ['loss'],
      settings: { charts: ['loss'] },
      withTimes: false
    });
    expect(link.tooLong).toBe(false);
    expect(link.runs).toBe(2);
    expect(link.points).toBeLessThanOrEqual(600 + 3);

    const shared = freshDb();
    const sharedApi = createWorkerApi(shared);
    // Something opened earlier is replaced, not mixed in.
    await runImport(
      shared,
      [batchFile('old.json', { experiments: [experiment('9')], runs: [run('z', '9')] })],
      {
        isCancelled: () => false,
        onProgress: () => {}
      }
    );
    const opened = await sharedApi.openShareLink(link.fragment);
    expect(opened.settings).toEqual({ charts: ['loss'] });
    expect(await countRows(shared)).toMatchObject({ runs: 2, experiments: 1 });
    const a = (await sharedApi.readRun(opened.runKeys.find((k) => k.endsWith('|a'))!))!;
    expect(a.metrics.get('loss')).toMatchObject({
      count: 20_000,
      min: 1 / 20_000,
      max: 5 + 1 / 12_346
    });
    expect(a.metrics.get('acc')!.last).toBe(0.9);
    const b = (await sharedApi.readRun(opened.runKeys.find((k) => k.endsWith('|b'))!))!;
    expect(b.parentId).toBe('a');
    const frame = await sharedApi.compareChart({
      runKeys: opened.runKeys,
      metric: 'loss',
      xAxis: { kind: 'step' },
      logX: false,
      logY: false,
      smoothing: { kind: 'none' },
      xRange: null,
      columns: 400,
      group: null,
      ignoreOutliers: false
    });
    const drawn = Array.from(frame.lines[0]!.raw).filter((v) => !Number.isNaN(v));
    expect(Math.max(...drawn)).toBeCloseTo(5 + 1 / 12_346, 5);
    // The library is untouched by opening the link elsewhere.
    expect(await countRows(library)).toMatchObject({ runs: 2 });
  });

  it('leaves the database as it was when the link is damaged', async () => {
    const shared = freshDb();
    const api = createWorkerApi(shared);
    await runImport(
      shared,
      [batchFile('old.json', { experiments: [experiment('9')], runs: [run('z', '9')] })],
      {
        isCancelled: () => false,
        onProgress: () => {}
      }
    );
    const before = await countRows(shared);
    await expect(api.openShareLink('1.AAAA')).rejects.toThrow(/damaged|cut short/);
    expect(await countRows(shared)).toEqual(before);
  });
});

describe('the library database', () => {
  it('refuses to open a share link, which would empty it', async () => {
    const { openRunlensDb } = await import('../../../src/lib/db/db');
    const api = createWorkerApi(openRunlensDb('runlens'));
    await expect(api.openShareLink('1.AAAA')).rejects.toThrow('never in the library');
  });
});
