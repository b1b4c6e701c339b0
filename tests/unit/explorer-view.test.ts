// What the explorer's view says beyond its rows: default columns from the runs in view, why an
// empty result is empty, filter examples that find runs, the tool that wrote each run, and where
// the runs of an import just made are. Runs go through prepareImport, as the app stores them.
import { describe, expect, it } from 'vitest';
import type { BatchFromFile } from '../../src/lib/db/prepare';
import { sourceTool } from '../../src/lib/explorer/source-tools';
import type { ExplorerRequest } from '../../src/lib/explorer/explorer-types';
import { experiment, run, series } from './helpers/batches';
import { explorerOver, viewRequest } from './helpers/explorer';

const service = explorerOver;
const request = viewRequest;

const params = (o: Record<string, string>) => new Map(Object.entries(o));

/** A vision grid (lr and optimizer vary, epochs does not) and a text sweep with its own metrics. */
const grid: BatchFromFile = {
  file: 'grid.json',
  format: 'runlens-json',
  batch: {
    experiments: [experiment('vision'), experiment('text')],
    runs: [
      ...['0.1', '0.01', '0.001'].map((lr, i) =>
        run(`v${i}`, 'vision', {
          params: params({ lr, optimizer: i === 2 ? 'adamw' : 'sgd', epochs: '30' }),
          metrics: [series('train/loss', [1, 0.5 - i / 10]), series('val/accuracy', [0.5 + i / 10])]
        })
      ),
      ...[0, 1].map((fold) =>
        run(`t${fold}`, 'text', {
          params: params({ fold: String(fold), epochs: '30' }),
          metrics: [series('train/loss', [0.9, 0.4]), series('eval/f1', [0.8 + fold / 100])]
        })
      )
    ]
  }
};

describe('default columns', () => {
  it('follow the runs in view: their metrics, the params that differ between them', async () => {
    const s = service([[grid]]);
    const all = await s.view(request());
    expect(all.columns).toEqual({
      attributes: ['status', 'start_time', 'duration', 'experiment'],
      metrics: ['train/loss', 'val/accuracy'],
      params: ['lr', 'optimizer', 'fold']
    });
    const text = await s.view(request({ experiments: ['runlens-json|text'] }));
    // Only the text runs: no vision metric or param, no epochs (the same for both).
    expect(text.columns).toEqual({
      attributes: ['status', 'start_time', 'duration'],
      metrics: ['eval/f1', 'train/loss'],
      params: ['fold']
    });
  });

  it('add Source when the runs in view come from several tools, and say so for the badge', async () => {
    const tb: BatchFromFile = {
      file: 'logs',
      format: 'tensorboard',
      batch: {
        experiments: [experiment('logs')],
        runs: [run('tb', 'logs', { source: { format: 'tensorboard', file: 'logs/tb' } })]
      }
    };
    const s = service([[grid], [tb]]);
    const both = await s.view(request());
    expect(both.columns?.attributes).toContain('source');
    expect(both.severalTools).toBe(true);
    const one = await s.view(request({ query: 'source = "tensorboard"' }));
    expect(one.matching).toBe(1);
    expect(one.severalTools).toBe(false);
    expect((await s.view(request({ query: 'tool = "TensorBoard"' }))).matching).toBe(1);
    expect((await s.view(request({ query: 'tool = "Runlens"' }))).matching).toBe(5);
  });

  it('are not computed for a person’s own column choice, nor for an empty view', async () => {
    const s = service([[grid]]);
    expect((await s.view(request({ defaultColumns: false }))).columns).toBeNull();
    expect((await s.view(request({ query: 'params.lr = "7"' }))).columns).toBeNull();
  });
});

describe('an empty result says why', () => {
  const why = async (over: Partial<ExplorerRequest>, batches = [[grid]]) =>
    (await service(batches).view(request(over))).empty.map((p) => p.message);

  it('names the metric no run has, with the names that end like it', async () => {
    expect(await why({ query: 'metrics.loss < 0.5' })).toEqual([
      'no metric named loss; did you mean train/loss?'
    ]);
  });

  it('names a value no run holds, with the nearest one, or the values there are', async () => {
    expect(await why({ query: 'params.optimizer = "adam"' })).toEqual([
      'no run has params.optimizer = adam; did you mean adamw?'
    ]);
    expect(await why({ query: 'attributes.status = "FAILD"' })).toEqual([
      'no run has status FAILD; did you mean FAILED?'
    ]);
  });

  it('gives the range of a metric a bound misses', async () => {
    expect(await why({ query: 'metrics.`val/accuracy` > 0.9' })).toEqual([
      'no run has metrics.`val/accuracy` > 0.9 (metrics.`val/accuracy` runs from 0.5 to 0.7)'
    ]);
  });

  it('says when each condition finds runs alone but not together', async () => {
    const [message] = await why({ query: 'params.optimizer = "adamw" and params.lr = "0.1"' });
    expect(message).toMatch(/each condition matches runs on its own .*: 1; .*: 1\), but no run/);
  });

  it('points at matches hidden by the deleted switch or the experiment choice, and only at them', async () => {
    const withDeleted: BatchFromFile = {
      ...grid,
      batch: { ...grid.batch, runs: [run('old', 'vision', { deleted: true, name: 'old-one' })] }
    };
    expect(await why({ query: 'run_name = "old-one"' }, [[grid], [withDeleted]])).toEqual([
      '1 deleted run matches: tick "Show deleted"'
    ]);
    expect(await why({ query: 'params.fold = "1"', experiments: ['runlens-json|vision'] })).toEqual(
      ['1 run in experiments not chosen matches: show all']
    );
  });

  it('says what a quick search kept out', async () => {
    expect(await why({ quickSearch: 'zebra' })).toEqual([
      'no run in view has a name or value containing "zebra"'
    ]);
  });
});

describe('filter examples', () => {
  it('use this library’s names and values, and each one finds runs', async () => {
    const s = service([[grid]]);
    const { examples } = await s.catalog();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(examples[0]).toMatch(/^metrics\.(train\/loss|val\/accuracy)/);
    for (const text of examples) {
      const view = await s.view(request({ query: text }));
      expect(view.error, text).toBeNull();
      expect(view.matching, text).toBeGreaterThan(0);
    }
  });
});

describe('the tool that wrote a run', () => {
  it('is named the way people name it, from the importer that read the run', () => {
    expect(
      [
        'mlflow-filestore',
        'mlflow-export-import',
        'tensorboard',
        'tensorboard-dev',
        'sacred',
        'runlens-json',
        'json-logs',
        'something-new'
      ].map(sourceTool)
    ).toEqual([
      'MLflow',
      'MLflow',
      'TensorBoard',
      'TensorBoard',
      'Sacred',
      'Runlens',
      'JSON',
      'something-new'
    ]);
  });
});

describe('the runs of an import just made', () => {
  it('are found in the view: how many, how many shown, and the first position', async () => {
    const later: BatchFromFile = {
      file: 'later.json',
      format: 'runlens-json',
      batch: {
        experiments: [experiment('vision')],
        runs: [run('new', 'vision', { startTime: 1, endTime: 2 })]
      }
    };
    const s = service([[grid], [later]]);
    // Oldest start: last in the default sort.
    expect((await s.view(request({ focusImport: 'imp-1' }))).focus).toEqual({
      importId: 'imp-1',
      runs: 1,
      shown: 1,
      first: 5
    });
    // Hidden by the filter: the page clears it to show them.
    expect(
      (await s.view(request({ focusImport: 'imp-1', query: 'params.fold = "0"' }))).focus
    ).toEqual({ importId: 'imp-1', runs: 1, shown: 0, first: -1 });
  });
});
