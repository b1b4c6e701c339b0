// The worker's followed folders (src/lib/worker/follow-api.ts) over fake directory handles: the
// folder is read as the import it was picked as, polls count what they add, a stopped folder stays
// remembered, resuming keeps its count, and a forgotten or emptied one is no longer polled.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunlensDb } from '../../../src/lib/db/db';
import { deleteEverything } from '../../../src/lib/db/repo';
import type { WalkHandle } from '../../../src/lib/worker/handle-walk';
import { FollowService } from '../../../src/lib/worker/follow-api';
import { freshDb } from '../helpers/db';
import { event, eventFile, tfrecords } from '../helpers/tensorboard-events';

const point = (step: number) => ({
  wallTime: 1_700_000_000 + step,
  step,
  values: [{ tag: 'acc', simple: step / 100 }]
});

/** A directory handle over files in memory (paths below the folder). */
function folderHandle(name: string, files: Map<string, { bytes: Uint8Array; time: number }>) {
  const dir = (prefix: string, dirName: string): WalkHandle => ({
    kind: 'directory',
    name: dirName,
    async *values() {
      const children = new Set<string>();
      for (const path of files.keys()) {
        if (!path.startsWith(prefix)) continue;
        children.add(path.slice(prefix.length).split('/')[0]!);
      }
      for (const child of children) {
        const full = prefix + child;
        const file = files.get(full);
        if (file) {
          yield {
            kind: 'file' as const,
            name: child,
            getFile: () =>
              Promise.resolve(
                new File([file.bytes as Uint8Array<ArrayBuffer>], child, {
                  lastModified: file.time
                })
              )
          };
        } else yield dir(`${full}/`, child);
      }
    }
  });
  return dir('', name);
}

let db: RunlensDb;
let service: FollowService;
let invalidations: number;
let files: Map<string, { bytes: Uint8Array; time: number }>;
const FILE = 'run/events.out.tfevents.1';

beforeEach(() => {
  db = freshDb();
  invalidations = 0;
  let running: Promise<unknown> = Promise.resolve();
  service = new FollowService(db, {
    serialised: <T>(job: () => Promise<T>) => {
      const next = running.then(job, job);
      running = next.catch(() => undefined);
      return next;
    },
    invalidate: () => invalidations++,
    now: () => 5_000,
    storedHandle: (h) => ({ kind: h.kind, name: h.name })
  });
  files = new Map([[FILE, { bytes: eventFile(...[0, 1, 2].map(point)), time: 1 }]]);
});

function append(steps: number[]) {
  const before = files.get(FILE)!;
  const more = tfrecords(...steps.map((s) => event(point(s))));
  const joined = new Uint8Array(before.bytes.length + more.length);
  joined.set(before.bytes);
  joined.set(more, before.bytes.length);
  files.set(FILE, { bytes: joined, time: before.time + 1 });
}

describe('followed folders in the worker', () => {
  it('follows as the given import, counts appended points, stops, resumes and forgets', async () => {
    const handle = folderHandle('logs', files);
    const started = await service.start(handle, 'picked');
    expect(started).toMatchObject({ id: 'picked', name: 'logs', state: 'reimported' });
    expect((await db.imports.toArray()).map((i) => i.id)).toEqual(['picked']);
    expect((await service.list()).map((f) => [f.name, f.following])).toEqual([['logs', true]]);

    append([3, 4]);
    const poll = await service.poll('picked');
    expect(poll).toMatchObject({
      state: 'appended',
      points: 2,
      pointsAdded: 2,
      lastChangeAt: 5_000
    });
    expect(invalidations).toBeGreaterThan(1);
    expect((await db.follows.get('picked'))!.pointsAdded).toBe(2);
    expect((await service.poll('picked')).state).toBe('unchanged');

    service.stop('picked');
    expect((await service.list()).map((f) => f.following)).toEqual([false]);
    expect(await service.poll('picked')).toMatchObject({ state: 'error', stopped: true });

    // Resumed on a later visit: the same import, the count kept.
    append([5]);
    await service.start(folderHandle('logs', files), 'picked');
    append([6]);
    expect(await service.poll('picked')).toMatchObject({ points: 1, pointsAdded: 3 });
    const run = await db.runs.get('tensorboard|logs|run');
    expect(run!.metrics.get('acc')!.count).toBe(7);

    await service.forget('picked');
    expect(await service.list()).toEqual([]);
    expect((await service.poll('picked')).stopped).toBe(true);
    // The runs stay in the library.
    expect(await db.runs.count()).toBe(1);
  });

  it('an emptied store stops every folder, so nothing is read back into it', async () => {
    await service.start(folderHandle('logs', files), null);
    const [folder] = await service.list();
    await deleteEverything(db);
    service.stopAll();
    append([3]);
    expect(await service.poll(folder!.id)).toMatchObject({ stopped: true });
    expect(await db.runs.count()).toBe(0);
  });
});
