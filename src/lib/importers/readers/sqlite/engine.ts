/**
 * SQLite for reading other tools' database files (MLflow's mlflow.db first), loaded only when such
 * a file is dropped: the engine is wa-sqlite's synchronous WebAssembly build, as maintained by
 * PowerSync (@journeyapps/wa-sqlite). It was chosen over the official @sqlite.org/sqlite-wasm
 * because its JavaScript VFS lets SQLite read pages straight from the dropped File (see
 * read-only-vfs.ts), so a multi-gigabyte store opens without being copied into memory or into
 * the origin-private file system first; and the same module runs in Node for the CLI and tests.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import type * as NodeFs from 'node:fs/promises';
import type * as NodeModule from 'node:module';
import SQLiteModuleFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import { ReadOnlyVfs, type SqliteModule } from './read-only-vfs';

/** The raw C entry points used on the hot path (one call per row and per column, no wrappers). */
export interface SqliteRawModule extends SqliteModule {
  _sqlite3_step(stmt: number): number;
  _sqlite3_column_type(stmt: number, column: number): number;
  _sqlite3_column_double(stmt: number, column: number): number;
  _sqlite3_column_text(stmt: number, column: number): number;
  _sqlite3_column_bytes(stmt: number, column: number): number;
  ccall(name: string, returns: string, args: string[], values: unknown[]): unknown;
}

export interface SqliteEngine {
  api: SQLiteAPI;
  module: SqliteRawModule;
  vfs: ReadOnlyVfs;
}

let loading: Promise<SqliteEngine> | undefined;

/** Node has no fetch of file: URLs for the module to find its .wasm with: hand it the bytes. */
async function nodeOptions(): Promise<object> {
  const isNode = typeof process !== 'undefined' && Boolean(process.versions?.node);
  if (!isNode) return {};
  // Variables keep the browser bundle from trying to resolve Node's modules.
  const fsModule = 'node:fs/promises';
  const moduleModule = 'node:module';
  const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof NodeFs;
  const { createRequire } = (await import(/* @vite-ignore */ moduleModule)) as typeof NodeModule;
  const wasm = createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm');
  return { wasmBinary: await readFile(wasm) };
}

async function load(): Promise<SqliteEngine> {
  const module = (await SQLiteModuleFactory(await nodeOptions())) as SqliteRawModule;
  const api = SQLite.Factory(module);
  const vfs = new ReadOnlyVfs('runlens-read-only', module);
  api.vfs_register(vfs, false);
  return { api, module, vfs };
}

/** The engine, loaded once per worker (or Node process) on first use. */
export function loadSqliteEngine(): Promise<SqliteEngine> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined; // a failed load (offline, blocked) may be retried by the next file
    throw error;
  });
  return loading;
}
