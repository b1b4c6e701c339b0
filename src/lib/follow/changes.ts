/**
 * What changed in a followed folder between two polls, from each file's size and last-modified
 * time alone (no bytes are read to find out): files that grew and can be read from their last
 * whole record, and files that must be read again whole (new, shrunk, rewritten in place, or of a
 * kind that is never read in part).
 */

/** A file as the walk found it. */
export interface FileStamp {
  path: string;
  size: number;
  lastModified: number;
}

/** What the follow keeps of each file between polls. */
export interface TrackedFile {
  size: number;
  lastModified: number;
  /** Byte offset after the last whole record read (0 for files never read in part). */
  offset: number;
  /** Read in part when it grows (an event file, a metric file, a metrics.csv of a stored run). */
  incremental: boolean;
  /**
   * The file's first bytes and the bytes just before `offset` when last read: a file rewritten
   * rather than appended to differs in them, and is read again whole.
   */
  head: Uint8Array;
  beforeOffset: Uint8Array;
}

export interface FolderChanges {
  /**
   * Incremental files that grew (or were touched): read from their offset to their new size,
   * once the bytes they had before are found unchanged (else they are read again whole).
   */
  grown: FileStamp[];
  /** Files to read again whole, each with why (the first few go into the status line). */
  reread: { path: string; why: 'new' | 'shrunk' | 'rewritten' | 'changed' | 'unreadable' }[];
  /** Files gone since the last poll (their runs stay stored). */
  removed: string[];
}

export function findChanges(
  tracked: ReadonlyMap<string, TrackedFile>,
  files: readonly FileStamp[]
): FolderChanges {
  const changes: FolderChanges = { grown: [], reread: [], removed: [] };
  const seen = new Set<string>();
  for (const f of files) {
    seen.add(f.path);
    const before = tracked.get(f.path);
    if (!before) changes.reread.push({ path: f.path, why: 'new' });
    else if (f.size === before.size && f.lastModified === before.lastModified) continue;
    else if (!before.incremental) changes.reread.push({ path: f.path, why: 'changed' });
    else if (f.size < before.size) changes.reread.push({ path: f.path, why: 'shrunk' });
    // Same size, new time: touched, or rewritten in place; the bytes before the offset tell.
    else changes.grown.push(f);
  }
  for (const path of tracked.keys()) if (!seen.has(path)) changes.removed.push(path);
  return changes;
}
