import type { FileError, ImportWarning, SkippedFile } from '../importers/errors';
import type { ImportOutcome } from './api';
import { groupSkipped } from './import-report';

/** Warnings sent with an outcome; the count is always whole. */
export const WARNINGS_KEPT = 100;

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
    runKeys: []
  };
}

/** The errors, skipped groups and first warnings of an outcome. */
export function reportOf(
  notes: ImportNotes
): Pick<ImportOutcome, 'errors' | 'skipped' | 'warnings' | 'warningCount'> {
  const warnings = notes.warnings ?? [];
  return {
    errors: notes.errors,
    skipped: groupSkipped(notes.skipped ?? []),
    warnings: warnings.slice(0, WARNINGS_KEPT),
    warningCount: warnings.length
  };
}
