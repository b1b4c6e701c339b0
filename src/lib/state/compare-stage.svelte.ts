/**
 * The comparison page's two stages as it opens (bench scenario 18, issue 16): first its first
 * panel alone, whose request goes out and whose answer is drawn without waiting for anything
 * else; then the rest (the other panels, the side list, the controls, the tables), once that
 * answer is drawn or after FALLBACK_MS when it is slow (a server's history). Mounting all of it
 * at once (a grid of 30 panels, a list of 100 runs, the tables) was one main-thread task that
 * the first chart's request, and then its draw, waited behind.
 */

/** How long the rest of the page waits for a first panel's answer that is slow to come. */
const FALLBACK_MS = 3000;

export class CompareStage {
  #restShown = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due = Infinity;

  /** Whether the page's parts other than its first panel are mounted. */
  get restShown(): boolean {
    return this.#restShown;
  }

  /** A page that opens starts with its first panel alone. */
  reset(): void {
    clearTimeout(this.#timer);
    this.#due = Infinity;
    this.#restShown = false;
  }

  /** The first panel was answered (or none will be): the rest mounts in the next task. */
  showRest(): void {
    this.#showIn(0);
  }

  /** The run list arrived: the rest mounts after the fallback at the latest. */
  showRestSoon(): void {
    this.#showIn(FALLBACK_MS);
  }

  #showIn(ms: number): void {
    if (this.#restShown) return;
    const due = performance.now() + ms;
    if (this.#due <= due) return;
    clearTimeout(this.#timer);
    this.#due = due;
    // A task later, not a microtask: the answer's draw runs first (it is in this task's flush).
    this.#timer = setTimeout(() => (this.#restShown = true), ms);
  }
}
