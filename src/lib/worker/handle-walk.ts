/**
 * Folders handed over as File System Access handles (a folder picked with showDirectoryPicker,
 * or dropped, where the browser gives handles) are walked here, in the worker: the page never
 * builds a FileList or a list of thousands of Files, so picking a 1,901-file folder costs its
 * main thread nothing (issue 19, item 3). Typed structurally, so Node tests can walk fakes.
 */

/** The parts of FileSystemFileHandle and FileSystemDirectoryHandle a walk uses. */
export type WalkHandle =
  | { kind: 'file'; name: string; getFile(): Promise<Blob> }
  | { kind: 'directory'; name: string; values(): AsyncIterable<WalkHandle> };

/** A file found: its path from the picked or dropped item (the folder's name first). */
export interface WalkedFile {
  path: string;
  blob: Blob;
  fromFolder: boolean;
}

/** Says how many files were found so far, every this many (and at the end). */
const FOUND_EVERY = 50;
/** How many of a folder's files are asked for at once. */
const GET_FILE_WINDOW = 32;

/**
 * Every file under the handles, folders in name order as a folder input lists them. `onFound`
 * is told the count as it grows; `checkCancelled` throws to stop the walk.
 */
export async function walkHandles(
  handles: readonly WalkHandle[],
  onFound: (count: number) => void,
  checkCancelled: () => void
): Promise<WalkedFile[]> {
  const out: WalkedFile[] = [];
  const found = (path: string, blob: Blob, fromFolder: boolean) => {
    // A dropped file on its own is not in a folder; everything under a folder is.
    out.push({ path, blob, fromFolder });
    if (out.length % FOUND_EVERY === 0) onFound(out.length);
  };
  async function walk(handle: WalkHandle, prefix: string): Promise<void> {
    checkCancelled();
    const path = prefix ? `${prefix}/${handle.name}` : handle.name;
    if (handle.kind === 'file') {
      found(path, await handle.getFile(), prefix !== '');
      return;
    }
    const children: WalkHandle[] = [];
    for await (const child of handle.values()) children.push(child);
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Each getFile() is a round trip to the browser process, as each File read is
    // (blob-batches.ts): a folder's files are asked for a window at a time, kept in name order.
    for (let start = 0; start < children.length; start += GET_FILE_WINDOW) {
      const window = children.slice(start, start + GET_FILE_WINDOW);
      const blobs = window.map((c) => (c.kind === 'file' ? c.getFile() : null));
      // Awaited in order below; a failure further on is not "unhandled" meanwhile.
      for (const b of blobs) b?.catch(() => undefined);
      for (const [i, child] of window.entries()) {
        checkCancelled();
        const blob = blobs[i];
        if (blob) found(`${path}/${child.name}`, await blob, true);
        else await walk(child, path);
      }
    }
  }
  for (const handle of handles) await walk(handle, '');
  onFound(out.length);
  return out;
}
