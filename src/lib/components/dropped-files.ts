/**
 * Turns what the browser hands over (a drop, a file picker, a folder picker) into ImportFiles:
 * a relative path plus the File itself. Nothing is read here; the worker reads the bytes.
 */
import type { ImportFile } from '../worker/api';

/** The browser's folder picker that hands back a handle (Chromium), or null where there is none. */
export function pickDirectory(): (() => Promise<FileSystemHandle>) | null {
  const picker = (
    globalThis as { showDirectoryPicker?: (options?: object) => Promise<FileSystemHandle> }
  ).showDirectoryPicker;
  return picker ? () => picker({ id: 'runlens-import', mode: 'read' }) : null;
}

/** The browser's file picker that hands back handles (Chromium), or null where there is none. */
export function pickFiles(): (() => Promise<FileSystemHandle[]>) | null {
  const picker = (
    globalThis as { showOpenFilePicker?: (options?: object) => Promise<FileSystemHandle[]> }
  ).showOpenFilePicker;
  return picker ? () => picker({ id: 'runlens-import', multiple: true }) : null;
}

/**
 * The handles of a drop, where the browser gives them (Chromium's getAsFileSystemHandle), else
 * null. Must be called in the drop handler before any await; the promises resolve later.
 */
export function handlesFromDrop(transfer: DataTransfer): Promise<FileSystemHandle[] | null> | null {
  const items = [...transfer.items].filter((item) => item.kind === 'file');
  type WithHandle = DataTransferItem & {
    getAsFileSystemHandle?: () => Promise<FileSystemHandle | null>;
  };
  if (items.length === 0 || !items.every((i) => (i as WithHandle).getAsFileSystemHandle))
    return null;
  const pending = items.map((i) => (i as WithHandle).getAsFileSystemHandle!());
  // A drop the page made itself (a synthetic DataTransfer) gives no handles: resolved empty.
  const usable = (h: FileSystemHandle | null | undefined): h is FileSystemHandle =>
    !!h && (h.kind === 'file' || h.kind === 'directory') && typeof h.name === 'string';
  return Promise.all(pending).then((handles) => (handles.every(usable) ? handles : null));
}

/** Files from an `<input type="file">`, keeping folder-relative paths from a folder picker. */
export function filesFromInput(list: FileList | null): ImportFile[] {
  return [...(list ?? [])].map((file) => ({
    path: file.webkitRelativePath || file.name,
    blob: file,
    fromFolder: file.webkitRelativePath !== ''
  }));
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries per call; keep asking until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

/** Says how many files were found so far, every this many (and at the end). */
const FOUND_EVERY = 50;

async function walkEntry(
  entry: FileSystemEntry,
  prefix: string,
  out: ImportFile[],
  onFound: (count: number) => void
): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject)
    );
    out.push({ path, blob: file, fromFolder: prefix !== '' });
    if (out.length % FOUND_EVERY === 0) onFound(out.length);
  } else if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) await walkEntry(child, path, out, onFound);
  }
}

/** What a drop holds, taken in its handler: entries to walk, or plain files where there are none. */
export interface DropEntries {
  entries: (FileSystemEntry | null)[];
  plainFiles: File[];
}

/** The entries of a drop: call in the drop handler, before any await (it empties afterwards). */
export function takeDropEntries(transfer: DataTransfer): DropEntries {
  return {
    entries: [...transfer.items]
      .filter((item) => item.kind === 'file')
      .map((item) => item.webkitGetAsEntry?.() ?? null),
    plainFiles: [...transfer.files]
  };
}

/** Files from a drop's entries, folders walked recursively, `onFound` told the count as it grows. */
export async function filesFromEntries(
  { entries, plainFiles }: DropEntries,
  onFound: (count: number) => void = () => {}
): Promise<ImportFile[]> {
  if (entries.length === 0 || entries.some((e) => e === null)) {
    return plainFiles.map((file) => ({ path: file.name, blob: file, fromFolder: false }));
  }
  const out: ImportFile[] = [];
  for (const entry of entries) await walkEntry(entry!, '', out, onFound);
  onFound(out.length);
  return out;
}

/** Whether a drag carries files (and not, say, selected text). */
export function dragHasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}
