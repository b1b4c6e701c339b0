import type { ImportContext } from '../../../src/lib/importers/importer';
import type { ImportWarning, SkippedFile } from '../../../src/lib/importers/errors';

/** An ImportContext for calling one importer directly; it keeps what the importer reported. */
export function testContext(): ImportContext & {
  warnings: ImportWarning[];
  skipped: SkippedFile[];
} {
  const warnings: ImportWarning[] = [];
  const skipped: SkippedFile[] = [];
  return {
    warnings,
    skipped,
    checkCancelled: () => {},
    reportPoints: () => {},
    warn: (w) => warnings.push(w),
    skip: (file, reason) => skipped.push({ file, reason })
  };
}
