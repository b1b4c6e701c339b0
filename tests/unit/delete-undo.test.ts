import { beforeEach, describe, expect, it } from 'vitest';
import type { RunlensDb } from '../../src/lib/db/db';
import { countRows, deleteWithUndo, readLibrary, restoreDeleted } from '../../src/lib/db/repo';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { batchFile, experiment, run, series } from './helpers/batches';
import { dumpDb, freshDb } from './helpers/db';

let db: RunlensDb;
const options = { isCancelled: () => false, onProgress: () => {} };

beforeEach(async () => {
  db = freshDb();
  const artifact = { path: 'a.txt', size: 1, mediaType: 'text/plain', content: Uint8Array.of(65) };
  await runImport(
    db,
    [
      batchFile('first.json', {
        experiments: [experiment('1', 'one')],
        runs: [run('a', '1', { artifacts: [artifact] }), run('b', '1')]
      })
    ],
    options
  );
  await runImport(
    db,
    [
      batchFile('second.json', {
        experiments: [experiment('2', 'two')],
        runs: [
          run('c', '2', {
            metrics: [
              series(
                'm',
                Array.from({ length: 100 }, (_, i) => i)
              )
            ]
          })
        ]
      })
    ],
    options
  );
});

describe('delete with undo', () => {
  it('deletes a run with its history and artifacts, and undo puts back exactly what was there', async () => {
    const before = await dumpDb(db);
    const a = (await readLibrary(db)).runs.find((r) => r.id === 'a')!;
    const removed = await deleteWithUndo(db, { runKeys: [a.key] });
    expect(removed.runs.map((r) => r.id)).toEqual(['a']);
    expect(await countRows(db)).toMatchObject({ runs: 2, artifacts: 0, experiments: 2 });
    await restoreDeleted(db, removed);
    expect(await dumpDb(db)).toEqual(before);
  });

  it('deletes a whole import: its runs, its now-empty experiments and the import itself', async () => {
    const before = await dumpDb(db);
    const lib = await readLibrary(db);
    const first = lib.imports.find((i) => i.files[0] === 'first.json')!;
    const removed = await deleteWithUndo(db, { importIds: [first.id] });
    const after = await readLibrary(db);
    expect(after.runs.map((r) => r.id)).toEqual(['c']);
    expect(after.experiments.map((e) => e.name)).toEqual(['two']);
    expect(after.imports.map((i) => i.files[0])).toEqual(['second.json']);
    await restoreDeleted(db, removed);
    expect(await dumpDb(db)).toEqual(before);
  });

  it('deletes an experiment with all its runs', async () => {
    const two = (await readLibrary(db)).experiments.find((e) => e.name === 'two')!;
    // Run c's 100-point history is the only one long enough for chunk rows.
    expect(await countRows(db)).toMatchObject({ runs: 3, experiments: 2, series: 1 });
    await deleteWithUndo(db, { experimentKeys: [two.key] });
    expect(await countRows(db)).toMatchObject({ runs: 2, experiments: 1, series: 0 });
  });
});
