/// <reference lib="webworker" />
// The worker entry: a shim over worker-api.ts. Series leave by transfer, not by copy. Every call
// is counted as work in flight, so a schema change from a newer tab waits for it (db/schema-change).
import * as Comlink from 'comlink';
import { openRunlensDb } from '../db/db';
import { WorkTracker, watchSchemaChanges, type SchemaMessage } from '../db/schema-change';
import { createWorkerApi } from './worker-api';
import { databaseForWorker } from './space';
import type { WorkerApi } from './api';

// The worker's name says which space it serves: the library or what a link opened.
const db = openRunlensDb(databaseForWorker(self.name));
const api = createWorkerApi(db);
const work = new WorkTracker();

watchSchemaChanges(
  db,
  (event) => self.postMessage({ runlensSchema: event } satisfies SchemaMessage),
  () => work.idle()
);

const exposed: WorkerApi = {
  ...api,
  async readSeries(runKey, metric) {
    const s = await api.readSeries(runKey, metric);
    return Comlink.transfer(s, [s.steps.buffer, s.values.buffer, s.timestamps.buffer]);
  },
  async compareChart(request) {
    const f = await api.compareChart(request);
    const buffers = new Set<ArrayBufferLike>([f.x.buffer]);
    for (const l of f.lines) {
      for (const a of [l.raw, l.smoothed, l.lo, l.hi, l.n]) if (a) buffers.add(a.buffer);
    }
    return Comlink.transfer(f, [...buffers] as ArrayBuffer[]);
  },
  async readChartSeries(runKey, metric) {
    const c = await api.readChartSeries(runKey, metric);
    return Comlink.transfer(c, [c.x.buffer, c.y.buffer, c.marks.x.buffer, c.marks.kind.buffer]);
  },
  stageFiles(files) {
    work.staged = true;
    return api.stageFiles(files);
  },
  async importStaged(onProgress) {
    try {
      return await work.track(() => api.importStaged(onProgress));
    } finally {
      work.staged = false;
    }
  }
};

// Every other call is tracked as it is (cancelImport must not wait behind the import it stops).
for (const [name, fn] of Object.entries(exposed) as [keyof WorkerApi, unknown][]) {
  if (typeof fn !== 'function' || name === 'cancelImport' || name === 'importStaged') continue;
  const call = fn as (...args: unknown[]) => unknown;
  (exposed as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
    work.track(async () => call(...args));
}

Comlink.expose(exposed);
