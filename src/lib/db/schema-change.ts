/**
 * Another tab opened a newer Runlens (a new schema version) while this one is open. IndexedDB
 * asks every open connection to close ('versionchange'); the newer tab's open waits ('blocked')
 * until they do. Dexie's default closes at once and reopens silently on the next call, which
 * would run this tab's old code on the new schema, and fail whatever write was under way. Here
 * the connection is closed for good once this tab's work is done (the import under way commits
 * first; the newer tab waits those few seconds), and the page is told so it can reload.
 */
import type { RunlensDb } from './db';

export type SchemaEvent =
  /** A newer version wants the database: this tab must reload (once its work is done). */
  | { kind: 'upgrade-elsewhere'; newVersion: number | null }
  /** This tab's open waits for other tabs that hold an older version open. */
  | { kind: 'blocked' }
  /** The database is open (after a wait, if it was blocked). */
  | { kind: 'opened' }
  /** The connection is closed; any call from now on fails until the page reloads. */
  | { kind: 'closed' };

/** How the worker tells its page: no comlink id, so the page's own listener gets it (client.ts). */
export interface SchemaMessage {
  runlensSchema: SchemaEvent;
}

/**
 * Wires `db` to report schema events through `notify` and to close, without reopening, when
 * `idle` resolves (the worker's imports and staged files are done).
 */
export function watchSchemaChanges(
  db: RunlensDb,
  notify: (event: SchemaEvent) => void,
  idle: () => Promise<void>
): void {
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    notify({ kind: 'upgrade-elsewhere', newVersion: event.newVersion });
    void idle().then(() => {
      db.close({ disableAutoOpen: true });
      notify({ kind: 'closed' });
    });
    // Stops Dexie's own handler (close now, reopen silently on the next call).
    return false;
  });
  db.on('blocked', () => notify({ kind: 'blocked' }));
  db.on('ready', () => notify({ kind: 'opened' }), true);
}

/** Counts work in flight so a schema change can wait for it. */
export class WorkTracker {
  #busy = 0;
  #staged = false;
  #lastDone = 0;
  readonly #quietMs: number;

  /**
   * @param quietMs how long nothing must be in flight before the work counts as done: the page
   * reads the library again right after an import, and that read must not meet a closed database.
   */
  constructor(quietMs = 300) {
    this.#quietMs = quietMs;
  }

  /** Runs `work`, counted as busy until it settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.#busy += 1;
    try {
      return await work();
    } finally {
      this.#busy -= 1;
      this.#lastDone = Date.now();
    }
  }

  /** Files handed over for an import that has not run yet count as work too. */
  set staged(value: boolean) {
    this.#staged = value;
    this.#lastDone = Date.now();
  }

  /** Resolves once nothing has been in flight or staged for the quiet time. */
  async idle(): Promise<void> {
    for (;;) {
      const quiet = Date.now() - this.#lastDone;
      if (this.#busy === 0 && !this.#staged && quiet >= this.#quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(50, this.#quietMs - quiet)));
    }
  }
}
