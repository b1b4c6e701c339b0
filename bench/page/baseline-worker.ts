/**
 * The physical baseline, as the source of a dedicated Worker started in the app's page (the app
 * parses in a worker too). It does the least any importer must do with the same bytes: read each
 * file, decode it, parse it into Float64Arrays with a minimal correct loop (split + Number,
 * JSON.parse, or the TFRecord reader of tfrecord-reader.ts), and store 64 KiB chunks (4,096
 * (step, value) pairs as one Float64Array of 8,192) in one IndexedDB transaction of its own
 * database. Plain JavaScript, so it can be sent as text.
 */
import { TFRECORD_READER_SOURCE } from './tfrecord-reader';

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

const IMPORTS = { mlruns: importMlruns, 'export-json': importExportJson, tfevents: importTfevents };

self.onmessage = async (event) => {
  const { kind, files } = event.data;
  try {
    const result = await IMPORTS[kind](files);
    self.postMessage({ ok: true, ...result });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error && error.stack || error) });
  }
};
`;
