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

/**
 * Newest-wins for a page's several questions at once (a page state's "lanes": the statistics,
 * each chart, the box plot…): each lane keeps its own newest answer, through one NewestWins.
 */
export class NewestAnswers {
  #lanes = new Map<string, NewestWins>();

  /** Takes a ticket in `lane`: an answer counts only while the check says it is the newest. */
  ticket(lane: string): () => boolean {
    let lanes = this.#lanes.get(lane);
    if (!lanes) this.#lanes.set(lane, (lanes = new NewestWins()));
    return lanes.ticket();
  }

  /** Asks; the answer (or the failure) is handed on only while it is the lane's newest. */
  ask<T>(
    lane: string,
    question: () => Promise<T>,
    apply: (answer: T) => void,
    failed?: (error: unknown) => void
  ): void {
    const isNewest = this.ticket(lane);
    question().then(
      (answer) => {
        if (isNewest()) apply(answer);
      },
      (error: unknown) => {
        if (isNewest()) failed?.(error);
      }
    );
  }

  /** Nothing in flight counts any more (a page that opens anew). */
  dropAll(): void {
    for (const lane of this.#lanes.values()) lane.ticket();
  }
}
