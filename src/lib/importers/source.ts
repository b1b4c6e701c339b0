import { ImportError } from './errors';
import { parseTolerantJson } from './readers/tolerant-json';

/** A file as importers see it: a path and bytes, never a DOM object, so Node and the worker share it. */
export interface SourceFile {
  /** Path relative to what was dropped or named on the command line, `/`-separated. */
  path: string;
  size: number;
  /** Found by walking a folder: if no importer claims it, it is skipped rather than reported. */
  fromFolder?: boolean;
  read(): Promise<Uint8Array>;
  /** The first `length` bytes, without reading the rest when the platform allows. */
  readHead(length: number): Promise<Uint8Array>;
  /**
   * Reads at any offset, synchronously, without holding the file in memory: a Blob in a worker
   * (FileReaderSync), a file on disk, bytes already in memory. Absent where the platform cannot
   * (a Blob on a page's main thread); a database reader then falls back to `read()`.
   */
  openRandomAccess?(): RandomAccess;
}

/** Synchronous reads at any offset of one file (SQLite's page reads need them). */
export interface RandomAccess {
  /** Up to `length` bytes from `offset`; fewer only at the end of the file. */
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

/** Random access over bytes in memory. */
export function randomAccessToBytes(bytes: Uint8Array): RandomAccess {
  return {
    read: (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
    close: () => undefined
  };
}

/** How many leading bytes detection may look at. */
export const HEAD_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: false });

/**
 * One input being imported. Bytes, text and JSON are produced at most once and shared by every
 * detector and the importer that wins, so a 100 MB file is never parsed twice.
 */
export class ImportSource {
  readonly file: SourceFile;
  #head: Promise<Uint8Array> | undefined;
  #headText: Promise<string> | undefined;
  #bytes: Promise<Uint8Array> | undefined;
  #text: Promise<string> | undefined;
  #json: Promise<unknown> | undefined;
  #onRead: (() => void) | undefined;

  constructor(file: SourceFile) {
    this.file = file;
  }

  /**
   * Calls `listener` once, the first time the whole file is asked for (bytes, text or JSON), so
   * the pipeline can count the files a folder importer reads. Head reads do not count.
   */
  whenRead(listener: () => void): void {
    this.#onRead = listener;
  }

  get path(): string {
    return this.file.path;
  }

  /** The file name without folders, lower-cased, for extension hints. */
  get baseName(): string {
    const slash = this.file.path.lastIndexOf('/');
    return this.file.path.slice(slash + 1).toLowerCase();
  }

  head(): Promise<Uint8Array> {
    // A small file is read once, whole: the head and the bytes are then the same read.
    this.#head ??= this.file.size <= HEAD_BYTES ? this.#readAll() : this.file.readHead(HEAD_BYTES);
    return this.#head;
  }

  /** The head decoded as UTF-8 (a cut multi-byte character at the end becomes U+FFFD). */
  headText(): Promise<string> {
    this.#headText ??= this.head().then((b) => utf8.decode(b));
    return this.#headText;
  }

  bytes(): Promise<Uint8Array> {
    const listener = this.#onRead;
    this.#onRead = undefined;
    listener?.();
    return this.#readAll();
  }

  /**
   * Reads at any offset without loading the file where the platform allows (a database file);
   * elsewhere the whole file is read once and served from memory. Counts as reading the file.
   */
  async openRandomAccess(): Promise<RandomAccess> {
    if (this.file.openRandomAccess) {
      const listener = this.#onRead;
      this.#onRead = undefined;
      listener?.();
      return this.file.openRandomAccess();
    }
    return randomAccessToBytes(await this.bytes());
  }

  #readAll(): Promise<Uint8Array> {
    this.#bytes ??= this.file.read();
    return this.#bytes;
  }

  text(): Promise<string> {
    this.#text ??= this.bytes().then((b) => utf8.decode(b));
    return this.#text;
  }

  /**
   * Parses the whole file as JSON once (bare NaN and Infinity accepted, as Python writes them);
   * a syntax error becomes an ImportError naming the file and the line and column.
   */
  json(): Promise<unknown> {
    this.#json ??= this.#looksLikeJson().then(async (likely) => {
      // Sniffers ask every file for JSON: a 2 GB checkpoint must not be read to find out it is not.
      if (!likely) throw new ImportError(this.path, 'is not JSON');
      const t = await this.text();
      try {
        return parseTolerantJson(t);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new ImportError(this.path, `is not valid JSON (${why})`);
      }
    });
    return this.#json;
  }

  /** Does the file start (after a BOM and whitespace) with `{` or `[`? */
  async #looksLikeJson(): Promise<boolean> {
    const head = await this.head();
    let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (
      i < head.length &&
      (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)
    )
      i++;
    return head[i] === 0x7b || head[i] === 0x5b;
  }
}

/** A SourceFile over bytes already in memory (tests, fetched samples, archive entries). */
export function sourceFromBytes(path: string, bytes: Uint8Array): SourceFile {
  return {
    path,
    size: bytes.byteLength,
    read: () => Promise.resolve(bytes),
    readHead: (length) => Promise.resolve(bytes.subarray(0, length)),
    openRandomAccess: () => randomAccessToBytes(bytes)
  };
}

/** FileReaderSync exists in workers only; the DOM typings of the page do not declare it. */
interface SyncBlobReader {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}
type SyncBlobReaderClass = new () => SyncBlobReader;

/** A SourceFile over a Blob or File (the browser and worker side). */
export function sourceFromBlob(path: string, blob: Blob, fromFolder = false): SourceFile {
  const Reader = (globalThis as { FileReaderSync?: SyncBlobReaderClass }).FileReaderSync;
  return {
    path,
    size: blob.size,
    fromFolder,
    read: async () => new Uint8Array(await blob.arrayBuffer()),
    readHead: async (length) => new Uint8Array(await blob.slice(0, length).arrayBuffer()),
    // A File is a handle to the person's file, not a copy: slices are read on demand.
    openRandomAccess: Reader
      ? () => {
          const reader = new Reader();
          return {
            read: (offset, length) =>
              new Uint8Array(reader.readAsArrayBuffer(blob.slice(offset, offset + length))),
            close: () => undefined
          };
        }
      : undefined
  };
}
