/**
 * A run's console output as the text of a log artifact, as W&B's own `output.log` shows it.
 * Legacy `output` records hold one line each, lines starting with a carriage return redrawing
 * each other (tqdm progress bars); `output_raw` records (0.13 on) hold raw chunks, so
 * carriage returns are resolved per line here. Colour escapes are dropped. The text is capped,
 * like any artifact the run page keeps whole.
 */
import { PREVIEW_LIMIT_BYTES } from '../media-types';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export class ConsoleOutput {
  readonly #lines: string[] = [];
  #raw = '';
  #size = 0;
  #lastWasRedraw = false;
  /** Set once the cap was reached: what came after is left out. */
  capped = false;

  /**
   * A legacy `output` record: one line. A line starting with `\r` is a progress bar redrawn in
   * place: it replaces the line before when that was a redraw too (the bar's previous state).
   */
  line(text: string): void {
    if (this.#full(text)) return;
    const redraw = text.startsWith('\r');
    if (redraw && this.#lastWasRedraw) this.#lines[this.#lines.length - 1] = lastRedraw(text);
    else {
      this.#flushRaw();
      this.#lines.push(lastRedraw(text));
    }
    this.#lastWasRedraw = redraw;
  }

  /** An `output_raw` record: a chunk of the terminal stream. */
  chunk(text: string): void {
    if (this.#full(text)) return;
    this.#raw += text;
    const newline = this.#raw.lastIndexOf('\n');
    if (newline < 0) return;
    for (const l of this.#raw.slice(0, newline).split('\n')) this.#lines.push(lastRedraw(l));
    this.#raw = this.#raw.slice(newline + 1);
  }

  #flushRaw(): void {
    if (this.#raw !== '') this.#lines.push(lastRedraw(this.#raw));
    this.#raw = '';
  }

  #full(text: string): boolean {
    if (this.capped) return true;
    this.#size += text.length + 1;
    if (this.#size <= PREVIEW_LIMIT_BYTES) return false;
    this.capped = true;
    return true;
  }

  get isEmpty(): boolean {
    return this.#lines.length === 0 && this.#raw === '';
  }

  /** The whole output, one line per line, with a final newline. */
  text(): string {
    this.#flushRaw();
    return this.#lines.map((l) => l.replace(ANSI, '')).join('\n') + '\n';
  }
}

/** What a terminal shows of a line: the text after its last carriage return. */
function lastRedraw(line: string): string {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  const cr = trimmed.lastIndexOf('\r');
  return cr < 0 ? trimmed : trimmed.slice(cr + 1);
}
