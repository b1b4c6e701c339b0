// A search_runs CSV read in two passes over slices: the same runs as the whole-file reading, and
// one atomic import (a bad row anywhere, a cancel, a file that changed: the store as it was).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunlensDb } from '../../src/lib/db/db';
import { prepareImport } from '../../src/lib/db/prepare';
import { commitImport } from '../../src/lib/db/commit-import';
import type { ScannedFile } from '../../src/lib/importers/importer';
import { mlflowCsvImporter, searchRunsFirst } from '../../src/lib/importers/mlflow-csv';
import { scanSearchRuns } from '../../src/lib/importers/mlflow-csv-stream';
import {
  ImportSource,
  randomAccessToBytes,
  sourceFromBytes,
  type SourceFile
} from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import type { ImportProgress } from '../../src/lib/worker/api';
import { parseFiles, runImport } from '../../src/lib/worker/import-pipeline';
import { dumpDb, freshDb } from './helpers/db';
import { testContext } from './helpers/import-context';
import { REAL_FIXTURES } from './helpers/real-fixtures';

const utf8 = new TextEncoder();

/** A run as plain data (one-point series are views into shared slabs). */
const plain = (r: Run) => ({
  ...r,
  metrics: r.metrics.map((m) => ({
    key: m.key,
    steps: [...m.steps],
    values: [...m.values],
    timestamps: [...m.timestamps]
  }))
});

/** What the first pass found and what the second gives, read `sliceBytes` at a time. */
async function twoPasses(
  name: string,
  bytes: Uint8Array,
  sliceBytes: number
): Promise<{ scanned: ScannedFile; runs: Run[] } | null> {
  const source = new ImportSource(sourceFromBytes(name, bytes));
  const scanned = await scanSearchRuns(source, testContext(), searchRunsFirst, sliceBytes);
  if (!scanned) return null;
  const batches = await scanned.open();
  const runs: Run[] = [];
  for (let b = batches.next(3); b.length > 0; b = batches.next(3)) runs.push(...b);
  batches.close();
  return { scanned, runs };
}

const INLINE =
  '\uFEFF,run_id,experiment_id,status,artifact_uri,start_time,end_time,metrics.loss,' +
  'params.note,tags.mlflow.runName,tags.mlflow.note.content\r\n' +
  '0,aaa,7,FINISHED,file:///m/7/aaa,2024-07-20 03:08:27.221000+00:00,,0.25,"a, ""b""",first,' +
  '"line one\r\nline two"\r\n' +
  '1,,8,FAILED,,2024-07-20 04:00:00+00:00,,inf,,,\r\n' +
  '2,ccc,7,RUNNING,,,,,None,,"ends ""here"""\r\n';

describe('a search_runs CSV in two passes', () => {
  const files: [string, Uint8Array][] = [['inline.csv', utf8.encode(INLINE)]];
  const dir = join(REAL_FIXTURES, 'mlflow-csv/hakathon-room-cv-search-runs');
  for (const name of readdirSync(dir)) files.push([name, readFileSync(join(dir, name))]);

  it('gives the runs and experiments of the whole-file reading, slices of 7 bytes or 1 MiB', async () => {
    for (const [name, bytes] of files) {
      const whole = await mlflowCsvImporter.parse(
        new ImportSource(sourceFromBytes(name, bytes)),
        testContext()
      );
      for (const slice of [7, 1 << 20]) {
        const read = await twoPasses(name, bytes, slice);
        expect(read, name).not.toBeNull();
        expect(read!.runs.map(plain), `${name} in slices of ${slice}`).toEqual(
          whole.runs.map(plain)
        );
        expect(read!.scanned.experiments).toEqual(whole.experiments);
        expect(read!.scanned.runs).toBe(whole.runs.length);
        expect(read!.scanned.points).toBe(whole.runs.reduce((n, r) => n + r.metrics.length, 0));
      }
    }
    // The id-less inline row is named by the content hash and its line, as parse() names it.
    const inline = (await twoPasses('inline.csv', files[0]![1], 5))!.runs;
    expect(inline.map((r) => r.id)[1]).toMatch(/^[0-9a-f]{8}-line4$/);
    expect(inline[0]!.tags.get('mlflow.note.content')).toBe('line one\r\nline two');
  });

  it('is declined for files that need every row at once (unprefixed columns, the UI download)', async () => {
    const unprefixed = 'run_id,experiment_id,loss\nr1,1,0.5\n';
    expect(await twoPasses('u.csv', utf8.encode(unprefixed), 4)).toBeNull();
    const ui = readFileSync(
      join(REAL_FIXTURES, 'mlflow-csv/mlops-assignment1-group72-ui-download/mlflow_runs.csv')
    );
    const source = new ImportSource(sourceFromBytes('ui.csv', ui));
    expect(await mlflowCsvImporter.scan(source, testContext())).toBeNull();
  });
});

const HEADER = 'run_id,experiment_id,status,start_time,metrics.loss,params.model,tags.team\n';
const row = (i: number, loss = '0.5') =>
  `r${String(i).padStart(5, '0')},${1 + (i % 3)},FINISHED,2025-01-01 00:00:00+00:00,${loss},m${i % 4},t\n`;
function csvOf(rows: number, bad?: { at: number; loss: string }): Uint8Array {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) lines.push(row(i, bad?.at === i ? bad.loss : undefined));
  return utf8.encode(lines.join(''));
}

let db: RunlensDb;
beforeEach(() => {
  db = freshDb();
});

const fixed = { newId: () => 'import-1', now: () => 1_700_000_000_000 };

async function seed(): Promise<unknown> {
  const outcome = await runImport(db, [sourceFromBytes('old.csv', csvOf(1_200))], {
    isCancelled: () => false,
    onProgress: () => {},
    ...fixed
  });
  expect(outcome).toMatchObject({ state: 'done', runs: 1_200 });
  return dumpDb(db);
}

describe('importing a big search_runs CSV', () => {
  it('stores what the whole-file reading stores, and names every run it wrote', async () => {
    const bytes = csvOf(2_500);
    const outcome = await runImport(db, [sourceFromBytes('runs.csv', bytes)], {
      isCancelled: () => false,
      onProgress: () => {},
      ...fixed
    });
    expect(outcome).toMatchObject({ state: 'done', experiments: 3, runs: 2_500, points: 2_500 });
    expect(new Set(outcome.runKeys).size).toBe(2_500);
    // The same file through parse() (no scan) and one commit, into another store.
    const other = freshDb();
    const noop = () => {};
    const parsed = await parseFiles([sourceFromBytes('runs.csv', bytes)], undefined, noop, noop);
    expect(parsed.parsed[0]!.scanned).toBeUndefined();
    const prepared = prepareImport('import-1', parsed.parsed, fixed.now());
    await commitImport(other, prepared, { checkCancelled: noop, onRowsWritten: noop });
    expect(await dumpDb(db)).toEqual(await dumpDb(other));
  });

  it('a bad row on the last line leaves the store as it was, naming file, line and problem', async () => {
    const before = await seed();
    const outcome = await runImport(
      db,
      [sourceFromBytes('runs.csv', csvOf(2_500, { at: 2_499, loss: 'abc' }))],
      { isCancelled: () => false, onProgress: () => {}, ...fixed }
    );
    expect(outcome.state).toBe('error');
    expect(outcome.errors).toEqual([
      {
        file: 'runs.csv',
        message: 'line 2501, column "metrics.loss": expected a number, found "abc"'
      }
    ]);
    expect(await dumpDb(db)).toEqual(before);
  });

  it('a file that turns bad between the passes rolls back the batches already written', async () => {
    const before = await seed();
    const good = csvOf(2_500);
    const bad = csvOf(2_500, { at: 2_400, loss: 'x.y' }); // as long as 0.5: same offsets
    let opened = 0;
    const file: SourceFile = {
      path: 'runs.csv',
      size: good.byteLength,
      read: () => Promise.resolve(good),
      readHead: (n) => Promise.resolve(good.subarray(0, n)),
      openRandomAccess: () => randomAccessToBytes(opened++ === 0 ? good : bad)
    };
    let written = 0;
    const outcome = await runImport(db, [file], {
      isCancelled: () => false,
      onProgress: (p: ImportProgress) => {
        if (p.phase === 'writing') written = Math.max(written, p.points);
      },
      ...fixed
    });
    expect(written).toBeGreaterThanOrEqual(2_000); // two batches were put before the bad row
    expect(outcome.state).toBe('error');
    expect(outcome.errors[0]!.message).toContain('line 2402, column "metrics.loss"');
    expect(outcome.errors[0]!.message).toContain('nothing was saved');
    expect(await dumpDb(db)).toEqual(before);
  });

  it('cancelled while its runs are written leaves nothing behind', async () => {
    const before = await seed();
    let cancel = false;
    const outcome = await runImport(db, [sourceFromBytes('runs.csv', csvOf(3_000))], {
      isCancelled: () => cancel,
      onProgress: (p: ImportProgress) => {
        if (p.phase === 'writing' && p.points >= 1_000) cancel = true;
      },
      ...fixed
    });
    expect(outcome.state).toBe('cancelled');
    expect(await dumpDb(db)).toEqual(before);
  });
});
