// The worker's media methods over a real store: keys and steps of the compared runs, each run's
// file at a step, and the bytes of only the files asked for.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Artifact } from '../../../src/lib/model';
import { runImport } from '../../../src/lib/worker/import-pipeline';
import { createWorkerApi } from '../../../src/lib/worker/worker-api';
import type { WorkerApi } from '../../../src/lib/worker/api';
import { batchFile, experiment, run } from '../helpers/batches';
import { freshDb } from '../helpers/db';

let api: WorkerApi;
let keys: string[];

const file = (path: string, text: string, mediaType = 'image/png'): Artifact => {
  const content = new TextEncoder().encode(text);
  return { path, size: content.length, mediaType, content };
};

beforeAll(async () => {
  const db = freshDb();
  const runs = [
    run('tb', '1', {
      artifacts: [0, 10, 20].map((s) => file(`images/recon/step_${s}.png`, `tb ${s}`))
    }),
    run('wb', '1', {
      artifacts: [
        file('media/images/recon_15_0123abcd.png', 'wb 15'),
        file(
          'media/table/generations_15_89abcdef.table.json',
          '{"columns":["text"]}',
          'application/json'
        )
      ]
    }),
    run('none', '1', { artifacts: [file('model/model.pkl', 'x', 'application/octet-stream')] })
  ];
  const outcome = await runImport(
    db,
    [batchFile('media.json', { experiments: [experiment('1', 'media')], runs })],
    { isCancelled: () => false, onProgress: () => {} }
  );
  expect(outcome.state).toBe('done');
  api = createWorkerApi(db);
  keys = (await api.compareOpen(['tb', 'wb', 'none'])).runs.map((r) => r.key);
});

describe('media of compared runs in the worker', () => {
  it('lists the keys with every step, images before text samples', async () => {
    const catalog = await api.compareMedia(keys);
    expect(catalog.keys.map((k) => `${k.kind} ${k.key} [${k.steps}] ${k.runCount}`)).toEqual([
      'image recon [0,10,15,20] 2',
      'text generations [15] 1'
    ]);
    expect([catalog.runCount, catalog.runsWithMedia]).toEqual([3, 2]);
  });

  it('answers each run at a step, then reads the bytes of only those files', async () => {
    const cells = await api.compareMediaAt({ runKeys: keys, key: 'recon', step: 12 });
    expect(cells.map((c) => [c.path, c.step])).toEqual([
      ['images/recon/step_10.png', 10],
      [null, null],
      [null, null]
    ]);
    expect(cells[1]!.firstStep).toBe(15);
    const shown = cells
      .filter((c) => c.path !== null)
      .map((c) => ({ runKey: c.runKey, path: c.path! }));
    const files = await api.readMediaFiles(shown);
    expect(files).toHaveLength(1);
    expect(await files[0]!.blob!.text()).toBe('tb 10');
  });

  it('forgets the index when the store changes (a run deleted)', async () => {
    await api.compareMediaAt({ runKeys: keys, key: 'recon', step: 20 });
    await api.deleteRows({ runKeys: [keys[0]!] });
    const cells = await api.compareMediaAt({ runKeys: keys, key: 'recon', step: 20 });
    expect(cells.map((c) => c.path)).toEqual([null, 'media/images/recon_15_0123abcd.png', null]);
    expect(
      await api.readMediaFiles([{ runKey: keys[0]!, path: 'images/recon/step_20.png' }])
    ).toEqual([{ runKey: keys[0], path: 'images/recon/step_20.png', blob: null }]);
  });
});
