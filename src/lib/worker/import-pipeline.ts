/**
 * The import pipeline, free of workers and DOM so Node tests and the CLI run it as is:
 * detect → parse every file → prepare rows → one write transaction. A file that fails is
 * reported by name and left out; a cancel at any point leaves the store untouched.
 */
import type { RunlensDb } from '../db/db';
import { prepareImport, type PreparedImport } from '../db/prepare';
import type { RunRow } from '../db/rows';
import { estimateStorage, isQuotaError, storageFullMessage } from '../db/quota';
import { commitImport } from '../db/commit-import';
import { readReadingChoices } from '../db/repo';
import { ImportCancelled } from '../importers/errors';
import type { Importer } from '../importers/importer';
import { IMPORTERS } from '../importers/registry';
import type { SourceFile } from '../importers/source';
import { nothingImported, reportOf } from './outcome';
import { parseFiles, type ParsedFiles } from './parse-files';
import { ImportChoices, type Reread } from './reading-choices';
import type { ImportOutcome, ImportProgress } from './api';

export interface ImportOptions {
  isCancelled(): boolean;
  onProgress(progress: ImportProgress): void;
  importers?: readonly Importer[];
  /** Minimum milliseconds between progress reports (the last one is always sent). */
  progressIntervalMs?: number;
  now?: () => number;
  newId?: () => string;
  /** A re-read of one file with chosen column roles (the import holds just that file). */
  reread?: Reread;
  /** Receives the files read by a tolerant reading, so the page can have one read again. */
  onRereadable?: (files: ReadonlyMap<string, SourceFile>) => void;
  /** Sees the rows before they are written (a followed folder keeps growing runs RUNNING). */
  adjustPrepared?: (prepared: PreparedImport) => void;
  /**
   * Receives the run rows once committed, as stored (a scanned file's, read in batches, are not
   * kept): the explorer builds its columns from them instead of reading them back.
   */
  onStored?: (runs: readonly RunRow[]) => void;
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
    phase: 'examining',
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

  send(true);
  let result: ParsedFiles;
  const choices = new ImportChoices(await readReadingChoices(db), options.reread, now);
  try {
    result = await parseFiles(
      files,
      options.importers ?? IMPORTERS,
      checkCancelled,
      (read) => {
        // A new phase is always shown; counts within a phase at most once per interval.
        const newPhase = read.phase !== progress.phase;
        Object.assign(progress, read);
        send(newPhase);
      },
      undefined,
      choices,
      true
    );
  } catch (error) {
    if (error instanceof ImportCancelled)
      return nothingImported('cancelled', files.length, { errors: [] });
    throw error;
  }
  options.onRereadable?.(result.rereadable);
  const { parsed, errors } = result;
  const notes = { errors, skipped: result.skipped, warnings: result.warnings };
  const nothing = () => nothingImported(errors.length > 0 ? 'error' : 'empty', files.length, notes);
  if (parsed.length === 0) return nothing();

  const importId = options.newId?.() ?? crypto.randomUUID();
  const prepared = prepareImport(importId, parsed, now());
  // A failed file whose folder still named an experiment (an mlruns run rejected for a bad metric
  // line) must not leave that experiment and an import of no runs behind: a rejected import
  // leaves the store as it was. Experiment records or views alone, without errors, are kept.
  const keepsSomething = prepared.importRow.runCount > 0 || (prepared.views?.length ?? 0) > 0;
  if (errors.length > 0 && !keepsSomething) return nothing();
  prepared.readingChoice = choices.change;
  options.adjustPrepared?.(prepared);
  Object.assign(progress, {
    phase: 'writing',
    points: 0,
    pointsTotal: prepared.importRow.pointCount,
    file: null
  });
  send(true);
  const runKeys = prepared.runs.map((r) => r.key);
  try {
    await commitImport(db, prepared, {
      checkCancelled,
      onRowsWritten: (points) => {
        progress.points = points;
        send();
      },
      onRunsWritten: (keys) => {
        for (const k of keys) runKeys.push(k);
      }
    });
  } catch (error) {
    if (error instanceof ImportCancelled || options.isCancelled())
      return nothingImported('cancelled', files.length, { errors: [] });
    const names = parsed.map((p) => p.file).join(', ');
    const full = isQuotaError(error);
    const message = full
      ? storageFullMessage(await estimateStorage())
      : `could not be stored (${error instanceof Error ? error.message : String(error)}); nothing was saved`;
    const outcome = nothingImported('error', files.length, {
      ...notes,
      errors: [...errors, { file: names, message }]
    });
    return full ? { ...outcome, storageFull: true } : outcome;
  }
  options.onStored?.(prepared.runs);
  Object.assign(progress, { phase: 'done', points: prepared.importRow.pointCount });
  send(true);
  return {
    // Experiment records or saved views alone are stored, but an import without a run is no
    // success; a model registry is (the Models view shows it).
    state:
      errors.length > 0
        ? 'error'
        : prepared.importRow.runCount > 0 || prepared.registry.length > 0
          ? 'done'
          : 'empty',
    importId,
    files: files.length,
    ...reportOf(notes),
    experiments: prepared.importRow.experimentCount,
    runs: prepared.importRow.runCount,
    points: prepared.importRow.pointCount,
    models: prepared.registry.length,
    runKeys
  };
}
