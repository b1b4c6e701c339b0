/// <reference lib="webworker" />
// The worker entry: a shim over worker-api.ts. Series leave by transfer, not by copy.
import * as Comlink from 'comlink';
import { openRunlensDb } from '../db/db';
import { createWorkerApi } from './worker-api';
import type { WorkerApi } from './api';

const api = createWorkerApi(openRunlensDb());

const exposed: WorkerApi = {
  ...api,
  async readSeries(runKey, metric) {
    const s = await api.readSeries(runKey, metric);
    return Comlink.transfer(s, [s.steps.buffer, s.values.buffer, s.timestamps.buffer]);
  },
  async readChartSeries(runKey, metric) {
    const c = await api.readChartSeries(runKey, metric);
    return Comlink.transfer(c, [c.x.buffer, c.y.buffer]);
  }
};

Comlink.expose(exposed);
