/**
 * A read-only SQLite VFS over files Runlens never copies: each page SQLite asks for is read at its
 * offset through a RandomAccess (FileReaderSync on the dropped File in the worker, a file
 * descriptor in Node). So a 2 GB mlflow.db opens with only SQLite's page cache in memory, and
 * nothing is written anywhere: no journal, no WAL, no lock files (the file is declared immutable).
 */
import * as VFS from '@journeyapps/wa-sqlite/src/VFS.js';
import type { RandomAccess } from '../../source';

/** What wa-sqlite's Emscripten module exposes that this VFS uses. */
export interface SqliteModule {
  HEAPU8: Uint8Array;
  UTF8ToString(pointer: number): string;
}

interface OpenFile {
  access: RandomAccess;
  size: number;
}

export class ReadOnlyVfs extends VFS.Base {
  /** Files that may be opened, by the name given to sqlite3_open_v2. */
  readonly #registered = new Map<string, OpenFile>();
  /** Open handles (SQLite's sqlite3_file pointers). */
  readonly #open = new Map<number, OpenFile>();
  readonly #module: SqliteModule;

  constructor(name: string, module: SqliteModule) {
    super(name, module);
    this.#module = module;
  }

  register(name: string, file: OpenFile): void {
    this.#registered.set(name, file);
  }

  unregister(name: string): void {
    this.#registered.delete(name);
  }

  /** A view of wasm memory taken at the moment of use: memory may have grown since. */
  #view(): DataView {
    const heap = this.#module.HEAPU8;
    return new DataView(heap.buffer, heap.byteOffset, heap.byteLength);
  }

  override xOpen(_vfs: number, zName: number, pFile: number, flags: number, pOutFlags: number) {
    // Only the database itself: a journal or temp file would mean SQLite wants to write.
    const file = zName ? this.#registered.get(this.#module.UTF8ToString(zName)) : undefined;
    if (!file || (flags & VFS.SQLITE_OPEN_MAIN_DB) === 0) return VFS.SQLITE_CANTOPEN;
    this.#open.set(pFile, file);
    this.#view().setInt32(pOutFlags, VFS.SQLITE_OPEN_READONLY, true);
    return VFS.SQLITE_OK;
  }

  override xClose(pFile: number) {
    this.#open.delete(pFile);
    return VFS.SQLITE_OK;
  }

  override xRead(pFile: number, pData: number, iAmt: number, lo: number, hi: number) {
    const file = this.#open.get(pFile);
    if (!file) return VFS.SQLITE_IOERR;
    const offset = hi * 0x100000000 + (lo >>> 0);
    let bytes: Uint8Array;
    try {
      bytes = file.access.read(offset, iAmt);
    } catch {
      return VFS.SQLITE_IOERR_READ; // the file went away or cannot be read any more
    }
    const heap = this.#module.HEAPU8;
    heap.set(bytes.subarray(0, iAmt), pData);
    if (bytes.byteLength < iAmt) {
      heap.fill(0, pData + bytes.byteLength, pData + iAmt);
      return VFS.SQLITE_IOERR_SHORT_READ;
    }
    return VFS.SQLITE_OK;
  }

  override xWrite() {
    return VFS.SQLITE_READONLY;
  }

  override xTruncate() {
    return VFS.SQLITE_READONLY;
  }

  override xFileSize(pFile: number, pSize: number) {
    const file = this.#open.get(pFile);
    if (!file) return VFS.SQLITE_IOERR;
    this.#view().setBigInt64(pSize, BigInt(file.size), true);
    return VFS.SQLITE_OK;
  }

  override xCheckReservedLock(_pFile: number, pResOut: number) {
    this.#view().setInt32(pResOut, 0, true);
    return VFS.SQLITE_OK;
  }

  override xAccess(_vfs: number, _zName: number, _flags: number, pResOut: number) {
    // No journal, WAL or other side file exists as far as SQLite is concerned.
    this.#view().setInt32(pResOut, 0, true);
    return VFS.SQLITE_OK;
  }

  override xFullPathname(_vfs: number, zName: number, nOut: number, zOut: number) {
    const heap = this.#module.HEAPU8;
    let length = 0;
    while (heap[zName + length] !== 0 && length < nOut - 1) length++;
    heap.copyWithin(zOut, zName, zName + length);
    heap[zOut + length] = 0;
    return VFS.SQLITE_OK;
  }

  override xDeviceCharacteristics() {
    return VFS.SQLITE_IOCAP_IMMUTABLE;
  }
}
