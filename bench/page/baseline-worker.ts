/**
 * The physical baseline, as the source of a dedicated Worker started in the app's page (the app
 * parses in a worker too). It does the least any importer must do with the same bytes: read each
 * file, decode it, parse it into Float64Arrays with a minimal correct loop (split + Number,
 * JSON.parse, the TFRecord reader of tfrecord-reader.ts, SQLite through sqlite-baseline.ts, the
 * .wandb reader of wandb-reader.ts), and store 64 KiB chunks (4,096
 * (step, value) pairs as one Float64Array of 8,192) in one IndexedDB transaction of its own
 * database. Plain JavaScript, so it can be sent as text.
 */
import { SQLITE_BASELINE_SOURCE } from './sqlite-baseline';
import { TFRECORD_READER_SOURCE } from './tfrecord-reader';
import { WANDB_READER_SOURCE } from './wandb-reader';

export const BASELINE_DB = 'bench-baseline';

export const BASELINE_WORKER_SOURCE = String.raw`
'use strict';
const PAIRS = 4096;

function openDb(name) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('chunks');
      req.result.createObjectStore('records');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function toChunks(key, steps, values, n, out) {
  for (let start = 0, index = 0; start < n; start += PAIRS, index++) {
    const end = Math.min(n, start + PAIRS);
    const chunk = new Float64Array((end - start) * 2);
    for (let i = start, j = 0; i < end; i++, j += 2) {
      chunk[j] = steps[i];
      chunk[j + 1] = values[i];
    }
    out.push([key + '#' + index, chunk]);
  }
}

function store(db, chunks, records) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['chunks', 'records'], 'readwrite', { durability: 'relaxed' });
    const c = tx.objectStore('chunks');
    for (const [key, value] of chunks) c.put(value, key);
    const r = tx.objectStore('records');
    for (const [key, value] of records) r.put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
}

// MLflow metric lines: "timestamp value [step]". Every other file (meta.yaml, params, tags) is
// read and decoded and kept as text, one record per file.
function parseMetricText(text) {
  const lines = text.split('\n');
  const steps = new Float64Array(lines.length);
  const values = new Float64Array(lines.length);
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length === 0) continue;
    const f = line.split(' ');
    if (f.length < 2) throw new Error('bad metric line ' + (i + 1));
    values[n] = Number(f[1]);
    steps[n] = f.length > 2 ? Number(f[2]) : 0;
    n++;
  }
  return { steps, values, n };
}

async function importMlruns(files) {
  const t0 = performance.now();
  const decoder = new TextDecoder();
  const chunks = [];
  const records = [];
  let points = 0;
  for (const { path, file } of files) {
    const text = decoder.decode(await file.arrayBuffer());
    if (path.includes('/metrics/')) {
      const s = parseMetricText(text);
      points += s.n;
      toChunks(path, s.steps, s.values, s.n, chunks);
    } else {
      records.push([path, text]);
    }
  }
  const t1 = performance.now();
  const db = await openDb(self.name || 'bench-baseline');
  await store(db, chunks, records);
  db.close();
  return { points, chunks: chunks.length, parse_ms: t1 - t0, write_ms: performance.now() - t1 };
}

async function importExportJson(files) {
  const t0 = performance.now();
  const chunks = [];
  const records = [];
  let points = 0;
  for (const { path, file } of files) {
    const doc = JSON.parse(new TextDecoder().decode(await file.arrayBuffer()));
    const run = doc.mlflow || doc;
    for (const [key, list] of Object.entries(run.metrics || {})) {
      const n = list.length;
      const steps = new Float64Array(n);
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const p = list[i];
        steps[i] = p.step;
        values[i] = p.value;
      }
      points += n;
      toChunks(path + '/' + key, steps, values, n, chunks);
    }
    records.push([path, { info: run.info, params: run.params, tags: run.tags }]);
  }
  const t1 = performance.now();
  const db = await openDb(self.name || 'bench-baseline');
  await store(db, chunks, records);
  db.close();
  return { points, chunks: chunks.length, parse_ms: t1 - t0, write_ms: performance.now() - t1 };
}

${TFRECORD_READER_SOURCE}

// A TensorBoard logdir: every folder holding event files is a run; its files are read in name
// order; each tag's points become chunks, and each run one record (tags, counts, wall times).
async function importTfevents(files) {
  const t0 = performance.now();
  const runs = new Map();
  const events = files
    .filter((f) => f.path.split('/').pop().includes('tfevents'))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { path, file } of events) {
    const dir = path.slice(0, path.lastIndexOf('/'));
    let run = runs.get(dir);
    if (!run) runs.set(dir, (run = newRun(dir)));
    readEventFile(new Uint8Array(await file.arrayBuffer()), run, path);
  }
  const chunks = [];
  const records = [];
  let points = 0;
  for (const run of runs.values()) {
    for (const s of run.series) toChunks(run.path + '/' + s.tag, s.steps, s.values, s.n, chunks);
    points += run.scalars;
    records.push([
      run.path,
      { tags: run.series.map((s) => s.tag), records: run.records, start: run.firstWall, end: run.lastWall }
    ]);
  }
  const t1 = performance.now();
  const db = await openDb(self.name || 'bench-baseline');
  await store(db, chunks, records);
  db.close();
  return { points, chunks: chunks.length, parse_ms: t1 - t0, write_ms: performance.now() - t1 };
}

${SQLITE_BASELINE_SOURCE}

// MLflow SQLite stores: the engine (extra: its glue and the app's built .wasm URL) loaded on the
// first store, as the app's worker loads it; each store read through the read-only VFS page by
// page (FileReaderSync on slices of the File, never the whole file), each (run, key) series
// stored as chunks and each run (with its params and tags) as one record.
async function importMlflowSqlite(files, extra) {
  const t0 = performance.now();
  const engine = await loadSqlite(extra);
  const reader = new FileReaderSync();
  const chunks = [];
  const records = [];
  let points = 0;
  for (const { path, file } of files) {
    const read = readMlflowStore(engine, {
      size: file.size,
      read: (offset, length) => new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + length)))
    });
    for (const s of read.series) toChunks(path + '/' + s.run + '/' + s.key, s.steps, s.values, s.n, chunks);
    for (const run of read.runs) records.push([path + '/' + run.id, run]);
    points += read.points;
  }
  const t1 = performance.now();
  const db = await openDb(self.name || 'bench-baseline');
  await store(db, chunks, records);
  db.close();
  return { points, chunks: chunks.length, parse_ms: t1 - t0, write_ms: performance.now() - t1 };
}

${WANDB_READER_SOURCE}

// W&B run folders: every .wandb log is one run; its metric keys' points become chunks (_step is
// the x, _timestamp and _runtime are not metrics), and each run one record.
async function importWandb(files) {
  const t0 = performance.now();
  const chunks = [];
  const records = [];
  let points = 0;
  for (const { path, file } of files) {
    if (!path.endsWith('.wandb')) continue;
    const run = newWandbRun(path);
    readWandbLog(new Uint8Array(await file.arrayBuffer()), run, path);
    for (const k of run.keys) {
      if (k.kind === KIND_METRIC && k.n > 0) toChunks(path + '/' + k.key, k.steps, k.values, k.n, chunks);
    }
    points += run.points;
    records.push([
      path,
      { keys: run.keys.map((k) => k.key), records: run.records, rows: run.rows, start: run.firstTimestamp, end: run.lastTimestamp }
    ]);
  }
  const t1 = performance.now();
  const db = await openDb(self.name || 'bench-baseline');
  await store(db, chunks, records);
  db.close();
  return { points, chunks: chunks.length, parse_ms: t1 - t0, write_ms: performance.now() - t1 };
}

const IMPORTS = {
  mlruns: importMlruns,
  'export-json': importExportJson,
  tfevents: importTfevents,
  'mlflow-sqlite': importMlflowSqlite,
  wandb: importWandb
};

self.onmessage = async (event) => {
  const { kind, files, extra } = event.data;
  try {
    const result = await IMPORTS[kind](files, extra);
    self.postMessage({ ok: true, ...result });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error && error.stack || error) });
  }
};
`;
