// After an import the explorer builds its columns from the run rows the import just committed
// instead of reading them back (0.7 s for 10,000 server runs). What it lists must be what the
// store holds: the rows at hand stand in only for their own keys, and a later change (a delete,
// an edit) is read from the store, not from rows that are no longer true.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunlensDb } from '../../src/lib/db/db';
import { readLibraryInPages } from '../../src/lib/db/repo';
import type { RunRow } from '../../src/lib/db/rows';
import type { ImportOutcome, WorkerApi } from '../../src/lib/worker/api';
import { ExplorerService } from '../../src/lib/explorer/explorer-service';
import { createWorkerApi } from '../../src/lib/worker/worker-api';
import { freshDb } from './helpers/db';
import { viewRequest } from './helpers/explorer';

const RUNS = 1_200;

/** A search_runs CSV: runs r{from}..r{from+n-1}, every third in experiment 2. */
function csv(from: number, n: number, loss = (i: number) => (i * 7) % 101): string {
  const lines = ['run_id,experiment_id,status,start_time,metrics.loss,params.model\n'];
  for (let i = from; i < from + n; i++) {
    const start = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    lines.push(`r${i},${i % 3 === 0 ? 2 : 1},FINISHED,${start},${loss(i)},m${i % 4}\n`);
  }
  return lines.join('');
}

let db: RunlensDb;
let api: WorkerApi;
beforeEach(() => {
  db = freshDb();
  api = createWorkerApi(db);
});

async function drop(name: string, text: string): Promise<ImportOutcome> {
  await api.stageFiles([{ path: name, blob: new Blob([text]), fromFolder: false }]);
  return api.importStaged(() => {});
}

/** Every row of the library as the paged reading hands it over, by key. */
async function readAll(stored: ReadonlyMap<string, RunRow> | null, pageSize = 250) {
  const rows: RunRow[] = [];
  await readLibraryInPages(
    db,
    pageSize,
    () => {},
    (page) => rows.push(...page),
    stored
  );
  return rows;
}

/** The list a person sees: counts, then the first rows' names and losses, newest first. */
async function listed(target: WorkerApi) {
  const { view, rows } = await target.explorerView(viewRequest({ tree: false }), {
    start: 0,
    end: 30,
    columns: [
      { kind: 'attribute', key: 'name' },
      { kind: 'metric', key: 'loss', summary: 'last' }
    ]
  });
  return { matching: view?.matching, shown: view?.shown, rows: rows.map((r) => r.cells) };
}

describe('rows an import committed, read in place of the store', () => {
  it('hands over the same rows, in key order, whichever of them are at hand', async () => {
    expect(await drop('runs.csv', csv(0, RUNS))).toMatchObject({ state: 'done', runs: RUNS });
    const fromStore = await readAll(null);
    expect(fromStore).toHaveLength(RUNS);
    const byKey = new Map(fromStore.map((r) => [r.key, r]));
    // Marked copies show where a row came from; the marks are the only difference.
    const marked = (keep: (r: RunRow, i: number) => boolean) =>
      new Map(
        fromStore.filter(keep).map((r) => [r.key, { ...r, sourceFile: `at hand: ${r.key}` }])
      );
    const unmark = (rows: RunRow[]) =>
      rows.map((r) => (r.sourceFile.startsWith('at hand') ? byKey.get(r.key)! : r));

    // All of them, one experiment's (a block of keys), and one row in three (many stretches).
    for (const [what, keep, used] of [
      ['all', () => true, RUNS],
      ['experiment 2', (r: RunRow) => r.experimentId === '2', RUNS / 3],
      ['one in three', (_: RunRow, i: number) => i % 3 === 0, 0],
      ['too few to be worth it', (_: RunRow, i: number) => i < 100, 0]
    ] as const) {
      const rows = await readAll(marked(keep));
      expect(unmark(rows), what).toEqual(fromStore);
      expect(rows.filter((r) => r.sourceFile.startsWith('at hand')).length, what).toBe(used);
    }
  });

  it('lists what a fresh worker reading the store lists, after imports and a delete', async () => {
    await drop('first.csv', csv(0, RUNS));
    expect(await listed(api)).toEqual(await listed(createWorkerApi(db)));
    expect(await api.readLibrarySummary()).toEqual(await createWorkerApi(db).readLibrarySummary());

    // Runs read again with other losses, and new ones: the second import's rows are at hand.
    await drop(
      'second.csv',
      csv(RUNS - 200, 400, (i) => 1000 + i)
    );
    const afterSecond = await listed(api);
    expect(afterSecond.matching).toBe(RUNS + 200);
    expect(afterSecond).toEqual(await listed(createWorkerApi(db)));

    // A delete right after an import, before the list is read: the rows at hand are stale now.
    await drop('third.csv', csv(RUNS + 200, 50));
    await api.deleteRows({ runKeys: ['mlflow-csv|1|r1420', 'mlflow-csv|2|r1401'] });
    const afterDelete = await listed(api);
    expect(afterDelete.matching).toBe(RUNS + 250 - 2);
    expect(afterDelete).toEqual(await listed(createWorkerApi(db)));
  });

  it('uses the rows at hand for the next read only, and never after another change', async () => {
    await drop('runs.csv', csv(0, 300));
    const rows = await readAll(null);
    const given: (number | null)[] = [];
    const service = new ExplorerService({
      readLibrary: () => Promise.reject(new Error('the paged reading is used')),
      readSeries: () => Promise.reject(new Error('not needed')),
      readLibraryInPages: (visit, stored) => {
        given.push(stored?.size ?? null);
        return readLibraryInPages(
          db,
          100,
          (n) => visit.begin(n, []),
          (page) => visit.runs(page),
          stored
        );
      },
      readRuns: () => Promise.reject(new Error('not needed'))
    });
    const count = async () => (await service.view(viewRequest())).matching;
    service.invalidate(rows); // an import
    expect(await count()).toBe(300);
    service.invalidate(); // a delete, an edit, a refresh from a server, another tab's write
    expect(await count()).toBe(300);
    service.invalidate(rows); // an import, then another change before the list is read
    service.invalidate();
    expect(await count()).toBe(300);
    expect(given).toEqual([300, null, null]);
  });
});
