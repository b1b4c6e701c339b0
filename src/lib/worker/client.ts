/**
 * The page's handle on the worker: created once, in the browser only, on first use.
 * The only page-side module that imports comlink.
 */
import * as Comlink from 'comlink';
import type { ImportProgress, WorkerApi } from './api';
import type { SchemaEvent, SchemaMessage } from '../db/schema-change';
import { activeSpace, workerName, type Space } from './space';

const remotes = new Map<Space, Comlink.Remote<WorkerApi>>();
const schemaListeners = new Set<(event: SchemaEvent) => void>();

/** Hears every worker's schema events (another tab upgrading the database; db/schema-change). */
export function onSchemaEvent(listener: (event: SchemaEvent) => void): () => void {
  schemaListeners.add(listener);
  return () => schemaListeners.delete(listener);
}

/** The worker of a space (the active one by default), started on first call. */
export function runlensWorker(space: Space = activeSpace()): Comlink.Remote<WorkerApi> {
  let remote = remotes.get(space);
  if (!remote) {
    const worker = new Worker(new URL('./runlens.worker.ts', import.meta.url), {
      type: 'module',
      name: workerName(space)
    });
    worker.addEventListener('message', (e: MessageEvent<Partial<SchemaMessage> | null>) => {
      const event = e.data?.runlensSchema;
      if (event) for (const listener of schemaListeners) listener(event);
    });
    remote = Comlink.wrap<WorkerApi>(worker);
    remotes.set(space, remote);
  }
  return remote;
}

/** Wraps a progress callback so the worker can call it across the boundary. */
export function progressCallback(fn: (p: ImportProgress) => void): (p: ImportProgress) => void {
  return Comlink.proxy(fn);
}
