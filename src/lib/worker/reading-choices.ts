/**
 * Which column roles each file of an import is read with (importers/column-roles.ts): the roles
 * a person chose when re-reading a file from the import report, or the roles remembered for a
 * file with the same path and bytes. Remembered by path, size and the SHA-256 of the bytes, so
 * dropping the same file again reads it the same way and a changed file is guessed afresh. Only
 * a file whose path and size match a remembered one is hashed. Pure: the rows come from and go
 * to the store through the pipeline (import-pipeline.ts), in the import's own transaction.
 */
import type { ReadingChoiceChange } from '../db/prepare';
import type { ReadingChoiceRow } from '../db/rows';
import { hasChoices, type ReadingChoices } from '../importers/column-roles';
import type { ImportSource } from '../importers/source';

/** A re-read: one file, with the roles the person chose, or null to go back to the guess. */
export interface Reread {
  path: string;
  choices: ReadingChoices | null;
}

/** SHA-256 of the bytes, hex (Web Crypto: the worker and Node 20 both have it). */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Choices as the importer takes them, from a stored row. */
function choicesOf(row: ReadingChoiceRow): ReadingChoices {
  return {
    roles: row.roles,
    ...(row.runName === undefined ? {} : { runName: row.runName }),
    ...(row.startTime === undefined ? {} : { startTime: row.startTime })
  };
}

/** The choices of one import: looked up per file as it is read; what to store afterwards. */
export class ImportChoices {
  readonly #remembered: readonly ReadingChoiceRow[];
  readonly #reread: Reread | undefined;
  readonly #now: () => number;
  #change: ReadingChoiceChange | undefined;

  constructor(remembered: readonly ReadingChoiceRow[], reread?: Reread, now = Date.now) {
    this.#remembered = remembered;
    this.#reread = reread;
    this.#now = now;
  }

  /** The roles to read this file with, or undefined for the guess. */
  async lookup(source: ImportSource): Promise<ReadingChoices | undefined> {
    const { path, size } = source.file;
    const reread = this.#reread?.path === path ? this.#reread : undefined;
    const same = this.#remembered.filter((r) => r.path === path && r.size === size);
    if (!reread && same.length === 0) return undefined;
    const hash = await contentHash(await source.bytes());
    const id = `${hash}|${path}`;
    if (reread) {
      // The re-read's choice replaces whatever was remembered for these bytes.
      const choices = hasChoices(reread.choices ?? undefined) ? reread.choices! : null;
      this.#change = choices
        ? {
            save: {
              id,
              path,
              size,
              hash,
              ...choices,
              roles: new Map(choices.roles),
              savedAt: this.#now()
            }
          }
        : { forget: id };
      return choices ?? undefined;
    }
    const row = same.find((r) => r.hash === hash);
    return row ? choicesOf(row) : undefined;
  }

  /** What the import stores of the choices (a re-read's only), once its runs are stored. */
  get change(): ReadingChoiceChange | undefined {
    return this.#change;
  }
}
