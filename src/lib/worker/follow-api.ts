/**
 * Followed folders in the worker (docs/follow-folder.md): each holds its directory handle and
 * the engine's per-file state (../follow/folder-follow.ts); a poll walks the handle and stores
 * what changed, in turn with imports. The handle is kept in the `follows` table so the next visit
 * can resume (the page asks the browser's permission again first).
 */
import type { RunlensDb } from '../db/db';
import type { FollowedFolderRow } from '../db/rows';
import { FolderFollow, type PollOutcome } from '../follow/folder-follow';
import { sourceFromBlob } from '../importers/source';
import { walkHandles, type WalkHandle } from './handle-walk';
import { runImport } from './import-pipeline';

/** A followed folder as the page lists it. */
export interface FollowedFolder extends FollowedFolderRow {
  /** Polled by this worker now (false: remembered from an earlier visit, or stopped). */
  following: boolean;
}

/** What one poll (or the first read) of a followed folder did. */
export interface FollowPoll extends PollOutcome {
  id: string;
  name: string;
  /** Points appended since following started. */
  pointsAdded: number;
  /** When a poll last stored something (epoch ms), or null. */
  lastChangeAt: number | null;
  /** The worker no longer follows the folder (the store was emptied, or it was forgotten). */
  stopped?: boolean;
}

export interface FollowHooks {
  /** Runs a job after the imports before it (the worker's import queue). */
  serialised<T>(job: () => Promise<T>): Promise<T>;
  /** The store changed: the engines' caches are dropped. */
  invalidate(): void;
  now?: () => number;
  newId?: () => string;
  /** What is stored of a handle: the handle itself (Node tests' fakes cannot be cloned). */
  storedHandle?: (handle: WalkHandle) => unknown;
}

export class FollowService {
  readonly #db: RunlensDb;
  readonly #hooks: FollowHooks;
  readonly #active = new Map<string, { handle: WalkHandle; follow: FolderFollow }>();

  constructor(db: RunlensDb, hooks: FollowHooks) {
    this.#db = db;
    this.#hooks = hooks;
  }

  #now(): number {
    return this.#hooks.now?.() ?? Date.now();
  }

  async list(): Promise<FollowedFolder[]> {
    const rows = await this.#db.follows.orderBy('id').toArray();
    return rows
      .sort((a, b) => b.followedAt - a.followedAt)
      .map((r) => ({ ...r, following: this.#active.has(r.id) }));
  }

  /**
   * Starts following a folder: reads it whole as the import `importId` (the import the folder was
   * just read as, or the one an earlier visit followed; a new one when null) and remembers it.
   */
  start(handle: WalkHandle, importId: string | null): Promise<FollowPoll> {
    return this.#hooks.serialised(async () => {
      const id = importId ?? this.#hooks.newId?.() ?? crypto.randomUUID();
      const follow = new FolderFollow(this.#db, id, (files, importId, adjust) =>
        this.#reimport(files, importId, adjust)
      );
      const known = await this.#db.follows.get(id);
      const stored = this.#hooks.storedHandle?.(handle) ?? handle;
      const row: FollowedFolderRow = known
        ? { ...known, handle: stored }
        : {
            id,
            name: handle.name,
            handle: stored,
            followedAt: this.#now(),
            lastChangeAt: null,
            pointsAdded: 0
          };
      let outcome: PollOutcome;
      try {
        outcome = await follow.start(await this.#walk(handle));
      } catch (error) {
        return this.#failed(row, error);
      }
      if (outcome.state === 'error')
        return {
          ...outcome,
          id,
          name: row.name,
          pointsAdded: row.pointsAdded,
          lastChangeAt: row.lastChangeAt
        };
      this.#active.set(id, { handle, follow });
      row.lastChangeAt = this.#now();
      await this.#db.follows.put(row);
      return {
        ...outcome,
        id,
        name: row.name,
        pointsAdded: row.pointsAdded,
        lastChangeAt: row.lastChangeAt
      };
    });
  }

  /** One poll; a folder that is not followed here answers 'error'. */
  poll(id: string): Promise<FollowPoll> {
    return this.#hooks.serialised(async () => {
      const active = this.#active.get(id);
      const row = await this.#db.follows.get(id);
      if (!active || !row) {
        const gone = row ?? {
          ...{ id, name: '', handle: null },
          ...{ followedAt: 0, lastChangeAt: null, pointsAdded: 0 }
        };
        return { ...this.#failed(gone, new Error('it is not followed any more')), stopped: true };
      }
      let outcome: PollOutcome;
      try {
        outcome = await active.follow.poll(await this.#walk(active.handle));
      } catch (error) {
        return this.#failed(row, error);
      }
      if (outcome.changedKeys.length > 0) {
        row.lastChangeAt = this.#now();
        if (outcome.state === 'appended') row.pointsAdded += outcome.points;
        await this.#db.follows.put(row);
        if (outcome.state === 'appended') this.#hooks.invalidate();
      }
      return {
        ...outcome,
        id,
        name: row.name,
        pointsAdded: row.pointsAdded,
        lastChangeAt: row.lastChangeAt
      };
    });
  }

  /** Stops every folder (the store was emptied: nothing is left to follow into). */
  stopAll(): void {
    this.#active.clear();
  }

  /** Stops polling; the folder stays remembered. */
  stop(id: string): void {
    this.#active.delete(id);
  }

  /** Stops and forgets the folder (its runs stay in the library). */
  async forget(id: string): Promise<void> {
    this.#active.delete(id);
    await this.#db.follows.delete(id);
  }

  #failed(row: FollowedFolderRow, error: unknown): FollowPoll {
    const message = error instanceof Error ? error.message : String(error);
    return {
      id: row.id,
      name: row.name,
      state: 'error',
      points: 0,
      changedKeys: [],
      files: 0,
      note: `${row.name || 'The folder'} could not be read (${message}).`,
      pointsAdded: row.pointsAdded,
      lastChangeAt: row.lastChangeAt
    };
  }

  async #walk(handle: WalkHandle) {
    return walkHandles(
      [handle],
      () => {},
      () => {}
    );
  }

  async #reimport(
    files: readonly { path: string; blob: Blob }[],
    importId: string,
    adjust: Parameters<typeof runImport>[2]['adjustPrepared']
  ) {
    try {
      const outcome = await runImport(
        this.#db,
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
        error: outcome.errors[0] ? `${outcome.errors[0].file} ${outcome.errors[0].message}` : null
      };
    } finally {
      this.#hooks.invalidate();
    }
  }
}
