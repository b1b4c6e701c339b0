import type { ImportContext } from '../../../src/lib/importers/importer';
import type { ImportWarning, SkippedFile } from '../../../src/lib/importers/errors';
import type { ReadingChoices } from '../../../src/lib/importers/column-roles';

/**
 * An ImportContext for calling one importer directly; it keeps what the importer reported.
 * `choices` are column roles a person chose, per file path (tolerant readings).
 */
export function testContext(choices?: ReadonlyMap<string, ReadingChoices>): ImportContext & {
  warnings: ImportWarning[];
  skipped: SkippedFile[];
} {
  const warnings: ImportWarning[] = [];
  const skipped: SkippedFile[] = [];
  return {
    warnings,
    skipped,
    choices,
    checkCancelled: () => {},
    reportPoints: () => {},
    warn: (w) => warnings.push(w),
    skip: (file, reason) => skipped.push({ file, reason })
  };
}
