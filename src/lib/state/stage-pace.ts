/**
 * How picked files reach the worker without a long task. Posting a File picked through an
 * `<input>` costs the page's main thread 0.3-1 ms (Chromium reads the file's size and date from
 * the browser process while cloning it), so a fixed batch of 100 files took 45-116 ms: a long
 * task each (issue 19, item 3). Each message instead carries as many files as fit in a slice of
 * main-thread time, measured on the messages already sent, and the page yields between them.
 */

/** Main-thread time one staging message may take: a fifth of the 50 ms long-task bar. */
export const STAGE_SLICE_MS = 10;

/** The first message's size, before any cost is known. */
const FIRST_BATCH = 4;

/**
 * Files per message at most: the cost per file jumps (the browser process is busy, a disk
 * stalls), and a jump must not make one message a long task. At 48, one message took 112 ms on a
 * loaded machine (bench scenario 9, 2026-12-06): 2.3 ms a file, ten times the cost measured on
 * the messages before it.
 */
export const STAGE_MAX_FILES = 16;

/**
 * Sizes the staging messages from the cost of those sent: as many files as fit in the slice at
 * the dearest per-file cost seen so far (one dear message is what a long task is made of), at
 * most doubling from one message to the next, at least one file.
 */
export class StagePace {
  #batch = FIRST_BATCH;
  #dearest = 0;

  /** How many files the next message carries. */
  get batch(): number {
    return this.#batch;
  }

  /** Tells the pace that a message of `files` files took `ms` of main-thread time to post. */
  sent(files: number, ms: number): void {
    this.#dearest = Math.max(this.#dearest, Math.max(ms, 0.01) / Math.max(files, 1));
    const fits = Math.floor(STAGE_SLICE_MS / this.#dearest);
    this.#batch = Math.max(1, Math.min(fits, this.#batch * 2, STAGE_MAX_FILES));
  }
}

/** Lets the page handle input and draw: `scheduler.yield` where there is one, else a message. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
