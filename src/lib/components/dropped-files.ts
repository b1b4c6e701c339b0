/**
 * Turns what the browser hands over (a drop, a file picker, a folder picker) into ImportFiles:
 * a relative path plus the File itself. Nothing is read here; the worker reads the bytes.
 */
import type { ImportFile } from '../worker/api';

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

/**
 * Files from a drop, folders walked recursively, `onFound` told the count as it grows. The
 * entries must be taken synchronously in the drop handler (the DataTransfer empties afterwards),
 * so call this before any await.
 */
export function filesFromDrop(
  transfer: DataTransfer | null,
  onFound: (count: number) => void = () => {}
): Promise<ImportFile[]> {
  if (!transfer) return Promise.resolve([]);
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  const plainFiles = [...transfer.files];
  if (entries.length === 0 || entries.some((e) => e === null)) {
    return Promise.resolve(
      plainFiles.map((file) => ({ path: file.name, blob: file, fromFolder: false }))
    );
  }
  return (async () => {
    const out: ImportFile[] = [];
    for (const entry of entries) await walkEntry(entry!, '', out, onFound);
    onFound(out.length);
    return out;
  })();
}

/** Whether a drag carries files (and not, say, selected text). */
export function dragHasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}
