/**
 * Media across the compared runs (../media/): the keys and steps, each run's file at a step,
 * and the bytes of the files on screen. Indexing reads only the artifact store's keys (run key
 * and path), never a row's Blob, so 50 runs with thousands of images each cost a key scan; the
 * bytes leave the store only when the page asks for the few it shows.
 */
import type { RunlensDb } from '../db/db';
import {
  indexMedia,
  mediaAt,
  mediaCatalog,
  type ArtifactRef,
  type MediaCatalog,
  type MediaCell,
  type MediaIndex
} from '../media/media-series';

export interface MediaAtRequest {
  /** Run keys, in the order the cells are wanted. */
  runKeys: string[];
  key: string;
  /** The chosen step; null for a key logged without steps. */
  step: number | null;
}

/** One file's bytes, as stored (null: the run only listed it, or it is gone). */
export interface MediaFile {
  runKey: string;
  path: string;
  blob: Blob | null;
}

export class MediaService {
  readonly #db: RunlensDb;
  /** The last runs indexed: a slider asks for one step after another of the same runs. */
  #last: { signature: string; index: Promise<MediaIndex> } | null = null;

  constructor(db: RunlensDb) {
    this.#db = db;
  }

  /** Imports and deletes change the artifacts. */
  invalidate(): void {
    this.#last = null;
  }

  #index(runKeys: readonly string[]): Promise<MediaIndex> {
    const signature = JSON.stringify(runKeys);
    if (this.#last?.signature === signature) return this.#last.index;
    const index = (async () => {
      const keys = (await this.#db.artifacts
        .where('runKey')
        .anyOf([...runKeys])
        .primaryKeys()) as [string, string][];
      const refs: ArtifactRef[] = keys.map(([runKey, path]) => ({ runKey, path }));
      return indexMedia(runKeys, refs);
    })();
    this.#last = { signature, index };
    index.catch(() => {
      if (this.#last?.index === index) this.#last = null;
    });
    return index;
  }

  async catalog(runKeys: string[]): Promise<MediaCatalog> {
    return mediaCatalog(await this.#index(runKeys));
  }

  async at(request: MediaAtRequest): Promise<MediaCell[]> {
    return mediaAt(await this.#index(request.runKeys), request.key, request.step);
  }

  /** The stored bytes of the files asked for, in order. */
  async files(refs: readonly ArtifactRef[]): Promise<MediaFile[]> {
    const rows = await this.#db.artifacts.bulkGet(refs.map((r) => [r.runKey, r.path]));
    return refs.map((r, i) => ({ runKey: r.runKey, path: r.path, blob: rows[i]?.blob ?? null }));
  }
}
