/**
 * The import pipeline, free of workers and DOM so Node tests and the CLI run it as is:
 * detect → parse every file → prepare rows → one write transaction. A file that fails is
 * reported by name and left out; a cancel at any point leaves the store untouched.
 */
import type { RunlensDb } from '../db/db';
import { prepareImport } from '../db/prepare';
import { commitImport } from '../db/repo';
import { ImportCancelled, type FileError } from '../importers/errors';
import type { Importer } from '../importers/importer';
import { IMPORTERS } from '../importers/registry';
import type { SourceFile } from '../importers/source';
import { nothingImported } from './outcome';
import { parseFiles, type ParsedFiles } from './parse-files';
import type { ImportOutcome, ImportProgress } from './api';

export interface ImportOptions {
  isCancelled(): boolean;
  onProgress(progress: ImportProgress): void;
  importers?: readonly Importer[];
  /** Minimum milliseconds between progress reports (the last one is always sent). */
  progressIntervalMs?: number;
  now?: () => number;
  newId?: () => string;
}

export { parseFiles, type ParsedFiles } from './parse-files';

/** Runs one whole import and says how it ended; never throws for bad input or a cancel. */
export async function runImport(
  db: RunlensDb,
  files: readonly SourceFile[],
  options: ImportOptions
): Promise<ImportOutcome> {
  const now = options.now ?? Date.now;
  const interval = options.progressIntervalMs ?? 0;
  const checkCancelled = () => {
    if (options.isCancelled()) throw new ImportCancelled();
  };
  const progress: ImportProgress = {
    phase: 'reading',
    filesTotal: files.length,
    bytesTotal: files.reduce((sum, f) => sum + f.size, 0),
    bytesDone: 0,
    filesDone: 0,
    runs: 0,
    points: 0,
    pointsTotal: 0,
    file: null
  };
  let lastSent = -Infinity;
  const send = (force = false) => {
    const t = now();
    if (!force && t - lastSent < interval) return;
    lastSent = t;
    options.onProgress({ ...progress });
  };
  let skipped = 0;
  const outcome = (state: ImportOutcome['state'], errors: FileError[]) =>
    nothingImported(state, files.length, errors, skipped);

  send(true);
  let result: ParsedFiles;
  try {
    result = await parseFiles(files, options.importers ?? IMPORTERS, checkCancelled, (read) => {
      Object.assign(progress, read);
      send(read.file === null);
    });
  } catch (error) {
    if (error instanceof ImportCancelled) return outcome('cancelled', []);
    throw error;
  }
  const { parsed, errors } = result;
  skipped = result.skipped.length;
  if (parsed.length === 0) return outcome(errors.length > 0 ? 'error' : 'done', errors);

  const importId = options.newId?.() ?? crypto.randomUUID();
  const prepared = prepareImport(importId, parsed, now());
  Object.assign(progress, {
    phase: 'writing',
    points: 0,
    pointsTotal: prepared.importRow.pointCount,
    file: null
  });
  send(true);
  try {
    await commitImport(db, prepared, {
      checkCancelled,
      onRowsWritten: (points) => {
        progress.points = points;
        send();
      }
    });
  } catch (error) {
    if (error instanceof ImportCancelled || options.isCancelled()) return outcome('cancelled', []);
    const message = error instanceof Error ? error.message : String(error);
    const files = parsed.map((p) => p.file).join(', ');
    return outcome('error', [
      ...errors,
      { file: files, message: `could not be stored (${message}); nothing was saved` }
    ]);
  }
  Object.assign(progress, { phase: 'done', points: prepared.importRow.pointCount });
  send(true);
  return {
    state: errors.length > 0 ? 'error' : 'done',
    importId,
    files: files.length,
    skipped,
    experiments: prepared.importRow.experimentCount,
    runs: prepared.importRow.runCount,
    points: prepared.importRow.pointCount,
    errors
  };
}
