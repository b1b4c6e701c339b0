/**
 * Files on disk as importers see them (SourceFile: a path and lazily read bytes), and the walk that
 * turns the PATHs named on the command line into such files.
 */
import { closeSync, openSync, readSync, type Dirent, type Stats } from 'node:fs';
import { open, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { toFileError, type FileError } from '../importers/errors';
import { isOsJunkName } from '../importers/os-junk';
import type { SourceFile } from '../importers/source';

export interface CollectedInputs {
  /** Files to import; those found by walking a folder have `fromFolder` set. */
  inputs: SourceFile[];
  /** PATHs that do not exist and folders that could not be listed. */
  errors: FileError[];
}

/** A SourceFile over a disk file: nothing is read until an importer asks for the head or the bytes. */
export function diskFile(
  absolutePath: string,
  path: string,
  size: number,
  fromFolder: boolean
): SourceFile {
  return {
    path,
    size,
    fromFolder,
    read: async () => {
      const buffer = await readFile(absolutePath);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    readHead: async (length) => {
      const out = new Uint8Array(Math.max(0, Math.min(length, size)));
      const handle = await open(absolutePath, 'r');
      try {
        let filled = 0;
        while (filled < out.length) {
          const { bytesRead } = await handle.read(out, filled, out.length - filled, filled);
          if (bytesRead === 0) break; // the file shrank since it was listed
          filled += bytesRead;
        }
        return out.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
    openRandomAccess: () => {
      const fd = openSync(absolutePath, 'r');
      return {
        read: (offset, length) => {
          const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
          let filled = 0;
          while (filled < out.length) {
            const got = readSync(fd, out, filled, out.length - filled, offset + filled);
            if (got === 0) break;
            filled += got;
          }
          return out.subarray(0, filled);
        },
        close: () => closeSync(fd)
      };
    }
  };
}

/** Code-unit order, so the walk (and so the summary) is the same on every machine and locale. */
function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}

interface Walk {
  /** Real path of the folder named on the command line; symlinks may not lead outside it. */
  root: string;
  /** Real paths already walked or listed, so links inside the tree cannot loop or repeat a file. */
  seen: Set<string>;
  out: CollectedInputs;
}

/** Where a symlink leads, or null when it dangles or leaves the tree (then it is skipped). */
async function followLink(walk: Walk, absolute: string) {
  try {
    const real = await realpath(absolute);
    if (!isInside(walk.root, real)) return null;
    const target = await stat(real);
    return { real, isDir: target.isDirectory(), isFile: target.isFile() };
  } catch {
    return null;
  }
}

async function walkFolder(walk: Walk, absoluteDir: string, realDir: string, path: string) {
  let entries: Dirent[];
  try {
    entries = await readdir(absoluteDir, { withFileTypes: true });
  } catch (error) {
    walk.out.errors.push(toFileError(path, error));
    return;
  }
  // Links come after real entries, each group in name order: a link inside the tree to a folder
  // also walked (W&B's `latest-run`, which sorts before `run-…`) must not name its files.
  entries.sort((a, b) => Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) || byName(a, b));
  for (const entry of entries) {
    if (isOsJunkName(entry.name)) continue;
    const absolute = join(absoluteDir, entry.name);
    const childPath = `${path}/${entry.name}`;
    let real = join(realDir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Links are followed only while they stay inside the tree the person named: a link out of it
      // (or a dangling one) is not part of the export and is skipped.
      const target = await followLink(walk, absolute);
      if (!target) continue;
      ({ real, isDir, isFile } = target);
    }
    // Sockets, FIFOs and devices are never exports: skipped.
    if (!isDir && !isFile) continue;
    if (walk.seen.has(real)) continue;
    walk.seen.add(real);
    if (isDir) {
      await walkFolder(walk, absolute, real, childPath);
      continue;
    }
    try {
      const { size } = await stat(absolute);
      walk.out.inputs.push(diskFile(absolute, childPath, size, true));
    } catch (error) {
      walk.out.errors.push(toFileError(childPath, error));
    }
  }
}

/**
 * Turns command-line PATHs into files. A file is named by its base name; a folder is walked
 * recursively in sorted order and its files are named relative to the folder's parent
 * (`mlruns/1/abc/meta.yaml`), skipping OS junk and symlinks that lead out of the folder.
 */
export async function collectInputs(
  paths: readonly string[],
  cwd: string
): Promise<CollectedInputs> {
  const out: CollectedInputs = { inputs: [], errors: [] };
  for (const arg of paths) {
    const absolute = resolve(cwd, arg);
    let info: Stats;
    try {
      info = await stat(absolute);
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      out.errors.push(missing ? { file: arg, message: 'does not exist' } : toFileError(arg, error));
      continue;
    }
    const name = basename(absolute);
    if (info.isDirectory()) {
      const root = await realpath(absolute);
      await walkFolder({ root, seen: new Set([root]), out }, absolute, root, name);
    } else if (info.isFile()) {
      out.inputs.push(diskFile(absolute, name, info.size, false));
    } else {
      out.errors.push({ file: arg, message: 'is neither a file nor a folder' });
    }
  }
  return out;
}
