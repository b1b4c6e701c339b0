import type { FileError, ImportWarning, SkippedFile } from '../importers/errors';
import type { ImportOutcome } from './api';
import { groupSkipped } from './import-report';

/** Warnings sent with an outcome; the count is always whole. */
export const WARNINGS_KEPT = 100;
/** Tolerant readings sent with an outcome (each lists its columns); the count is always whole. */
export const READINGS_KEPT = 100;

/** What an import said about the files it could not fully use, sized for the page. */
export interface ImportNotes {
  errors: FileError[];
  skipped?: readonly SkippedFile[];
  warnings?: readonly ImportWarning[];
}

/** An import that stored nothing: every count zero, the reasons listed. */
export function nothingImported(
  state: ImportOutcome['state'],
  files: number,
  notes: ImportNotes
): ImportOutcome {
  return {
    state,
    importId: null,
    files,
    ...reportOf(notes),
    experiments: 0,
    runs: 0,
    points: 0,
    models: 0,
    runKeys: []
  };
}

type Reported = 'errors' | 'skipped' | 'warnings' | 'warningCount' | 'readings' | 'readingCount';

/**
 * The errors, skipped groups, first warnings and first tolerant readings of an outcome. A warning
 * that carries a reading is sent as the reading (the page shows its columns instead).
 */
export function reportOf(notes: ImportNotes): Pick<ImportOutcome, Reported> {
  const warnings = (notes.warnings ?? []).filter((w) => !w.reading);
  const readings = (notes.warnings ?? []).flatMap((w) => (w.reading ? [w.reading] : []));
  return {
    errors: notes.errors,
    skipped: groupSkipped(notes.skipped ?? []),
    warnings: warnings.slice(0, WARNINGS_KEPT),
    warningCount: warnings.length,
    readings: readings.slice(0, READINGS_KEPT),
    readingCount: readings.length
  };
}
