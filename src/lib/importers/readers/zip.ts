/**
 * Zip archives, opened as streams with limits: an archive is pushed through fflate's streaming
 * unzipper in slices, so a decompression bomb is stopped as soon as it crosses a limit, and entry
 * names stay opaque keys (no `..`, no absolute paths). Entries come out as files under the
 * archive's own path (`runs.zip/mlruns/1/...`), found "in a folder".
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { ImportError } from '../errors';
import type { ArchiveFormat } from '../importer';
import { isOsJunkPath } from '../os-junk';
import { ImportSource, sourceFromBytes } from '../source';

export const ARCHIVE_LIMITS = {
  /** Entries in one archive (an mlruns tree of 3,000 runs has about 80,000 files). */
  maxEntries: 250_000,
  /** Unpacked bytes of one archive: everything is held in memory while it is read. */
  maxTotalBytes: 1536 * 1024 * 1024,
  /** Unpacked ÷ packed size, enforced once past `ratioFloorBytes` (text zips reach 10–50×). */
  maxRatio: 1000,
  ratioFloorBytes: 64 * 1024 * 1024
};

/**
 * Bytes pushed into the unzipper at a time. fflate's streaming unzipper recurses once per entry
 * found inside one push, so an mlruns zip of tiny files overflows the stack with 1 MB slices.
 */
const SLICE = 16 * 1024;

const METHODS: Record<number, string> = {
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  99: 'AES encryption'
};

/** Does the file start like a zip archive (local file header, or an empty archive's end record)? */
export async function isZip(source: ImportSource): Promise<boolean> {
  const h = await source.head();
  return (
    h.length >= 4 &&
    h[0] === 0x50 &&
    h[1] === 0x4b &&
    ((h[2] === 3 && h[3] === 4) || (h[2] === 5 && h[3] === 6))
  );
}

/** Why an entry name cannot be used as a key, or null when it is fine. */
function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'contains a NUL character';
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return 'is an absolute path';
  if (name.split(/[/\\]/).some((part) => part === '..')) return 'climbs out of the archive (..)';
  return null;
}

/** Unpacks a zip into in-memory files; throws ImportError (archive left out entirely) on a limit. */
export async function expandZip(
  archive: ImportSource,
  checkCancelled: () => void,
  limits = ARCHIVE_LIMITS
): Promise<ImportSource[]> {
  const fail = (detail: string): never => {
    throw new ImportError(archive.path, detail);
  };
  const bytes = await archive.bytes();
  const entries = new Map<string, Uint8Array>();
  let problem: string | null = null;
  let count = 0;
  let total = 0;

  const unzip = new Unzip((file: UnzipFile) => {
    if (problem) return file.terminate();
    const name = file.name.replace(/\\/g, '/');
    if (name.endsWith('/')) return; // a folder entry
    count += 1;
    if (count > limits.maxEntries) {
      problem = `has more than ${limits.maxEntries.toLocaleString('en-US')} entries`;
      return file.terminate();
    }
    const unsafe = unsafeEntryName(name);
    if (unsafe) {
      problem = `entry ${JSON.stringify(name)} ${unsafe}; the archive was not imported`;
      return file.terminate();
    }
    if (file.compression !== 0 && file.compression !== 8) {
      const method = METHODS[file.compression] ?? `method ${file.compression}`;
      problem = `entry ${JSON.stringify(name)} uses ${method}, which Runlens cannot unpack (re-zip it with plain Deflate)`;
      return file.terminate();
    }
    const parts: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (problem) return;
      if (error) {
        problem = `entry ${JSON.stringify(name)} is damaged (${error.message})`;
        return;
      }
      total += chunk.byteLength;
      if (total > limits.maxTotalBytes) {
        problem = `unpacks to more than ${Math.round(limits.maxTotalBytes / 2 ** 20)} MB`;
        return file.terminate();
      }
      if (total > limits.ratioFloorBytes && total > bytes.byteLength * limits.maxRatio) {
        problem = `unpacks to over ${limits.maxRatio}× its size (a decompression bomb?)`;
        return file.terminate();
      }
      parts.push(chunk);
      if (final && !isOsJunkPath(name)) entries.set(name, concat(parts));
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  try {
    for (let at = 0; at < bytes.byteLength && !problem; at += SLICE) {
      checkCancelled();
      unzip.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.byteLength);
    }
  } catch (error) {
    problem ??= `is not a readable zip archive (${error instanceof Error ? error.message : String(error)})`;
  }
  if (problem) fail(problem);
  // Otherwise an archive named on its own (an empty zip, or one cut inside its first header)
  // would vanish from the report without a word.
  if (count === 0) fail('holds no files (an empty zip, or one cut before its first entry)');
  return [...entries].map(
    ([name, data]) =>
      new ImportSource({ ...sourceFromBytes(`${archive.path}/${name}`, data), fromFolder: true })
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Zip archives as the registry lists them: opened by their header, unpacked with the limits. */
export const zipArchive: ArchiveFormat = {
  id: 'zip',
  label: 'zip archive',
  opens: isZip,
  expand: (source, checkCancelled) => expandZip(source, checkCancelled)
};
