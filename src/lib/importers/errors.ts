import type { TolerantReading } from './column-roles';

/**
 * An input that an importer recognised (or was asked to read) but cannot use. The message is for
 * people: it names the file, where in it (line, record, byte offset) and what is wrong.
 */
export class ImportError extends Error {
  readonly file: string;
  readonly detail: string;

  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'ImportError';
    this.file = file;
    this.detail = detail;
  }
}

/**
 * No importer claims the input (or it is empty). Inside a dropped folder such files are skipped
 * quietly (folders hold READMEs and scripts); named on their own they are reported.
 */
export class UnrecognisedFile extends ImportError {
  constructor(file: string, detail: string) {
    super(file, detail);
    this.name = 'UnrecognisedFile';
  }
}

/** Thrown when the person cancels an import; never shown as a per-file error. */
export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled');
    this.name = 'ImportCancelled';
  }
}

/** One rejected input, as the UI and the CLI list it. */
export interface FileError {
  file: string;
  message: string;
}

/**
 * A file that was neither read into a run nor rejected as broken, with a reason a person
 * understands: "W&B transaction log: not supported yet", "PyTorch checkpoint: not run data".
 * The report groups skipped files by reason, so reasons are short and shared, never per file.
 */
export interface SkippedFile {
  file: string;
  reason: string;
}

/**
 * Something an importer read only in part and wants said: a record skipped for a bad checksum,
 * a truncated tail, histograms that are recognised but not shown. The run still imports. A
 * tolerant reading says how it read the file, and describes each column in `reading`, so the
 * report can show the roles and let a person change them.
 */
export interface ImportWarning extends FileError {
  reading?: TolerantReading;
}

/** Turns anything thrown while reading a file into a message that names that file. */
export function toFileError(file: string, error: unknown): FileError {
  if (error instanceof ImportError) return { file: error.file, message: error.detail };
  const message = error instanceof Error ? error.message : String(error);
  return { file, message: `could not be read (${message})` };
}
