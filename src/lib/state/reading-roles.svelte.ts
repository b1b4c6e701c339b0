import type { ColumnRole, ReadingChoices, TolerantReading } from '../importers/column-roles';
import type { ImportOutcome } from '../worker/api';
import { progressCallback, runlensWorker } from '../worker/client';
import { library } from './library.svelte';

/** The roles a person is choosing for one file, not read yet. */
interface Draft {
  roles: Map<string, ColumnRole>;
  runName: string | null;
  startTime: string | null;
}

/** A file's last re-read: running, done (with what it did) or refused (with why). */
export interface RereadStatus {
  state: 'idle' | 'running' | 'done' | 'error';
  message: string;
}

const IDLE: RereadStatus = { state: 'idle', message: '' };

/** The choices to send: what differs from the guess (nothing differs: back to the guess). */
function choicesOf(reading: TolerantReading, draft: Draft): ReadingChoices | null {
  const roles = new Map(
    reading.columns
      .map((c) => [c.key, draft.roles.get(c.key) ?? c.role, c.guess] as const)
      .filter(([, role, guess]) => role !== guess)
      .map(([key, role]) => [key, role])
  );
  const runName = draft.runName === reading.runName.guess ? {} : { runName: draft.runName };
  const startTime =
    reading.startTime && draft.startTime !== reading.startTime.guess
      ? { startTime: draft.startTime }
      : {};
  if (roles.size === 0 && !('runName' in runName) && !('startTime' in startTime)) return null;
  return { roles, ...runName, ...startTime };
}

/**
 * The column roles of the files the last import read by a tolerant reading, as the import
 * report shows them: the person changes roles here (a draft per file), then has the file read
 * again by the worker, which replaces its runs and remembers the choice. No reading happens here.
 */
class ReadingRoles {
  #readings = $state.raw<TolerantReading[]>([]);
  #more = $state(0);
  #drafts = $state.raw(new Map<string, Draft>());
  #status = $state.raw(new Map<string, RereadStatus>());

  /** Files read by a guess in the last import (the first 100). */
  get readings(): TolerantReading[] {
    return this.#readings;
  }
  /** Files read by a guess that are not listed. */
  get more(): number {
    return this.#more;
  }

  /** Shows the readings of an import that just ended. */
  show(outcome: ImportOutcome): void {
    this.#readings = outcome.readings;
    this.#more = outcome.readingCount - outcome.readings.length;
    this.#drafts = new Map();
    this.#status = new Map();
  }

  #reading(file: string): TolerantReading | undefined {
    return this.#readings.find((r) => r.file === file);
  }

  /** The file's roles as the person has them now: the draft, else as read. */
  draftOf(reading: TolerantReading): Draft {
    return (
      this.#drafts.get(reading.file) ?? {
        roles: new Map(reading.columns.map((c) => [c.key, c.role])),
        runName: reading.runName.column,
        startTime: reading.startTime?.column ?? null
      }
    );
  }

  /** Has the person changed anything the file was read with? */
  changed(reading: TolerantReading): boolean {
    const draft = this.#drafts.get(reading.file);
    if (!draft) return false;
    return (
      reading.columns.some((c) => draft.roles.get(c.key) !== c.role) ||
      draft.runName !== reading.runName.column ||
      draft.startTime !== (reading.startTime?.column ?? null)
    );
  }

  status(file: string): RereadStatus {
    return this.#status.get(file) ?? IDLE;
  }

  #edit(file: string, change: (draft: Draft) => Draft): void {
    const reading = this.#reading(file);
    if (!reading) return;
    const draft = this.draftOf(reading);
    this.#drafts = new Map(this.#drafts).set(
      file,
      change({ ...draft, roles: new Map(draft.roles) })
    );
  }

  setRole(file: string, column: string, role: ColumnRole): void {
    this.#edit(file, (d) => ({ ...d, roles: d.roles.set(column, role) }));
  }

  setRunName(file: string, column: string | null): void {
    this.#edit(file, (d) => ({ ...d, runName: column }));
  }

  setStartTime(file: string, column: string | null): void {
    this.#edit(file, (d) => ({ ...d, startTime: column }));
  }

  /** Forgets the person's changes that were not read yet. */
  discard(file: string): void {
    const drafts = new Map(this.#drafts);
    drafts.delete(file);
    this.#drafts = drafts;
  }

  /** Reads the file again with the roles the person chose. */
  reread(file: string): Promise<void> {
    const reading = this.#reading(file);
    if (!reading) return Promise.resolve();
    return this.#reread(file, choicesOf(reading, this.draftOf(reading)), 'with your roles');
  }

  /** Reads the file again by the guess, forgetting the choice remembered for it. */
  backToGuess(file: string): Promise<void> {
    return this.#reread(file, null, 'by the guess');
  }

  async #reread(file: string, choices: ReadingChoices | null, how: string): Promise<void> {
    this.#setStatus(file, { state: 'running', message: `Reading ${file} again…` });
    let outcome: ImportOutcome;
    try {
      outcome = await runlensWorker().rereadFile(
        file,
        choices,
        progressCallback(() => {})
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#setStatus(file, { state: 'error', message: `Could not read it again (${message})` });
      return;
    }
    const read = outcome.readings.find((r) => r.file === file);
    if (outcome.state === 'done' && read) {
      this.#readings = this.#readings.map((r) => (r.file === file ? read : r));
      this.discard(file);
      const runs = `${read.runs} ${read.runs === 1 ? 'run' : 'runs'}`;
      this.#setStatus(file, { state: 'done', message: `Read again ${how}: ${runs} replaced.` });
    } else {
      const why = outcome.errors.map((e) => e.message).join('; ') || 'no runs came out of it';
      this.#setStatus(file, {
        state: 'error',
        message: `Not read again, your library is as it was: ${why}`
      });
    }
    if (outcome.importId) await library.refresh();
  }

  #setStatus(file: string, status: RereadStatus): void {
    this.#status = new Map(this.#status).set(file, status);
  }
}

export const readingRoles = new ReadingRoles();
