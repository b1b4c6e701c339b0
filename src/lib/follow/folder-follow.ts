/**
 * Following a folder (issue 16, item 6): each poll walks the folder, finds what changed from
 * sizes and times alone, reads grown event, metric and metrics.csv files from their last whole
 * record and appends the points to the stored histories in one transaction; anything else that
 * changed (a new file, params, tags, meta.yaml, W&B files, a shrunk or rewritten file) has the
 * whole folder read again through the import pipeline under the same import id, so the same run
 * keys are replaced. Runs whose files grow are RUNNING; a run of a format that records no status
 * (TensorBoard, Lightning CSV) goes back to what its files say once it has been quiet a while.
 * Pure over a store, a walk and an import function, so Node tests drive it with fakes.
 */
import type { RunlensDb } from '../db/db';
import { appendPoints, type PointsAppend, type RunTouch } from '../db/append-points';
import type { PreparedImport } from '../db/prepare';
import type { RunStatus } from '../model';
import { MLFLOW_FILESTORE_ID } from '../importers/mlflow-filestore/mlflow-filestore';
import { findChanges, type FileStamp, type TrackedFile } from './changes';
import { kindOf, runsBySource, type FileKind } from './file-kinds';
import {
  csvHeaderLine,
  readCsvRowsTail,
  readEventTail,
  readMetricLinesTail,
  wholeLinesEnd,
  wholeRecordsEnd,
  type TailRead
} from './tails';

/** A file the walk found: its path (the folder's name first) and its current bytes. */
export interface FollowedFile {
  path: string;
  blob: Blob;
}

/** Reads the whole folder again as the import `importId`; `adjust` sees the rows before commit. */
export type Reimport = (
  files: readonly FollowedFile[],
  importId: string,
  adjust: (prepared: PreparedImport) => void
) => Promise<{ state: string; runKeys: string[]; points: number; error: string | null }>;

export interface FollowOptions {
  now?: () => number;
  /** A run of a format without a status of its own is RUNNING until quiet this long (ms). */
  quietMs?: number;
}

export interface PollOutcome {
  state: 'unchanged' | 'appended' | 'reimported' | 'error';
  /** Points appended by this poll (a re-read counts the points of the runs it stored). */
  points: number;
  /** Runs whose stored rows changed. */
  changedKeys: string[];
  /** Files seen by the walk. */
  files: number;
  /** Why the folder was read again whole ("new file runs/b/events…"), or the error. */
  note: string | null;
}

/** Bytes kept of a file's start and of the bytes before its offset, to tell an append. */
const CHECK_BYTES = 16;

/** Default quiet time: a TensorBoard or CSV run with no new points for this long has ended. */
export const QUIET_MS = 5 * 60_000;

function stampOf(f: FollowedFile): FileStamp {
  return { path: f.path, size: f.blob.size, lastModified: (f.blob as File).lastModified ?? 0 };
}

async function bytesOf(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Has this format a status of its own (MLflow's meta.yaml)? Else growth says RUNNING. */
function keepsOwnStatus(runKey: string): boolean {
  return runKey.startsWith(`${MLFLOW_FILESTORE_ID}|`);
}

export class FolderFollow {
  readonly #db: RunlensDb;
  readonly importId: string;
  readonly #reimport: Reimport;
  readonly #now: () => number;
  readonly #quietMs: number;
  #tracked = new Map<string, TrackedFile & { how: FileKind }>();
  /** Runs marked RUNNING by growth: when they last grew and the status their files gave. */
  #live = new Map<string, { grewAt: number; imported: RunStatus }>();

  constructor(db: RunlensDb, importId: string, reimport: Reimport, options: FollowOptions = {}) {
    this.#db = db;
    this.importId = importId;
    this.#reimport = reimport;
    this.#now = options.now ?? Date.now;
    this.#quietMs = options.quietMs ?? QUIET_MS;
  }

  /** Files tracked now (for tests and the status line). */
  get trackedFiles(): number {
    return this.#tracked.size;
  }

  /** The first read: the whole folder imported, every file's state taken from the same bytes. */
  async start(files: readonly FollowedFile[]): Promise<PollOutcome> {
    return this.#readWhole(files, null);
  }

  /** One poll of the folder as walked now. */
  async poll(files: readonly FollowedFile[]): Promise<PollOutcome> {
    const changes = findChanges(
      this.#tracked,
      files.map((f) => stampOf(f))
    );
    for (const path of changes.removed) this.#tracked.delete(path);
    if (changes.reread.length > 0) {
      const first = changes.reread[0]!;
      const more = changes.reread.length > 1 ? ` and ${changes.reread.length - 1} more` : '';
      return this.#readWhole(files, `${first.why} file ${first.path}${more}`);
    }
    const byPath = new Map(files.map((f) => [f.path, f]));
    const appends: PointsAppend[] = [];
    const touches = new Map<string, RunTouch>();
    const advanced: [string, TrackedFile & { how: FileKind }][] = [];
    for (const stamp of changes.grown) {
      const known = this.#tracked.get(stamp.path)!;
      const file = byPath.get(stamp.path)!;
      let tail: TailRead;
      let head: Uint8Array;
      let before: Uint8Array;
      try {
        const from = Math.max(0, known.offset - CHECK_BYTES);
        head = await bytesOf(file.blob, 0, Math.min(known.head.length, stamp.size));
        const bytes = await bytesOf(file.blob, from, stamp.size);
        before = bytes.subarray(0, known.offset - from);
        if (!sameBytes(head, known.head) || !sameBytes(before, known.beforeOffset)) {
          return this.#readWhole(files, `rewritten file ${stamp.path}`);
        }
        tail = this.#readTail(known.how, bytes.subarray(known.offset - from), stamp.path);
      } catch {
        // A file changed while it was read (the browser refuses a stale snapshot): next poll.
        continue;
      }
      if (tail.reread !== null) return this.#readWhole(files, `${stamp.path}: ${tail.reread}`);
      const how = known.how;
      if (how.kind === 'other') continue;
      for (const m of tail.metrics) {
        appends.push({
          runKey: how.runKey,
          metric: how.kind === 'mlflow-metric' ? how.metric : m.key,
          steps: m.steps,
          values: m.values,
          timestamps: m.timestamps
        });
      }
      if (tail.metrics.length > 0) {
        const touch = touches.get(how.runKey) ?? {};
        if (tail.lastTime !== null) touch.endTime = Math.max(touch.endTime ?? 0, tail.lastTime);
        touches.set(how.runKey, touch);
      }
      const offset = known.offset + tail.consumed;
      const all = await bytesOf(file.blob, Math.max(0, offset - CHECK_BYTES), offset);
      advanced.push([
        stamp.path,
        {
          ...known,
          size: stamp.size,
          lastModified: stamp.lastModified,
          offset,
          head,
          beforeOffset: all
        }
      ]);
    }
    const now = this.#now();
    const statuses = await this.#statusesOf([...touches.keys()]);
    for (const [key, touch] of touches) {
      if (keepsOwnStatus(key)) continue;
      const live = this.#live.get(key);
      const status = statuses.get(key);
      if (!live && status !== undefined) this.#live.set(key, { grewAt: now, imported: status });
      else if (live) live.grewAt = now;
      if (status !== 'RUNNING') touch.status = 'RUNNING';
    }
    // Runs quiet for long enough have ended: back to what their files say.
    for (const [key, live] of this.#live) {
      if (touches.has(key) || now - live.grewAt < this.#quietMs) continue;
      this.#live.delete(key);
      touches.set(key, { status: live.imported });
    }
    if (appends.length === 0 && touches.size === 0) {
      for (const [path, state] of advanced) this.#tracked.set(path, state);
      return { state: 'unchanged', points: 0, changedKeys: [], files: files.length, note: null };
    }
    const result = await appendPoints(this.#db, this.importId, appends, touches);
    for (const [path, state] of advanced) this.#tracked.set(path, state);
    return {
      state: result.points > 0 ? 'appended' : 'unchanged',
      points: result.points,
      changedKeys: result.runKeys,
      files: files.length,
      note: null
    };
  }

  #readTail(how: FileKind, tail: Uint8Array, path: string): TailRead {
    switch (how.kind) {
      case 'tfevents':
        return readEventTail(tail, path, how.prefix);
      case 'mlflow-metric':
        return readMetricLinesTail(tail, path, how.metric);
      case 'csv': {
        const header = (this.#tracked.get(path) as { header?: string } | undefined)?.header ?? '';
        return readCsvRowsTail(tail, path, header);
      }
      default:
        return { metrics: [], consumed: tail.length, lastTime: null, reread: null };
    }
  }

  async #statusesOf(keys: string[]): Promise<Map<string, RunStatus>> {
    const rows = await this.#db.runs.bulkGet(keys);
    return new Map(rows.flatMap((r) => (r ? [[r.key, r.status] as const] : [])));
  }

  /** Reads the whole folder again and takes every file's state from the bytes it read. */
  async #readWhole(files: readonly FollowedFile[], why: string | null): Promise<PollOutcome> {
    const now = this.#now();
    for (const [key, live] of this.#live)
      if (now - live.grewAt >= this.#quietMs) this.#live.delete(key);
    const outcome = await this.#reimport(files, this.importId, (prepared) => {
      // Runs still growing stay RUNNING through the re-read (their files say FINISHED).
      for (const row of prepared.runs) {
        const live = this.#live.get(row.key);
        if (!live) continue;
        live.imported = row.status;
        row.status = 'RUNNING';
      }
    });
    // A file rejected among stored runs is named, not fatal: the rest is followed.
    if (
      outcome.state === 'cancelled' ||
      (outcome.state === 'error' && outcome.runKeys.length === 0)
    ) {
      return {
        state: 'error',
        points: 0,
        changedKeys: [],
        files: files.length,
        note: outcome.error ?? 'The folder could not be read again.'
      };
    }
    const runs = await this.#db.runs.where('importId').equals(this.importId).toArray();
    const bySource = runsBySource(runs);
    const tracked = new Map<string, TrackedFile & { how: FileKind; header?: string }>();
    for (const f of files) {
      const stamp = stampOf(f);
      const how = kindOf(f.path, bySource);
      const state = {
        size: stamp.size,
        lastModified: stamp.lastModified,
        offset: 0,
        incremental: how.kind !== 'other',
        head: new Uint8Array(),
        beforeOffset: new Uint8Array(),
        how
      };
      if (how.kind !== 'other') {
        try {
          const bytes = await bytesOf(f.blob, 0, stamp.size);
          const end = how.kind === 'tfevents' ? wholeRecordsEnd(bytes) : wholeLinesEnd(bytes);
          state.offset = end;
          state.head = bytes.slice(0, Math.min(CHECK_BYTES, bytes.length));
          state.beforeOffset = bytes.slice(Math.max(0, end - CHECK_BYTES), end);
          if (how.kind === 'csv') {
            const header = csvHeaderLine(bytes);
            // The whole header line is checked at each poll: Lightning rewrites the file with a
            // longer header when a new key is logged, and such a file is read again whole.
            if (header === null) state.incremental = false;
            else Object.assign(state, { header, head: bytes.slice(0, bytes.indexOf(0x0a) + 1) });
          }
        } catch {
          state.incremental = false;
        }
      }
      tracked.set(f.path, state);
    }
    this.#tracked = tracked;
    return {
      state: 'reimported',
      points: outcome.points,
      changedKeys: outcome.runKeys,
      files: files.length,
      note: outcome.error && why ? `${why}; ${outcome.error}` : (why ?? outcome.error)
    };
  }
}
