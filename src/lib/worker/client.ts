/**
 * The page's handle on the worker: created once, in the browser only, on first use.
 * The only page-side module that imports comlink.
 */
import * as Comlink from 'comlink';
import type { ImportProgress, WorkerApi } from './api';

let remote: Comlink.Remote<WorkerApi> | undefined;

/** The worker, started on first call. */
export function runlensWorker(): Comlink.Remote<WorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./runlens.worker.ts', import.meta.url), {
      type: 'module',
      name: 'runlens'
    });
    remote = Comlink.wrap<WorkerApi>(worker);
  }
  return remote;
}

/** Wraps a progress callback so the worker can call it across the boundary. */
export function progressCallback(fn: (p: ImportProgress) => void): (p: ImportProgress) => void {
  return Comlink.proxy(fn);
}
