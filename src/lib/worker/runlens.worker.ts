/// <reference lib="webworker" />
// The worker entry: a shim over worker-api.ts. Series leave by transfer, not by copy.
import * as Comlink from 'comlink';
import { openRunlensDb } from '../db/db';
import { createWorkerApi } from './worker-api';
import { databaseForWorker } from './space';
import type { WorkerApi } from './api';

// The worker's name says which space it serves: the library or what a link opened.
const api = createWorkerApi(openRunlensDb(databaseForWorker(self.name)));

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
    return Comlink.transfer(c, [c.x.buffer, c.y.buffer]);
  }
};

Comlink.expose(exposed);
