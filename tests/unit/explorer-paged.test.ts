// The explorer reads a big library a page of rows at a time and keeps only columns: it must show
// what reading every row at once showed (counts, rows, parents, edits, metric-at-step cells).
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunlensDb } from '../../src/lib/db/db';
import {
  readLibrary,
  readLibraryInPages,
  readRegistry,
  readRunEdits,
  readRunsByKey,
  readSeries,
  writeRunEdit
} from '../../src/lib/db/repo';
import { ExplorerService } from '../../src/lib/explorer/explorer-service';
import type { ExplorerSource } from '../../src/lib/explorer/library-loading';
import type { ColumnRef } from '../../src/lib/explorer/explorer-types';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { applyRunEdits } from '../../src/lib/run-edits/run-edits';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { createWorkerApi } from '../../src/lib/worker/worker-api';
import { freshDb } from './helpers/db';
import { viewRequest } from './helpers/explorer';

const RUNS = 3_210;
let db: RunlensDb;

/** A search_runs CSV: every 10th run is a child of the run two before it (the same experiment). */
function csv(): Uint8Array {
  const lines = [
    'run_id,experiment_id,status,start_time,metrics.loss,params.model,tags.mlflow.parentRunId\n'
  ];
  for (let i = 0; i < RUNS; i++) {
    const parent = i % 10 === 9 ? `r${i - 2}` : '';
    const start = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    lines.push(`r${i},${1 + (i % 2)},FINISHED,${start},${(i * 7) % 101},m${i % 4},${parent}\n`);
  }
  return new TextEncoder().encode(lines.join(''));
}

beforeAll(async () => {
  db = freshDb();
  const outcome = await runImport(db, [sourceFromBytes('runs.csv', csv())], {
    isCancelled: () => false,
    onProgress: () => {}
  });
  expect(outcome).toMatchObject({ state: 'done', runs: RUNS });
  const [r4] = await readRunsByKey(db, ['mlflow-csv|1|r4']);
  await writeRunEdit(db, {
    runKey: r4!.key,
    name: 'renamed',
    setTags: new Map([['team', 'a']]),
    removedTags: [],
    editedAt: 1
  });
});

/** The explorer as it read the library before: every row at once, kept. */
function wholeExplorer(): ExplorerService {
  return new ExplorerService({
    readLibrary: async () => {
      const library = await readLibrary(db);
      const runs = applyRunEdits(library.runs, await readRunEdits(db));
      return { ...library, runs, registry: await readRegistry(db) };
    },
    readSeries: (key, metric) => readSeries(db, key, metric)
  });
}

const COLUMNS: ColumnRef[] = [
  { kind: 'attribute', key: 'name' },
  { kind: 'param', key: 'model' },
  { kind: 'metric', key: 'loss', summary: 'last' },
  { kind: 'metricAtStep', key: 'loss', step: 0 }
];

describe('the explorer over pages of rows', () => {
  it('reads the library in pages of the size asked, in one transaction', async () => {
    const pages: number[] = [];
    let count = -1;
    await readLibraryInPages(
      db,
      1_000,
      (n) => (count = n),
      (rows) => pages.push(rows.length)
    );
    expect(count).toBe(RUNS);
    expect(pages).toEqual([1_000, 1_000, 1_000, 210]);
  });

  it('answers views, rows, parents and edits as reading every row did', async () => {
    const api = createWorkerApi(db);
    const whole = wholeExplorer();
    for (const request of [
      viewRequest(),
      viewRequest({ query: 'params.model = "m1"', tree: false }),
      viewRequest({
        sort: [{ column: { kind: 'metric', key: 'loss', summary: 'last' }, direction: 'asc' }]
      })
    ]) {
      const paged = await api.explorerView(request, { start: 0, end: 40, columns: COLUMNS });
      const view = await whole.view(request);
      expect(paged.view).toMatchObject({ matching: view.matching, shown: view.shown });
      const rows = await whole.rows(view.generation, 0, 40, COLUMNS);
      expect(paged.rows).toEqual(rows);
    }
    expect(await api.readLibrarySummary()).toEqual(await whole.summary());
  });

  it('gives whole rows back by key or id, with edits, without keeping them', async () => {
    const source: ExplorerSource = {
      readLibrary: () => Promise.reject(new Error('the paged reading is used')),
      readSeries: (key, metric) => readSeries(db, key, metric),
      readLibraryInPages: async (visit) =>
        readLibraryInPages(
          db,
          500,
          (n) => visit.begin(n, []),
          (rows) => visit.runs(rows)
        ),
      readRuns: async (keys) => {
        const rows = await readRunsByKey(db, keys);
        const edited = applyRunEdits(
          rows.filter((r) => r !== undefined),
          await readRunEdits(db)
        );
        return keys.map((k) => edited.find((r) => r.key === k));
      }
    };
    const paged = new ExplorerService(source);
    const names = ['mlflow-csv|1|r4', 'r19', 'nothing', 'mlflow-csv|2|r9'];
    const got = await paged.resolveRuns(names);
    expect(got.missing).toEqual(['nothing']);
    expect(got.runs.map((r) => [r.id, r.name])).toEqual([
      ['r4', 'renamed'],
      ['r19', null],
      ['r9', null]
    ]);
    expect(await paged.family('mlflow-csv|2|r9')).toMatchObject({
      parent: { id: 'r7' },
      children: []
    });
  });
});
