/**
 * Run colours on every page: the colours people chose and the colours handed out automatically,
 * remembered so a run looks the same in the library and in a comparison. How colours are handed
 * out: ../explorer/run-colors.ts.
 *
 * Runs are named by their reference (`experimentId|runId`, run-visibility.ts): a run id alone is
 * not unique (Ultralytics names a run "train" in every task folder, and those runs shared one
 * colour), and the reference is the same run in the library and in a shared space. Colours
 * chosen before were kept by run id; they still apply to the runs of that id.
 */
import { runRef } from '../compare/run-visibility';
import { assignRunColors } from '../explorer/run-colors';

const CHOSEN_KEY = 'runlens.runColors';
const REMEMBERED_KEY = 'runlens.runColors.auto';
/** Runs whose automatic colour is remembered; the least recently shown are forgotten first. */
const REMEMBERED_MAX = 5000;
const HEX = /^#[0-9a-f]{6}$/i;

function readColors(key: string): Map<string, string> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    if (!saved || typeof saved !== 'object') return new Map();
    return new Map(
      Object.entries(saved).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && HEX.test(e[1])
      )
    );
  } catch {
    return new Map();
  }
}

function writeColors(key: string, colors: ReadonlyMap<string, string>): void {
  try {
    localStorage.setItem(key, JSON.stringify(Object.fromEntries(colors)));
  } catch {
    // Storage full or blocked: the colours last for this page.
  }
}

class RunColors {
  #chosen = $state.raw(new Map<string, string>());
  /** Plain, not reactive: read while colours are handed out, written after they are shown. */
  #remembered = new Map<string, string>();

  constructor() {
    if (typeof localStorage === 'undefined') return;
    this.#chosen = readColors(CHOSEN_KEY);
    this.#remembered = readColors(REMEMBERED_KEY);
  }

  /** A person's colour for a run (by its key): it wins everywhere from now on. */
  choose(runKey: string, color: string): void {
    if (!HEX.test(color)) return;
    this.#chosen = new Map(this.#chosen).set(runRef(runKey), color);
    writeColors(CHOSEN_KEY, this.#chosen);
  }

  /**
   * Colours for the runs on one screen (their keys, in display order; see assignRunColors),
   * by run reference: look a run up with `colorOf`.
   */
  forRuns(keys: readonly string[]): Map<string, string> {
    const refs = keys.map(runRef);
    const chosen = new Map<string, string>();
    for (const ref of refs) {
      const color = this.#chosen.get(ref) ?? this.#chosen.get(ref.slice(ref.lastIndexOf('|') + 1));
      if (color !== undefined) chosen.set(ref, color);
    }
    return assignRunColors(refs, chosen, this.#remembered);
  }

  /** Keeps the colours a screen showed, so the next screen shows the runs the same way. */
  remember(colors: ReadonlyMap<string, string>): void {
    let changed = false;
    for (const [id, color] of colors) {
      if (this.#chosen.has(id)) continue;
      if (this.#remembered.get(id) === color) continue;
      this.#remembered.delete(id);
      this.#remembered.set(id, color);
      changed = true;
    }
    if (!changed) return;
    for (const id of this.#remembered.keys()) {
      if (this.#remembered.size <= REMEMBERED_MAX) break;
      this.#remembered.delete(id);
    }
    this.#saveRemembered();
  }

  #savePending = false;

  /**
   * Writes the remembered colours when the page is next idle (or hidden): up to 5,000 of them
   * make a ~300 KB string, which the screen that showed the runs should not wait for (a filter
   * keystroke shows new runs and remembers them in the task that draws them).
   */
  #saveRemembered(): void {
    if (this.#savePending) return;
    this.#savePending = true;
    const save = () => {
      if (!this.#savePending) return;
      this.#savePending = false;
      removeEventListener('pagehide', save);
      writeColors(REMEMBERED_KEY, this.#remembered);
    };
    addEventListener('pagehide', save);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(save, { timeout: 1000 });
    else setTimeout(save, 0);
  }
}

export const runColors = new RunColors();

/** A run's colour (by its key) in colours from `forRuns`. */
export function colorOf(colors: ReadonlyMap<string, string>, runKey: string): string | undefined {
  return colors.get(runRef(runKey));
}
