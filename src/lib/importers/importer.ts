import type { BundleContents } from '../bundle/bundle-format';
import type { Experiment, ImportedBatch, Run } from '../model';
import type { ReadingChoices } from './column-roles';
import type { FileError, ImportWarning } from './errors';
import type { FileTree } from './file-tree';
import type { ImportSource } from './source';

/** What an importer may ask of the pipeline while it parses. */
export interface ImportContext {
  /** Throws ImportCancelled once the person has cancelled; call it between records of big inputs. */
  checkCancelled(): void;
  /** Reports how many metric points of the current file have been parsed so far. */
  reportPoints(points: number): void;
  /** Records a warning for the import report (the file still imports). */
  warn(warning: ImportWarning): void;
  /** Records a file the importer owns but deliberately did not read, and why. */
  skip(file: string, reason: string): void;
  /**
   * Column roles a person chose for a file read by a tolerant reading, by file path
   * (column-roles.ts); a file not in it is read by the guess.
   */
  readonly choices?: ReadonlyMap<string, ReadingChoices>;
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

/**
 * A file read in two passes so its runs are never all in memory (a `search_runs` CSV of a million
 * runs): `scan` reads it through once, checking every row as `parse` would and keeping only the
 * experiments and counts, and `open` reads the runs again, a batch at a time, inside the write
 * transaction. What `scan` accepted, `open` gives: a file that changed between the passes throws
 * there, and the transaction rolls back.
 */
export interface ScannedFile {
  experiments: Experiment[];
  runs: number;
  points: number;
  /** Opens the second pass; its `next` is synchronous, so the transaction stays open. */
  open(): Promise<RunBatches>;
}

export interface RunBatches {
  /** The next runs (about `max`), or an empty array after the last; throws ImportError. */
  next(max: number): Run[];
  close(): void;
}

/**
 * An importer that can read some of its files in two passes (ScannedFile); the pipeline prefers
 * `scan` and falls back to `parse` when it answers null (a file that needs all its rows at once).
 */
export interface StreamingImporter extends Importer {
  scan(source: ImportSource, ctx: ImportContext): Promise<ScannedFile | null>;
}

/**
 * A file holding runs that were imported before (a Runlens bundle): `parseContainer` gives each
 * run back under the format that first read it, so it keeps its key, with the saved views it
 * carries. The pipeline prefers it to `parse`.
 */
export interface ContainerImporter extends Importer {
  parseContainer(source: ImportSource, ctx: ImportContext): Promise<BundleContents>;
}

/**
 * A file that holds other files (a zip). Archives are opened before any importer sniffs, and their
 * entries are imported as if found in a folder (`runs.zip/mlruns/1/...`), unless a container
 * importer reads the archive whole (a Runlens bundle) or a recogniser names it as a format that
 * merely uses zip (a PyTorch checkpoint).
 */
export interface ArchiveFormat {
  id: string;
  label: string;
  /** Is this file an archive of this kind? By content. */
  opens(source: ImportSource): Promise<boolean>;
  /** The files inside; throws ImportError (the archive is left out) when it breaks a limit. */
  expand(source: ImportSource, checkCancelled: () => void): Promise<ImportSource[]>;
}

/** A folder a folder importer takes on: its root and every file under it that it owns. */
export interface FolderClaim {
  /** Path of the folder, as the person dropped it (`mlruns/1`, `runs.zip/mlruns`). */
  root: string;
  files: ImportSource[];
}

/** What reading one claimed folder gave: runs, and the parts of it that had to be left out. */
export interface FolderResult {
  batch: ImportedBatch;
  /** A broken run or file inside the folder, named precisely; the rest still imports. */
  problems: FileError[];
}

/**
 * A format that lives in a folder rather than a file (MLflow's mlruns/, Sacred run folders).
 * `claim` looks at the paths (and small metadata files) of everything dropped and returns the
 * folders it owns; claimed files are not offered to file importers.
 */
export interface FolderImporter {
  id: string;
  label: string;
  claim(tree: FileTree): Promise<FolderClaim[]>;
  parseFolder(claim: FolderClaim, tree: FileTree, ctx: ImportContext): Promise<FolderResult>;
}
