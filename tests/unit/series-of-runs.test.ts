import { describe, expect, it } from 'vitest';
import { readSeries } from '../../src/lib/db/repo';
import { readSeriesOfRuns } from '../../src/lib/db/series-of-runs';
import { CHUNK_POINTS } from '../../src/lib/db/series-chunks';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { batchFile, experiment, run, series } from './helpers/batches';
import { freshDb } from './helpers/db';

// The comparison's first read goes beside Dexie (series-of-runs.ts): it must give exactly what
// Dexie's per-run read gives, for chunked, inline and absent histories, in the order asked.
describe('readSeriesOfRuns', () => {
  it('reads every run like readSeries does, in the order asked', async () => {
    const db = freshDb();
    const long = Array.from({ length: CHUNK_POINTS * 2 + 17 }, (_, i) => Math.sin(i / 50));
    const outcome = await runImport(
      db,
      [
        batchFile('mix.json', {
          experiments: [experiment('1', 'mix')],
          runs: [
            run('chunked', '1', { metrics: [series('loss', long)] }),
            run('inline', '1', { metrics: [series('loss', [3, 2, 1])] }),
            run('other', '1', { metrics: [series('acc', [0.5])] })
          ]
        })
      ],
      { isCancelled: () => false, onProgress: () => {} }
    );
    expect(outcome.state).toBe('done');
    const keys = (await db.runs.toArray()).map((r) => r.key).reverse();
    const together = await readSeriesOfRuns(db, keys, 'loss');
    const oneByOne = await Promise.all(keys.map((k) => readSeries(db, k, 'loss')));
    expect(together).toEqual(oneByOne);
    const counts = Object.fromEntries(
      keys.map((k, i) => [k.split('|').pop(), together[i]!.values.length])
    );
    expect(counts).toEqual({ chunked: long.length, inline: 3, other: 0 });
  });
});
