import type { ImportedBatch } from '../model';
import type { ImportSource } from './source';

/** What an importer may ask of the pipeline while it parses. */
export interface ImportContext {
  /** Throws ImportCancelled once the person has cancelled; call it between records of big inputs. */
  checkCancelled(): void;
  /** Reports how many metric points of the current file have been parsed so far. */
  reportPoints(points: number): void;
}

/**
 * One import format. `sniff` looks at the head (or the shared parsed JSON) and answers with a
 * confidence in (0, 1], or null for "not mine". `parse` reads the whole input into the model, or
 * throws ImportError naming the file, the place and the problem. Importers never touch the store
 * or the DOM.
 */
export interface Importer {
  id: string;
  label: string;
  /** Extensions it usually carries; a hint only, detection is by content. */
  extensions: readonly string[];
  sniff(source: ImportSource): Promise<number | null>;
  parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch>;
}
