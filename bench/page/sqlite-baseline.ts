/**
 * Scenario 13's baseline reader of an MLflow SQLite store, as plain JavaScript text: it runs in
 * the baseline Worker (spliced into its source) and, through `loadSqliteBaseline`, in Node for
 * the unit test. It uses the SAME engine as the app: wa-sqlite's synchronous build
 * (@journeyapps/wa-sqlite, its Emscripten glue from node_modules and, in the page, the app's own
 * built `wa-sqlite-*.wasm`), with the app's approach to the file: a read-only JavaScript VFS
 * that hands SQLite each page it asks for, read at its offset from the picked File
 * (FileReaderSync on a slice), the file declared immutable, no journal. It is independent of the
 * app's code (engine.ts, database.ts, read-only-vfs.ts): the raw C entry points only.
 *
 * What it does is the least any importer of the metric histories must do: one SELECT over
 * `metrics` in rowid (= logging) order, each row's run id and key found by their bytes (decoded
 * once per distinct value), value, step and timestamp appended to per-series Float64Arrays; and
 * the runs, params and tags tables kept as one record per run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SQLITE_BASELINE_SOURCE = String.raw`
const SQLITE = {
  OK: 0, READONLY: 8, IOERR: 10, NOTFOUND: 12, CANTOPEN: 14, ROW: 100, DONE: 101,
  IOERR_READ: 266, IOERR_SHORT_READ: 522, OPEN_READONLY: 1, OPEN_MAIN_DB: 0x100,
  IOCAP_IMMUTABLE: 0x2000, NULL: 5
};

// The read-only VFS: every method VFS.Base declares (the app's VFS extends it), with the app's
// answers. files: name -> { read(offset, length) -> Uint8Array, size }.
function readOnlyVfs(module, files) {
  const open = new Map();
  const view = () => new DataView(module.HEAPU8.buffer);
  return {
    name: 'bench-read-only',
    mxPathname: 64,
    hasAsyncMethod: () => false,
    xOpen(_vfs, zName, pFile, flags, pOutFlags) {
      const file = zName ? files.get(module.UTF8ToString(zName)) : undefined;
      if (!file || (flags & SQLITE.OPEN_MAIN_DB) === 0) return SQLITE.CANTOPEN;
      open.set(pFile, file);
      view().setInt32(pOutFlags, SQLITE.OPEN_READONLY, true);
      return SQLITE.OK;
    },
    xDelete: () => SQLITE.OK,
    xAccess(_vfs, _zName, _flags, pResOut) {
      view().setInt32(pResOut, 0, true);
      return SQLITE.OK;
    },
    xFullPathname(_vfs, zName, nOut, zOut) {
      const heap = module.HEAPU8;
      let length = 0;
      while (heap[zName + length] !== 0 && length < nOut - 1) length++;
      heap.copyWithin(zOut, zName, zName + length);
      heap[zOut + length] = 0;
      return SQLITE.OK;
    },
    xGetLastError: () => SQLITE.OK,
    xClose(pFile) {
      open.delete(pFile);
      return SQLITE.OK;
    },
    xRead(pFile, pData, iAmt, lo, hi) {
      const file = open.get(pFile);
      if (!file) return SQLITE.IOERR;
      let bytes;
      try {
        bytes = file.read(hi * 0x100000000 + (lo >>> 0), iAmt);
      } catch (e) {
        return SQLITE.IOERR_READ;
      }
      const heap = module.HEAPU8;
      heap.set(bytes.subarray(0, iAmt), pData);
      if (bytes.byteLength < iAmt) {
        heap.fill(0, pData + bytes.byteLength, pData + iAmt);
        return SQLITE.IOERR_SHORT_READ;
      }
      return SQLITE.OK;
    },
    xWrite: () => SQLITE.READONLY,
    xTruncate: () => SQLITE.READONLY,
    xSync: () => SQLITE.OK,
    xFileSize(pFile, pSize) {
      const file = open.get(pFile);
      if (!file) return SQLITE.IOERR;
      view().setBigInt64(pSize, BigInt(file.size), true);
      return SQLITE.OK;
    },
    xLock: () => SQLITE.OK,
    xUnlock: () => SQLITE.OK,
    xCheckReservedLock(_pFile, pResOut) {
      view().setInt32(pResOut, 0, true);
      return SQLITE.OK;
    },
    xFileControl: () => SQLITE.NOTFOUND,
    xSectorSize: () => 512,
    xDeviceCharacteristics: () => SQLITE.IOCAP_IMMUTABLE
  };
}

// engine: { glue: the Emscripten module's source ending in "return Module", and wasmUrl (in the
// page: fetched and compiled as the app's worker does) or wasmBinary (in Node) }. Once per worker.
let sqliteEngine = null;
async function loadSqlite(engine) {
  if (sqliteEngine) return sqliteEngine;
  const factory = new Function(engine.glue)();
  const wasm = engine.wasmUrl || 'wa-sqlite.wasm';
  const options = { locateFile: () => wasm };
  if (engine.wasmBinary) options.wasmBinary = engine.wasmBinary;
  const module = await factory(options);
  const files = new Map();
  const rc = module.vfs_register(readOnlyVfs(module, files), false);
  if (rc !== SQLITE.OK) throw new Error('sqlite3_vfs_register: ' + rc);
  sqliteEngine = { module, files, opened: 0 };
  return sqliteEngine;
}

function sqliteCheck(module, db, rc, what) {
  if (rc === SQLITE.OK) return;
  const message = db ? module.ccall('sqlite3_errmsg', 'string', ['number'], [db]) : '';
  throw new Error(what + ' failed (' + rc + '): ' + message);
}

// Runs sql, calling onRow(stmt) for each row.
function sqliteEach(module, db, sql, onRow) {
  const size = module.lengthBytesUTF8(sql) + 1;
  const text = module._malloc(size);
  const out = module._malloc(4);
  try {
    module.stringToUTF8(sql, text, size);
    sqliteCheck(module, db, module._sqlite3_prepare_v2(db, text, -1, out, 0), 'prepare');
    const stmt = module.getValue(out, '*');
    try {
      for (;;) {
        const rc = module._sqlite3_step(stmt);
        if (rc === SQLITE.ROW) onRow(stmt);
        else if (rc === SQLITE.DONE) break;
        else sqliteCheck(module, db, rc, 'step');
      }
    } finally {
      module._sqlite3_finalize(stmt);
    }
  } finally {
    module._free(text);
    module._free(out);
  }
}

function sqliteText(module, stmt, column) {
  const at = module._sqlite3_column_text(stmt, column);
  return at === 0 ? null : module.UTF8ToString(at, module._sqlite3_column_bytes(stmt, column));
}

// Run id and key of a row, by their bytes in wasm memory: one series per distinct pair, its
// strings decoded once. Rows logged together sit together, so the last series is tried first.
function sameBytes(heap, at, length, bytes) {
  if (bytes.length !== length) return false;
  for (let i = 0; i < length; i++) if (heap[at + i] !== bytes[i]) return false;
  return true;
}

// Reads a store: access = { read(offset, length), size }. Returns { series, runs, points }.
function readMlflowStore(engine, access) {
  const { module, files } = engine;
  const name = 'store-' + ++engine.opened + '.db';
  files.set(name, access);
  const out = module._malloc(4);
  let db = 0;
  try {
    const rc = module.ccall(
      'sqlite3_open_v2', 'number', ['string', 'number', 'number', 'string'],
      [name, out, SQLITE.OPEN_READONLY, 'bench-read-only']
    );
    db = module.getValue(out, '*');
    sqliteCheck(module, db, rc, 'open');
    const runs = new Map();
    sqliteEach(module, db, 'SELECT run_uuid, name, status, start_time, end_time, experiment_id FROM runs', (stmt) => {
      const id = sqliteText(module, stmt, 0);
      runs.set(id, {
        id,
        name: sqliteText(module, stmt, 1),
        status: sqliteText(module, stmt, 2),
        start: module._sqlite3_column_double(stmt, 3),
        end: module._sqlite3_column_double(stmt, 4),
        experiment: sqliteText(module, stmt, 5),
        params: {},
        tags: {}
      });
    });
    for (const table of ['params', 'tags']) {
      sqliteEach(module, db, 'SELECT run_uuid, key, value FROM ' + table, (stmt) => {
        const run = runs.get(sqliteText(module, stmt, 0));
        if (run) run[table][sqliteText(module, stmt, 1)] = sqliteText(module, stmt, 2);
      });
    }
    const byHash = new Map();
    const series = [];
    let last = null;
    let points = 0;
    sqliteEach(
      module, db,
      'SELECT run_uuid, key, value, step, timestamp FROM metrics ORDER BY rowid',
      (stmt) => {
        const runAt = module._sqlite3_column_text(stmt, 0);
        const runLength = module._sqlite3_column_bytes(stmt, 0);
        const keyAt = module._sqlite3_column_text(stmt, 1);
        const keyLength = module._sqlite3_column_bytes(stmt, 1);
        const heap = module.HEAPU8;
        let s = last;
        if (
          s === null ||
          !sameBytes(heap, keyAt, keyLength, s.keyBytes) ||
          !sameBytes(heap, runAt, runLength, s.runBytes)
        ) {
          let h = runLength * 31 + keyLength;
          for (let i = 0; i < runLength; i++) h = Math.imul(h ^ heap[runAt + i], 0x01000193);
          for (let i = 0; i < keyLength; i++) h = Math.imul(h ^ heap[keyAt + i], 0x01000193);
          let list = byHash.get(h);
          if (list === undefined) byHash.set(h, (list = []));
          s = null;
          for (const c of list) {
            if (sameBytes(heap, keyAt, keyLength, c.keyBytes) && sameBytes(heap, runAt, runLength, c.runBytes)) {
              s = c;
              break;
            }
          }
          if (s === null) {
            const runBytes = heap.slice(runAt, runAt + runLength);
            const keyBytes = heap.slice(keyAt, keyAt + keyLength);
            const decoder = new TextDecoder();
            s = {
              run: decoder.decode(runBytes), key: decoder.decode(keyBytes), runBytes, keyBytes, n: 0,
              steps: new Float64Array(1024), values: new Float64Array(1024), times: new Float64Array(1024)
            };
            list.push(s);
            series.push(s);
          }
          last = s;
        }
        if (s.n === s.steps.length) {
          for (const field of ['steps', 'values', 'times']) {
            const grown = new Float64Array(s.n * 2);
            grown.set(s[field]);
            s[field] = grown;
          }
        }
        s.values[s.n] = module._sqlite3_column_double(stmt, 2);
        s.steps[s.n] = module._sqlite3_column_double(stmt, 3);
        s.times[s.n] = module._sqlite3_column_double(stmt, 4);
        s.n++;
        points++;
      }
    );
    return { series, runs: [...runs.values()], points };
  } finally {
    if (db) module._sqlite3_close_v2(db);
    module._free(out);
    files.delete(name);
  }
}
`;

/**
 * The Emscripten glue of the same engine the app bundles (wa-sqlite's synchronous build), made a
 * function body that returns its factory: the ES module's `export default` becomes a return,
 * and `import.meta.url` (where the glue would look for its .wasm; the factory is always given
 * `locateFile` or `wasmBinary`) the worker's own URL.
 */
export function sqliteGlueSource(): string {
  const path = createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.mjs');
  const text = readFileSync(path, 'utf8');
  const parts = text.split('import.meta.url');
  const exportLine = 'export default Module;';
  if (parts.length !== 3 || !text.includes(exportLine))
    throw new Error(
      `${path} is not the wa-sqlite glue the bench knows (two import.meta.url, one export)`
    );
  const here = "(typeof self !== 'undefined' && self.location ? self.location.href : undefined)";
  return parts.join(here).replace(exportLine, 'return Module;');
}

/** One (run, key) series as the baseline collected it (`n` valid entries). */
export interface SqliteBaselineSeries {
  run: string;
  key: string;
  n: number;
  steps: Float64Array;
  values: Float64Array;
  times: Float64Array;
}

export interface SqliteBaselineRun {
  id: string;
  name: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface SqliteBaselineRead {
  series: SqliteBaselineSeries[];
  runs: SqliteBaselineRun[];
  points: number;
}

interface SqliteBaselineEngine {
  readonly brand: unique symbol;
}

export interface SqliteBaseline {
  loadSqlite(engine: {
    glue: string;
    wasmUrl?: string;
    wasmBinary?: Uint8Array;
  }): Promise<SqliteBaselineEngine>;
  readMlflowStore(
    engine: SqliteBaselineEngine,
    access: { read(offset: number, length: number): Uint8Array; size: number }
  ): SqliteBaselineRead;
}

/** The same reader in Node (for the unit test), its engine given the .wasm bytes. */
export async function readStoreInNode(bytes: Uint8Array): Promise<SqliteBaselineRead> {
  const baseline = new Function(
    `${SQLITE_BASELINE_SOURCE}\nreturn { loadSqlite, readMlflowStore };`
  )() as SqliteBaseline;
  const wasm = createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm');
  const engine = await baseline.loadSqlite({
    glue: sqliteGlueSource(),
    wasmBinary: readFileSync(wasm)
  });
  return baseline.readMlflowStore(engine, {
    read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
    size: bytes.length
  });
}
