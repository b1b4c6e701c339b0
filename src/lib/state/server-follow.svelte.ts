import type { RunRow } from '../db/rows';
import type { ServerAuth } from '../mlflow-server/auth';
import { followDelay, isLive } from '../mlflow-server/follow-schedule';
import { runlensWorker } from '../worker/client';

export interface FollowTarget {
  run: RunRow;
  auth: ServerAuth | null;
  pageOrigin: string;
  /** Called after a poll stored something new: the page reads the run again. */
  onChange: () => Promise<void>;
}

/**
 * Live-follow of one RUNNING server run (the run page): polls the server through the worker's
 * refresh (only what changed is fetched and stored), backs off on errors, pauses while the page
 * is hidden and ends when the run does. One run at a time.
 */
class ServerFollow {
  #target: FollowTarget | null = null;
  #following = $state(false);
  #paused = $state(false);
  #polls = $state(0);
  #failures = $state(0);
  #message = $state('');
  /** The run the message is about (kept after following stopped, so it can say why). */
  #subject = $state<string | null>(null);
  #error = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight = false;
  /** Poll interval in ms (tests shorten it). */
  interval = 5_000;

  get following(): boolean {
    return this.#following;
  }
  get paused(): boolean {
    return this.#paused;
  }
  get polls(): number {
    return this.#polls;
  }
  get message(): string {
    return this.#message;
  }
  get error(): string | null {
    return this.#error;
  }
  get subject(): string | null {
    return this.#subject;
  }
  get runKey(): string | null {
    return this.#target?.run.key ?? null;
  }

  start(target: FollowTarget): void {
    this.stop();
    this.#target = target;
    this.#subject = target.run.key;
    this.#following = true;
    this.#paused = false;
    this.#polls = 0;
    this.#failures = 0;
    this.#error = null;
    this.#message = 'Following: asking the server every few seconds.';
    void this.#poll();
  }

  /** Stops for good (the button, leaving the page, the run ended). */
  stop(message = ''): void {
    this.#clear();
    this.#following = false;
    this.#paused = false;
    this.#target = null;
    if (message) this.#message = message;
  }

  /** The page is hidden: no polling until it shows again. */
  pause(): void {
    if (!this.#following) return;
    this.#clear();
    this.#paused = true;
  }

  resume(): void {
    if (!this.#following || !this.#paused) return;
    this.#paused = false;
    void this.#poll();
  }

  #clear() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule() {
    this.#clear();
    if (!this.#following || this.#paused) return;
    this.#timer = setTimeout(() => void this.#poll(), followDelay(this.#failures, this.interval));
  }

  async #poll(): Promise<void> {
    const target = this.#target;
    if (!target || this.#inFlight) return;
    this.#inFlight = true;
    try {
      const outcome = await runlensWorker().refreshMlflowServer({
        importId: target.run.importId,
        auth: target.auth,
        pageOrigin: target.pageOrigin,
        runKeys: [target.run.key]
      });
      if (target !== this.#target) return;
      this.#polls++;
      if (outcome.state === 'error') {
        this.#failures++;
        const wait = Math.round(followDelay(this.#failures, this.interval) / 1000);
        this.#error = `${outcome.error} Trying again in ${wait} s.`;
      } else {
        this.#failures = 0;
        this.#error = null;
        if (outcome.changedKeys.length > 0) await target.onChange();
        const status = outcome.statuses[target.run.key];
        if (status && !isLive(status)) {
          this.stop(`The run ended (${status}); following stopped.`);
          return;
        }
        this.#message = `Following: last asked ${new Date().toLocaleTimeString('en-GB')}.`;
      }
    } catch (error) {
      // The worker itself failed: counted as a failed poll, with the same back-off.
      this.#failures++;
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#inFlight = false;
    }
    this.#schedule();
  }
}

export const serverFollow = new ServerFollow();
