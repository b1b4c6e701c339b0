import type { FollowedFolder, FollowPoll } from '../worker/follow-api';
import type { WalkHandle } from '../worker/handle-walk';
import { runlensWorker } from '../worker/client';
import { library } from './library.svelte';

/** What the following line says of one folder (docs/follow-folder.md). */
export interface FollowLine {
  id: string;
  name: string;
  lastChangeAt: number | null;
  pointsAdded: number;
  /** The last poll's note: why the folder was read again, or the error. */
  note: string | null;
  error: boolean;
  polls: number;
}

/** A folder just read through the picker, offered to follow. */
interface Offer {
  handle: FileSystemDirectoryHandle;
  importId: string;
  name: string;
}

type PermissionHandle = FileSystemDirectoryHandle & {
  requestPermission?: (d: { mode: 'read' }) => Promise<PermissionState>;
  queryPermission?: (d: { mode: 'read' }) => Promise<PermissionState>;
};

/**
 * Followed folders (issue 16, item 6): the worker reads them (../worker/follow-api.ts); this
 * polls each followed folder every few seconds, backing off while nothing changes, pauses while
 * the page is hidden, and tells the pages the store changed (library.storeChanged) so the
 * explorer and the comparison read again in place. Remembered folders are resumed with the
 * browser's permission asked again (a user gesture).
 */
class FolderFollows {
  #folders = $state.raw<FollowedFolder[]>([]);
  #lines = $state.raw<Record<string, FollowLine>>({});
  #offer = $state.raw<Offer | null>(null);
  #paused = $state(false);
  #message = $state<string | null>(null);
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #delays = new Map<string, number>();
  #inFlight = new Set<string>();
  /** First poll delay in ms, and the longest one while nothing changes (tests shorten them). */
  interval = 3_000;
  maxInterval = 30_000;

  get folders(): FollowedFolder[] {
    return this.#folders;
  }
  /** The folders followed now, in the order they were started. */
  get lines(): FollowLine[] {
    return Object.values(this.#lines);
  }
  get offer(): Offer | null {
    return this.#offer;
  }
  get paused(): boolean {
    return this.#paused;
  }
  /** The last thing that went wrong outside a poll (permission refused, a failed start). */
  get message(): string | null {
    return this.#message;
  }
  isFollowing(id: string): boolean {
    return id in this.#lines;
  }

  async load(): Promise<void> {
    this.#folders = await runlensWorker().followedFolders();
  }

  /** A folder was just imported through the picker: offered to follow (not for re-picks). */
  offerFolder(handle: FileSystemHandle, importId: string | null): void {
    if (handle.kind !== 'directory' || importId === null) return;
    if (this.#folders.some((f) => f.id === importId)) return;
    this.#offer = { handle: handle as FileSystemDirectoryHandle, importId, name: handle.name };
  }

  dismissOffer(): void {
    this.#offer = null;
  }

  /** Follows the offered folder (its import is read again under the same id). */
  async followOffered(): Promise<void> {
    const offer = this.#offer;
    if (!offer) return;
    this.#offer = null;
    await this.#start(offer.handle, offer.importId);
  }

  /** Resumes a folder remembered from an earlier visit: asks the browser's permission first. */
  async resumeFolder(folder: FollowedFolder): Promise<void> {
    const handle = folder.handle as PermissionHandle;
    this.#message = null;
    try {
      const asked = handle.requestPermission
        ? await handle.requestPermission({ mode: 'read' })
        : 'granted';
      if (asked !== 'granted') {
        this.#message = `Runlens may not read ${folder.name}: the browser's permission was not given.`;
        return;
      }
    } catch (error) {
      this.#message = `${folder.name} could not be opened (${error instanceof Error ? error.message : String(error)}).`;
      return;
    }
    await this.#start(handle, folder.id);
  }

  async #start(handle: FileSystemDirectoryHandle, importId: string | null): Promise<void> {
    const outcome = await runlensWorker().followFolder(handle as unknown as WalkHandle, importId);
    if (outcome.state === 'error') {
      this.#message = outcome.note;
      await this.load();
      return;
    }
    this.#message = null;
    this.#apply(outcome, 0);
    this.#delays.set(outcome.id, this.interval);
    await this.load();
    await library.storeChanged();
    this.#schedule(outcome.id);
  }

  /** Stops polling (the folder stays remembered, to resume). */
  stop(id: string): void {
    this.#clear(id);
    const rest = { ...this.#lines };
    delete rest[id];
    this.#lines = rest;
    void runlensWorker().followStop(id);
    void this.load();
  }

  async forget(id: string): Promise<void> {
    this.stop(id);
    await runlensWorker().followForget(id);
    await this.load();
  }

  /** The page is hidden: no polls until it shows again. */
  pause(): void {
    this.#paused = true;
    for (const id of this.#timers.keys()) this.#clear(id);
  }

  unpause(): void {
    if (!this.#paused) return;
    this.#paused = false;
    for (const id of Object.keys(this.#lines)) {
      this.#delays.set(id, this.interval);
      void this.#poll(id);
    }
  }

  #apply(outcome: FollowPoll, polls: number): void {
    this.#lines = {
      ...this.#lines,
      [outcome.id]: {
        id: outcome.id,
        name: outcome.name,
        lastChangeAt: outcome.lastChangeAt,
        pointsAdded: outcome.pointsAdded,
        note: outcome.note,
        error: outcome.state === 'error',
        polls
      }
    };
  }

  #clear(id: string): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
  }

  #schedule(id: string): void {
    this.#clear(id);
    if (this.#paused || !(id in this.#lines)) return;
    const delay = this.#delays.get(id) ?? this.interval;
    this.#timers.set(
      id,
      setTimeout(() => void this.#poll(id), delay)
    );
  }

  async #poll(id: string): Promise<void> {
    if (this.#inFlight.has(id) || !(id in this.#lines)) return;
    this.#inFlight.add(id);
    try {
      const outcome = await runlensWorker().followPoll(id);
      if (!(id in this.#lines)) return;
      if (outcome.stopped) {
        this.stop(id);
        return;
      }
      const changed = outcome.changedKeys.length > 0;
      this.#apply(outcome, (this.#lines[id]?.polls ?? 0) + 1);
      // Back off while nothing changes (and after errors); a change polls soon again.
      const delay = this.#delays.get(id) ?? this.interval;
      this.#delays.set(id, changed ? this.interval : Math.min(this.maxInterval, delay * 1.5));
      if (changed) await library.storeChanged();
    } catch (error) {
      const line = this.#lines[id];
      if (line) {
        const note = error instanceof Error ? error.message : String(error);
        this.#lines = { ...this.#lines, [id]: { ...line, note, error: true } };
      }
    } finally {
      this.#inFlight.delete(id);
    }
    this.#schedule(id);
  }
}

export const folderFollows = new FolderFollows();
