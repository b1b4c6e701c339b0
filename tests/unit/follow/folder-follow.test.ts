// The folder-follow engine (issue 16, item 6) over a real store and the real import pipeline:
// files grow between polls the way writers append to them, and what the store holds after each
// poll must equal a fresh import of the files as they are then.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunlensDb } from '../../../src/lib/db/db';
import { readSeries } from '../../../src/lib/db/repo';
import {
  FolderFollow,
  type FollowedFile,
  type Reimport
} from '../../../src/lib/follow/folder-follow';
import { sourceFromBlob } from '../../../src/lib/importers/source';
import { runImport } from '../../../src/lib/worker/import-pipeline';
import { freshDb } from '../helpers/db';
import { event, eventFile, tfrecords } from '../helpers/tensorboard-events';

const IMPORT_ID = 'followed';

/** A folder in memory: bytes and a modification time per path. */
class FakeFolder {
  files = new Map<string, { bytes: Uint8Array; time: number }>();
  #clock = 1_000;
  write(path: string, bytes: Uint8Array | string): void {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    this.files.set(path, { bytes: data, time: (this.#clock += 1_000) });
  }
  append(path: string, bytes: Uint8Array | string): void {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const before = this.files.get(path)?.bytes ?? new Uint8Array();
    const joined = new Uint8Array(before.length + data.length);
    joined.set(before);
    joined.set(data, before.length);
    this.write(path, joined);
  }
  walk(): FollowedFile[] {
    return [...this.files].map(([path, f]) => ({
      path,
      blob: new File([f.bytes as Uint8Array<ArrayBuffer>], path.split('/').at(-1)!, {
        lastModified: f.time
      })
    }));
  }
}

const reimportInto =
  (db: RunlensDb): Reimport =>
  async (files, importId, adjust) => {
    const outcome = await runImport(
      db,
      files.map((f) => sourceFromBlob(f.path, f.blob, true)),
      {
        isCancelled: () => false,
        onProgress: () => {},
        newId: () => importId,
        adjustPrepared: adjust
      }
    );
    return {
      state: outcome.state,
      runKeys: outcome.runKeys,
      points: outcome.points,
      error: outcome.errors[0]?.message ?? null
    };
  };

/** A fresh import of the folder as it is now, for comparison. */
async function freshImportOf(folder: FakeFolder): Promise<RunlensDb> {
  const db = freshDb();
  await reimportInto(db)(folder.walk(), 'fresh', () => {});
  return db;
}

async function valuesOf(db: RunlensDb, runKey: string, metric: string) {
  const s = await readSeries(db, runKey, metric);
  return { steps: [...s.steps], values: [...s.values] };
}

const scalar = (step: number, value: number) =>
  event({ wallTime: 1_700_000_000 + step, step, values: [{ tag: 'loss', simple: value }] });

const TB_RUN = 'tensorboard|logs|run1';
const TB_FILE = 'logs/run1/events.out.tfevents.1.host';

let db: RunlensDb;
let folder: FakeFolder;
let follow: FolderFollow;
let clock: number;

beforeEach(() => {
  db = freshDb();
  folder = new FakeFolder();
  clock = 0;
  follow = new FolderFollow(db, IMPORT_ID, reimportInto(db), { now: () => clock, quietMs: 60_000 });
});

describe('TensorBoard event files', () => {
  beforeEach(async () => {
    // 20 points: past the 16 kept inline, so the history is stored in chunks.
    folder.write(
      TB_FILE,
      eventFile(
        ...Array.from({ length: 20 }, (_, i) => ({
          wallTime: 1_700_000_000 + i,
          step: i,
          values: [{ tag: 'loss', simple: i / 2 }]
        }))
      )
    );
    expect((await follow.start(folder.walk())).state).toBe('reimported');
  });

  it('appends the whole records of a grown file and leaves a cut-off record for the next poll', async () => {
    const more = tfrecords(scalar(20, 10), scalar(21, 10.5), scalar(22, 11));
    const next = tfrecords(scalar(23, 11.5));
    // The last record is cut in the middle, as a writer's unflushed buffer leaves it.
    folder.append(TB_FILE, more);
    folder.append(TB_FILE, next.subarray(0, 9));
    clock = 1_000;
    const first = await follow.poll(folder.walk());
    expect(first).toMatchObject({ state: 'appended', points: 3, changedKeys: [TB_RUN] });
    expect((await valuesOf(db, TB_RUN, 'loss')).steps.at(-1)).toBe(22);
    expect((await db.runs.get(TB_RUN))!.status).toBe('RUNNING');

    folder.append(TB_FILE, next.subarray(9));
    const second = await follow.poll(folder.walk());
    expect(second).toMatchObject({ state: 'appended', points: 1 });
    // What is stored equals a fresh import of the file as it is now, point for point.
    const fresh = await freshImportOf(folder);
    expect(await valuesOf(db, TB_RUN, 'loss')).toEqual(await valuesOf(fresh, TB_RUN, 'loss'));
    const summary = (await db.runs.get(TB_RUN))!.metrics.get('loss');
    expect(summary).toEqual((await fresh.runs.get(TB_RUN))!.metrics.get('loss'));
    expect(summary).toMatchObject({ count: 24, last: 11.5, lastStep: 23 });
    expect((await db.imports.get(IMPORT_ID))!.pointCount).toBe(24);
  });

  it('reads nothing when nothing changed, and a quiet run goes back to what its files say', async () => {
    folder.append(TB_FILE, tfrecords(scalar(20, 1)));
    clock = 1_000;
    await follow.poll(folder.walk());
    expect((await db.runs.get(TB_RUN))!.status).toBe('RUNNING');
    clock = 30_000;
    expect((await follow.poll(folder.walk())).state).toBe('unchanged');
    expect((await db.runs.get(TB_RUN))!.status).toBe('RUNNING');
    clock = 61_001;
    const quiet = await follow.poll(folder.walk());
    expect(quiet.changedKeys).toEqual([TB_RUN]);
    expect((await db.runs.get(TB_RUN))!.status).toBe('FINISHED');
  });

  it('reads a truncated or rewritten file again whole', async () => {
    // Shrunk: the writer started the file over.
    folder.write(TB_FILE, eventFile(scalar2(0, 7), scalar2(1, 8)));
    const shrunk = await follow.poll(folder.walk());
    expect(shrunk.state).toBe('reimported');
    expect(shrunk.note).toContain('shrunk');
    expect(await valuesOf(db, TB_RUN, 'loss')).toEqual({ steps: [0, 1], values: [7, 8] });

    // Rewritten with more bytes than before: not an append, since its old bytes changed.
    folder.write(TB_FILE, eventFile(...Array.from({ length: 30 }, (_, i) => scalar2(i, 100 + i))));
    const rewritten = await follow.poll(folder.walk());
    expect(rewritten.state).toBe('reimported');
    expect(rewritten.note).toContain('rewritten');
    const stored = await valuesOf(db, TB_RUN, 'loss');
    expect(stored.values.length).toBe(30);
    expect(stored.values[0]).toBe(100);
  });

  it('reads the folder again when a new run folder appears, keeping the first run under its key', async () => {
    folder.write('logs/run2/events.out.tfevents.2.host', eventFile(scalar2(0, 3), scalar2(1, 2)));
    const outcome = await follow.poll(folder.walk());
    expect(outcome.state).toBe('reimported');
    expect(outcome.note).toBe('new file logs/run2/events.out.tfevents.2.host');
    const keys = (await db.runs.toArray()).map((r) => r.key).sort();
    expect(keys).toEqual([TB_RUN, 'tensorboard|logs|run2']);
    expect((await db.runs.get(TB_RUN))!.importId).toBe(IMPORT_ID);
    expect((await db.imports.toArray()).map((i) => i.id)).toEqual([IMPORT_ID]);
    // The new run's file is followed from there on.
    folder.append('logs/run2/events.out.tfevents.2.host', tfrecords(scalar(2, 1)));
    expect(await follow.poll(folder.walk())).toMatchObject({ state: 'appended', points: 1 });
  });
});

function scalar2(step: number, value: number) {
  return { wallTime: 1_700_000_000 + step, step, values: [{ tag: 'loss', simple: value }] };
}

describe('MLflow mlruns metric files', () => {
  const RUN = 'mlruns/1/abc';
  const runMeta = (status: number) =>
    [
      `artifact_uri: file:///x/${RUN}/artifacts`,
      'end_time: null',
      "experiment_id: '1'",
      'lifecycle_stage: active',
      'run_id: abc',
      'run_name: trial',
      'run_uuid: abc',
      'start_time: 1700000000000',
      `status: ${status}`,
      'user_id: me',
      ''
    ].join('\n');
  const KEY = 'mlflow-filestore|1|abc';

  beforeEach(async () => {
    folder.write(
      'mlruns/1/meta.yaml',
      "artifact_location: file:///x/mlruns/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: exp\n"
    );
    folder.write(`${RUN}/meta.yaml`, runMeta(1));
    folder.write(`${RUN}/params/lr`, '0.1');
    folder.write(`${RUN}/metrics/loss`, '1700000000000 1.0 0\n1700000001000 0.9 1\n');
    folder.write(`${RUN}/metrics/val/acc`, '1700000000000 0.5 0\n');
    await follow.start(folder.walk());
  });

  it('appends whole lines, leaves a half-written line, and picks up the status from meta.yaml', async () => {
    folder.append(`${RUN}/metrics/loss`, '1700000002000 0.8 2\n1700000003000 0.7');
    folder.append(`${RUN}/metrics/val/acc`, '1700000002000 0.6 2\n');
    const first = await follow.poll(folder.walk());
    expect(first).toMatchObject({ state: 'appended', points: 2, changedKeys: [KEY] });
    expect(await valuesOf(db, KEY, 'val/acc')).toEqual({ steps: [0, 2], values: [0.5, 0.6] });
    folder.append(`${RUN}/metrics/loss`, ' 3\n');
    await follow.poll(folder.walk());
    expect(await valuesOf(db, KEY, 'loss')).toEqual({
      steps: [0, 1, 2, 3],
      values: [1, 0.9, 0.8, 0.7]
    });
    expect((await db.runs.get(KEY))!.status).toBe('RUNNING');

    // The run ends: MLflow rewrites meta.yaml, and the folder is read again.
    folder.write(`${RUN}/meta.yaml`, runMeta(3));
    const ended = await follow.poll(folder.walk());
    expect(ended.state).toBe('reimported');
    expect(ended.note).toBe(`changed file ${RUN}/meta.yaml`);
    const row = (await db.runs.get(KEY))!;
    expect(row.status).toBe('FINISHED');
    expect(row.params.get('lr')).toBe('0.1');
    expect(row.metrics.get('loss')!.count).toBe(4);
  });
});

describe('Lightning metrics.csv', () => {
  const CSV = 'lightning_logs/version_0/metrics.csv';
  const KEY = 'lightning-csv|lightning_logs|version_0';

  it('appends new rows under the header, and reads the file again when the header changes', async () => {
    folder.write(CSV, 'epoch,step,train_loss\n0,9,1.5\n0,19,1.25\n');
    await follow.start(folder.walk());
    expect((await db.runs.get(KEY))!.metrics.get('train_loss')!.count).toBe(2);
    folder.append(CSV, '0,29,1.0\n1,39,0.75\n1,49,0.');
    expect(await follow.poll(folder.walk())).toMatchObject({ state: 'appended', points: 4 });
    expect(await valuesOf(db, KEY, 'train_loss')).toEqual({
      steps: [9, 19, 29, 39],
      values: [1.5, 1.25, 1.0, 0.75]
    });
    expect((await db.runs.get(KEY))!.status).toBe('RUNNING');
    // A new key: Lightning writes the whole file again under a longer header.
    folder.write(
      CSV,
      'epoch,step,train_loss,val_loss\n0,9,1.5,\n0,19,1.25,\n0,29,1.0,\n1,39,0.75,\n1,49,0.5,\n1,49,,0.9\n'
    );
    expect((await follow.poll(folder.walk())).state).toBe('reimported');
    expect(await valuesOf(db, KEY, 'val_loss')).toEqual({ steps: [49], values: [0.9] });
    expect((await db.runs.get(KEY))!.metrics.get('train_loss')!.count).toBe(5);
    // Still growing, so still RUNNING through the re-read.
    expect((await db.runs.get(KEY))!.status).toBe('RUNNING');
  });
});
