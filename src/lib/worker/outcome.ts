import type { FileError } from '../importers/errors';
import type { ImportOutcome } from './api';

/** An import that stored nothing: every count zero, the reasons listed. */
export function nothingImported(
  state: ImportOutcome['state'],
  files: number,
  errors: FileError[],
  skipped = 0
): ImportOutcome {
  return { state, importId: null, files, skipped, experiments: 0, runs: 0, points: 0, errors };
}
