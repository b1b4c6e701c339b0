import type { ServerAuth } from '../mlflow-server/auth';
import { runlensWorker } from '../worker/client';
import { library } from './library.svelte';

export interface RefreshStatus {
  state: 'running' | 'done' | 'error';
  /** "Refreshed: 3 new runs, 2 updated", or the error naming the server. */
  message: string;
}

/**
 * "Refresh" of server imports (docs/mlflow-server.md): the worker fetches only what changed and
 * stores it into the same import; this keeps what the last refresh of each import said.
 */
class ServerRefresh {
  #status = $state.raw<Record<string, RefreshStatus>>({});

  status(importId: string): RefreshStatus | null {
    return this.#status[importId] ?? null;
  }

  async refresh(importId: string, auth: ServerAuth | null, pageOrigin: string): Promise<void> {
    if (this.#status[importId]?.state === 'running') return;
    this.#set(importId, { state: 'running', message: 'Asking the server what changed…' });
    try {
      const outcome = await runlensWorker().refreshMlflowServer({ importId, auth, pageOrigin });
      this.#set(
        importId,
        outcome.state === 'done'
          ? { state: 'done', message: `Refreshed: ${outcome.message}` }
          : { state: 'error', message: outcome.error ?? 'The refresh failed.' }
      );
      if (outcome.changedKeys.length > 0) await library.refresh();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#set(importId, { state: 'error', message });
    }
  }

  #set(importId: string, status: RefreshStatus) {
    this.#status = { ...this.#status, [importId]: status };
  }
}

export const serverRefresh = new ServerRefresh();
