/**
 * "The newest answer wins", the one helper for it. A page asks the worker again whenever what it
 * shows changes (a keystroke, a sort, a resize), so answers can arrive out of order or after a
 * newer question; the worker, likewise, can find a newer request queued behind the one it is
 * about to compute. Each request takes a ticket; its answer (or its work) counts only while no
 * newer ticket has been taken.
 */
export class NewestWins {
  #issued = 0;

  /** Takes a ticket for a new request; the check says whether it is still the newest. */
  ticket(): () => boolean {
    const mine = ++this.#issued;
    return () => mine === this.#issued;
  }
}

/**
 * Resolves after the tasks already queued (the worker's pending messages) have run, so a handler
 * can see whether a newer request arrived before it starts expensive work. A resolved promise
 * would not do: microtasks run before the next message is delivered.
 */
export function afterQueuedTasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
