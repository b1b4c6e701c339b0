/**
 * What the import bar shows for a progress report: how full it is and one line saying what is
 * happening ("Examining 1,200 of 4,068 files…"). Plain text, pure, so it is unit-tested.
 */
import type { ImportProgress } from '../worker/api';
import { countOf, formatBytes, formatCount } from './format';

/**
 * 0..1 overall: examining the first tenth, reading up to half, writing the rest. A download has
 * its own bar, undefined (indeterminate) while the server has not said how big the file is; so is
 * listing while the total is not known.
 */
export function progressFraction(p: ImportProgress): number | undefined {
  const share = (done: number, total: number) => (total > 0 ? Math.min(1, done / total) : 0);
  switch (p.phase) {
    case 'listing':
      return p.filesTotal > 0 ? share(p.filesDone, p.filesTotal) * 0.05 : undefined;
    case 'downloading':
      return p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : undefined;
    case 'fetching':
      return p.filesTotal > 0 ? share(p.filesDone, p.filesTotal) * 0.9 : undefined;
    case 'examining':
      return 0.05 + share(p.filesDone, p.filesTotal) * 0.05;
    case 'reading': {
      // Bytes say more than files when sizes differ; a folder of empty files has only files.
      const read =
        p.bytesTotal > 0 ? share(p.bytesDone, p.bytesTotal) : share(p.filesDone, p.filesTotal);
      return 0.1 + read * 0.4;
    }
    case 'writing':
      return 0.5 + (p.pointsTotal > 0 ? share(p.points, p.pointsTotal) * 0.5 : 0.5);
    case 'done':
      return 1;
  }
}

/** "1,200 of 4,068 files" (or "1,200 files" while the total is unknown). */
function filesOf(done: number, total: number): string {
  return total > 0
    ? `${formatCount(Math.min(done, total))} of ${countOf(total, 'file')}`
    : countOf(done, 'file');
}

/** One line saying what the import is doing now. */
export function progressLine(p: ImportProgress): string {
  switch (p.phase) {
    case 'listing':
      return p.filesTotal > 0
        ? `Listing ${filesOf(p.filesDone, p.filesTotal)}…`
        : `Listing files… ${formatCount(p.filesDone)} found`;
    case 'downloading':
      return `Downloaded ${formatBytes(p.bytesDone)}${p.bytesTotal > 0 ? ` of ${formatBytes(p.bytesTotal)}` : ''}`;
    case 'fetching':
      return p.filesTotal > 0
        ? `Fetched ${formatCount(Math.min(p.filesDone, p.filesTotal))} of ${countOf(p.filesTotal, 'run')}` +
            (p.points > 0 ? ` · ${countOf(p.points, 'point')}` : '')
        : `Listing runs… ${formatCount(p.filesDone)} found`;
    case 'examining':
      return `Examining ${filesOf(p.filesDone, p.filesTotal)}…`;
    case 'reading':
      return (
        `Reading ${filesOf(p.filesDone, p.filesTotal)} · ${countOf(p.runs, 'run')} · ` +
        `${countOf(p.points, 'point')} · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`
      );
    case 'writing':
      return `Saving ${formatCount(p.points)} of ${countOf(p.pointsTotal, 'point')}…`;
    case 'done':
      return 'Done';
  }
}
