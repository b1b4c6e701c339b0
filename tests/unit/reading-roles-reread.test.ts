// Changing a tolerant reading's column roles from the import report: the file is read again as an
// import of its own (the same write path as any import), its runs replaced under the same keys in
// one transaction, and the choice remembered for that file (path, size, content hash) so that
// dropping it again reads it the same way; "back to the guess" forgets it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunlensDb } from '../../src/lib/db/db';
import { countRows, readLibrary } from '../../src/lib/db/repo';
import type { ReadingChoices } from '../../src/lib/importers/column-roles';
import { createWorkerApi } from '../../src/lib/worker/worker-api';
import type { ImportOutcome, WorkerApi } from '../../src/lib/worker/api';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { textFile } from './helpers/batches';
import { dumpDb, freshDb } from './helpers/db';

const RESULTS = JSON.stringify([
  { timestamp: '2024-03-01 12:00:00', model: 'RF', accuracy: 97.98, parameters: 'Default' },
  { timestamp: '2024-03-01 12:05:00', model: 'SVM', accuracy: 95.1, parameters: 'C=1.0' }
]);
const ACCURACY_AS_PARAM: ReadingChoices = { roles: new Map([['accuracy', 'param']]) };

let db: RunlensDb;
let api: WorkerApi;
beforeEach(() => {
  db = freshDb();
  api = createWorkerApi(db);
});

/** Imports files through the worker's own entry points, as a drop does. */
async function drop(...files: [string, string][]): Promise<ImportOutcome> {
  await api.stageFiles(
    files.map(([path, text]) => ({ path, blob: new Blob([text]), fromFolder: false }))
  );
  return api.importStaged(() => {});
}

/** Each stored run as a person sees it: key, name, params and metric names. */
async function stored() {
  const { runs } = await readLibrary(db);
  return runs
    .map((r) => ({
      key: r.key,
      name: r.name,
      params: Object.fromEntries(r.params),
      metrics: [...r.metrics.keys()]
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

describe('re-reading a file with chosen column roles', () => {
  it('sends the reading with the outcome instead of a warning sentence', async () => {
    const outcome = await drop(['results.json', RESULTS], ['notes.csv', 'a,b\n1,2\n']);
    expect(outcome.readings.map((r) => [r.file, r.kind, r.runs, r.chosen])).toEqual([
      ['results.json', 'flat-records', 2, false]
    ]);
    expect(outcome.readingCount).toBe(1);
    expect(outcome.warnings).toEqual([]);
  });

  it('replaces the runs under the same keys, and remembers the choice with them', async () => {
    await drop(['results.json', RESULTS]);
    const before = await stored();
    expect(before.map((r) => r.metrics)).toEqual([['accuracy'], ['accuracy']]);

    const outcome = await api.rereadFile('results.json', ACCURACY_AS_PARAM, () => {});
    expect(outcome).toMatchObject({ state: 'done', runs: 2 });
    expect(outcome.readings[0]).toMatchObject({ file: 'results.json', chosen: true });
    const after = await stored();
    expect(after.map((r) => r.key)).toEqual(before.map((r) => r.key));
    expect(after[0]).toMatchObject({
      name: 'RF',
      params: { model: 'RF', accuracy: '97.98', parameters: 'Default' },
      metrics: []
    });
    expect(await countRows(db)).toMatchObject({ runs: 2, readings: 1 });
    const [row] = await db.readings.toArray();
    expect(row).toMatchObject({ path: 'results.json', size: RESULTS.length });
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the same file dropped again the same way, and a changed file by the guess', async () => {
    await drop(['results.json', RESULTS]);
    await api.rereadFile('results.json', ACCURACY_AS_PARAM, () => {});

    const again = await drop(['results.json', RESULTS]);
    expect(again.readings[0]!.chosen).toBe(true);
    expect((await stored()).map((r) => r.metrics)).toEqual([[], []]);

    const changed = RESULTS.replace('97.98', '97.99');
    const other = await drop(['results.json', changed]);
    expect(other.readings[0]!.chosen).toBe(false);
    expect((await stored()).map((r) => r.metrics)).toEqual([['accuracy'], ['accuracy']]);
  });

  it('goes back to the guess and forgets the choice', async () => {
    await drop(['results.json', RESULTS]);
    await api.rereadFile('results.json', ACCURACY_AS_PARAM, () => {});
    const outcome = await api.rereadFile('results.json', null, () => {});
    expect(outcome.readings[0]!.chosen).toBe(false);
    expect((await stored()).map((r) => r.metrics)).toEqual([['accuracy'], ['accuracy']]);
    expect(await countRows(db)).toMatchObject({ readings: 0 });
  });

  it('leaves the store as it was when the choice is impossible, and says why', async () => {
    await drop(['results.json', RESULTS]);
    const before = await dumpDb(db);
    const outcome = await api.rereadFile(
      'results.json',
      { roles: new Map([['model', 'metric']]) },
      () => {}
    );
    expect(outcome.state).toBe('error');
    expect(outcome.errors).toEqual([
      {
        file: 'results.json',
        message:
          'column "model" cannot be a metric (record [0] holds the text "RF", not a number); ' +
          'it can be: param, tag, ignored'
      }
    ]);
    expect(await dumpDb(db)).toEqual(before);
    expect(await countRows(db)).toMatchObject({ readings: 0 });
  });

  it('says when the file is not at hand any more', async () => {
    const outcome = await api.rereadFile('elsewhere.json', ACCURACY_AS_PARAM, () => {});
    expect(outcome.state).toBe('error');
    expect(outcome.errors[0]!.message).toContain('drop it again');
  });

  it('keeps the other files of the import re-readable after one is read again', async () => {
    const csv =
      'run_id,experiment_id,status,artifact_uri,start_time,end_time,accuracy,model\n' +
      'r1,3,FINISHED,,,,0.9,RF\n';
    await drop(['results.json', RESULTS], ['runs.csv', csv]);
    await api.rereadFile('results.json', ACCURACY_AS_PARAM, () => {});
    const outcome = await api.rereadFile(
      'runs.csv',
      { roles: new Map([['model', 'tag']]) },
      () => {}
    );
    expect(outcome).toMatchObject({ state: 'done', runs: 1 });
    const run = (await readLibrary(db)).runs.find((r) => r.id === 'r1')!;
    expect(Object.fromEntries(run.tags)).toEqual({ model: 'RF' });
  });
});

describe('remembered choices in the pipeline', () => {
  it('hashes only files whose path and size match a remembered choice', async () => {
    await drop(['results.json', RESULTS]);
    await api.rereadFile('results.json', ACCURACY_AS_PARAM, () => {});
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      const options = { isCancelled: () => false, onProgress: () => {} };
      const other = await runImport(db, [textFile('other.json', RESULTS)], options);
      expect(other.readings[0]!.chosen).toBe(false);
      expect(digest).not.toHaveBeenCalled();
      const same = await runImport(db, [textFile('results.json', RESULTS)], options);
      expect(same.readings[0]!.chosen).toBe(true);
      expect(digest).toHaveBeenCalledTimes(1);
    } finally {
      digest.mockRestore();
    }
  });
});
