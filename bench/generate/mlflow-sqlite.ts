/**
 * Writes an MLflow SQLite tracking store (`mlflow.db`) with MLflow's real schema: the CREATE
 * statements of mlflow-schema.sql (copied from a real 3.x store at alembic revision
 * 1b5f0d9ad7c1), the `default` workspace row and the alembic revision a fresh store gets, then
 * one experiment of runs with params, tags, every metric point in `metrics` (logged step by
 * step, all keys at each step, as `mlflow.log_metrics` in a training loop does) and the last of
 * each in `latest_metrics`. The rows go through SQLite itself (wa-sqlite, the same engine the app
 * reads with, here in Node with a writable in-memory VFS), so the B-trees, the primary-key index
 * and `index_metrics_run_uuid` are laid out by SQLite as in a real store.
 * Deterministic from the seed; written once per (seed, shape) and reused.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import SQLiteModuleFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as VFS from '@journeyapps/wa-sqlite/src/VFS.js';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { curveValue, hexId, seededRandom } from './rng';

export interface MlflowSqliteShape {
  runs: number;
  metrics: number;
  steps: number;
}

export interface MlflowSqliteInput {
  /** The store, to pick with the file picker. */
  file: string;
  /** Rows of `metrics` (= points): runs × metrics × steps. */
  points: number;
  bytes: number;
  runs: number;
  /** Params and tags in all (for the unit test). */
  params: number;
  tags: number;
}

/** The revision of the schema in mlflow-schema.sql (MLflow 3.x, "workspace columns"). */
export const ALEMBIC_REVISION = '1b5f0d9ad7c1';
const EXPERIMENT_ID = 1;
const METRIC_KEYS = [
  'train_loss',
  'val_loss',
  'train_accuracy',
  'val_accuracy',
  'learning_rate',
  'grad_norm',
  'epoch_time',
  'throughput',
  'val_f1',
  'val_auc'
];
const PARAMS = ['lr', 'batch_size', 'optimizer', 'dropout', 'seed'];

const schemaPath = join(dirname(fileURLToPath(import.meta.url)), 'mlflow-schema.sql');

/** The metric key names of a shape: the usual ones, numbered past ten. */
export function metricKeys(count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const base = METRIC_KEYS[k % METRIC_KEYS.length]!;
    return k < METRIC_KEYS.length ? base : `${base}_${Math.floor(k / METRIC_KEYS.length)}`;
  });
}

/** One database file in memory that SQLite may read and write (no journal is kept). */
class MemoryFileVfs extends VFS.Base {
  bytes = new Uint8Array(1 << 20);
  size = 0;
  readonly #module: { HEAPU8: Uint8Array };

  constructor(module: { HEAPU8: Uint8Array }) {
    super('bench-memory-file', module);
    this.#module = module;
  }

  #view(): DataView {
    const heap = this.#module.HEAPU8;
    return new DataView(heap.buffer, heap.byteOffset, heap.byteLength);
  }

  override xOpen(_vfs: number, _zName: number, _pFile: number, flags: number, pOutFlags: number) {
    // The main database only: journal_mode=OFF and temp_store=MEMORY ask for nothing else.
    if ((flags & VFS.SQLITE_OPEN_MAIN_DB) === 0) return VFS.SQLITE_CANTOPEN;
    this.#view().setInt32(pOutFlags, flags, true);
    return VFS.SQLITE_OK;
  }

  override xClose() {
    return VFS.SQLITE_OK;
  }

  override xRead(_pFile: number, pData: number, iAmt: number, lo: number, hi: number) {
    const offset = hi * 0x100000000 + (lo >>> 0);
    const heap = this.#module.HEAPU8;
    const end = Math.min(this.size, offset + iAmt);
    const n = Math.max(0, end - offset);
    if (n > 0) heap.set(this.bytes.subarray(offset, end), pData);
    if (n < iAmt) {
      heap.fill(0, pData + n, pData + iAmt);
      return VFS.SQLITE_IOERR_SHORT_READ;
    }
    return VFS.SQLITE_OK;
  }

  override xWrite(_pFile: number, pData: number, iAmt: number, lo: number, hi: number) {
    const offset = hi * 0x100000000 + (lo >>> 0);
    if (offset + iAmt > this.bytes.length) {
      const grown = new Uint8Array(Math.max(offset + iAmt, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    this.bytes.set(this.#module.HEAPU8.subarray(pData, pData + iAmt), offset);
    this.size = Math.max(this.size, offset + iAmt);
    return VFS.SQLITE_OK;
  }

  override xTruncate(_pFile: number, lo: number, hi: number) {
    this.size = Math.min(this.size, hi * 0x100000000 + (lo >>> 0));
    return VFS.SQLITE_OK;
  }

  override xFileSize(_pFile: number, pSize: number) {
    this.#view().setBigInt64(pSize, BigInt(this.size), true);
    return VFS.SQLITE_OK;
  }

  override xAccess(_vfs: number, _zName: number, _flags: number, pResOut: number) {
    this.#view().setInt32(pResOut, 0, true);
    return VFS.SQLITE_OK;
  }
}

interface RawModule {
  HEAPU8: Uint8Array;
  _sqlite3_step(stmt: number): number;
  _sqlite3_reset(stmt: number): number;
}

/** Runs one prepared statement once per call of `bind`'s caller; checks every step. */
async function prepared(api: SQLiteAPI, module: RawModule, db: number, sql: string) {
  const statements = api.statements(db, sql, { unscoped: true });
  const first = await statements[Symbol.asyncIterator]().next();
  const stmt = first.value as number;
  return {
    run(values: (string | number | null)[]): void {
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (typeof v === 'string') api.bind_text(stmt, i + 1, v);
        else if (v === null) api.bind_null(stmt, i + 1);
        // Integers in INTEGER-affinity columns (timestamps, steps) are stored as integers.
        else api.bind_double(stmt, i + 1, v);
      }
      const rc = module._sqlite3_step(stmt);
      if (rc !== SQLite.SQLITE_DONE) throw new Error(`SQLite step failed (${rc}) in ${sql}`);
      module._sqlite3_reset(stmt);
    },
    finalize: () => api.finalize(stmt)
  };
}

/** The store's bytes for a shape (in memory); `counts` says what it holds. */
export async function writeMlflowStore(
  seed: number,
  shape: MlflowSqliteShape
): Promise<{ bytes: Uint8Array; params: number; tags: number }> {
  const wasm = createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm');
  const module = (await SQLiteModuleFactory({ wasmBinary: readFileSync(wasm) })) as RawModule;
  const api = SQLite.Factory(module);
  const vfs = new MemoryFileVfs(module);
  api.vfs_register(vfs, false);
  const db = await api.open_v2(
    'mlflow.db',
    SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE,
    vfs.name
  );
  await api.exec(
    db,
    'PRAGMA journal_mode=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-262144;'
  );
  await api.exec(db, readFileSync(schemaPath, 'utf8'));
  const random = seededRandom(seed);
  const base = 1_700_000_000_000;
  await api.exec(db, 'BEGIN');
  await api.exec(
    db,
    `INSERT INTO alembic_version VALUES ('${ALEMBIC_REVISION}');
     INSERT INTO workspaces VALUES ('default', 'Default workspace for legacy resources', NULL);
     INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', ${base}, ${base}, 'default');
     INSERT INTO experiments VALUES (${EXPERIMENT_ID}, 'bench', 'mlflow-artifacts:/${EXPERIMENT_ID}', 'active', ${base}, ${base}, 'default');`
  );
  const insertRun = await prepared(
    api,
    module,
    db,
    'INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  );
  const insertParam = await prepared(api, module, db, 'INSERT INTO params VALUES (?, ?, ?)');
  const insertTag = await prepared(api, module, db, 'INSERT INTO tags VALUES (?, ?, ?)');
  const insertMetric = await prepared(
    api,
    module,
    db,
    'INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)'
  );
  const insertLatest = await prepared(
    api,
    module,
    db,
    'INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, 0, ?)'
  );
  const keys = metricKeys(shape.metrics);
  let params = 0;
  let tags = 0;
  for (let r = 0; r < shape.runs; r++) {
    const runId = hexId(random);
    const name = `run-${String(r).padStart(4, '0')}`;
    const start = base + r * 3_600_000;
    const end = start + shape.steps * 60 + 1_000;
    insertRun.run([
      runId,
      name,
      'UNKNOWN',
      '',
      '',
      'bench',
      'FINISHED',
      start,
      end,
      '',
      'active',
      `mlflow-artifacts:/${EXPERIMENT_ID}/${runId}/artifacts`,
      EXPERIMENT_ID,
      null
    ]);
    for (const key of PARAMS) {
      const value = key === 'optimizer' ? 'adam' : String(Math.round(random() * 1000) / 1000);
      insertParam.run([key, value, runId]);
      params++;
    }
    const runTags: [string, string][] = [
      ['mlflow.user', 'bench'],
      ['mlflow.source.name', 'train.py'],
      ['mlflow.source.type', 'LOCAL'],
      ['mlflow.runName', name]
    ];
    for (const [key, value] of runTags) {
      insertTag.run([key, value, runId]);
      tags++;
    }
    const last = new Float64Array(keys.length);
    let t = start;
    for (let step = 0; step < shape.steps; step++) {
      t += 50 + Math.floor(random() * 20);
      for (let k = 0; k < keys.length; k++) {
        last[k] = curveValue(random, step, shape.steps, 1 + k);
        insertMetric.run([keys[k]!, last[k]!, t, runId, step]);
      }
    }
    for (let k = 0; k < keys.length; k++) {
      if (shape.steps > 0) insertLatest.run([keys[k]!, last[k]!, t, shape.steps - 1, runId]);
    }
  }
  for (const s of [insertRun, insertParam, insertTag, insertMetric, insertLatest])
    await s.finalize();
  await api.exec(db, 'COMMIT');
  await api.close(db);
  return { bytes: vfs.bytes.slice(0, vfs.size), params, tags };
}

/** Generates (or reuses) the store under `outDir` and says what it holds. */
export async function generateMlflowSqlite(
  outDir: string,
  seed: number,
  shape: MlflowSqliteShape
): Promise<MlflowSqliteInput> {
  const root = join(
    outDir,
    `mlflow-sqlite-seed${seed}-${shape.runs}x${shape.metrics}x${shape.steps}`
  );
  const file = join(root, 'mlflow.db');
  const marker = join(root, 'complete.json');
  if (existsSync(marker))
    return {
      file,
      ...(JSON.parse(readFileSync(marker, 'utf8')) as Omit<MlflowSqliteInput, 'file'>)
    };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const store = await writeMlflowStore(seed, shape);
  writeFileSync(file, store.bytes);
  const info = {
    points: shape.runs * shape.metrics * shape.steps,
    bytes: store.bytes.length,
    runs: shape.runs,
    params: store.params,
    tags: store.tags
  };
  writeFileSync(marker, JSON.stringify(info));
  return { file, ...info };
}
