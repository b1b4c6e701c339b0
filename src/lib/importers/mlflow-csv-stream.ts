/**
 * A `search_runs` CSV read in two passes over slices of the file (importer.ts ScannedFile), so a
 * million runs never sit in memory at once and the file is never one string (issue 19, item 5).
 * The first pass reads every row as the whole-file reading would (same RunRows, same errors with
 * file, line and column) and keeps only the experiments, counts and the content hash; the second
 * reads the rows again, a batch at a time, while the pipeline writes them.
 *
 * Only files whose columns all say what they are stream: a header with unprefixed columns is read
 * by content over all rows (mlflow-csv-unprefixed.ts), and a file with chosen column roles or the
 * UI's download is read whole by `parse`.
 *
 * One difference, for a file no one writes: an id-less row's id (content hash and line) is only
 * known after the first pass, so a real run id equal to such an id is not reported as a
 * duplicate; the later row replaces the earlier one.
 */
import type { Experiment } from '../model';
import { ImportError } from './errors';
import type { ImportContext, RunBatches, ScannedFile } from './importer';
import { CsvError, csvHeader, type CsvRecord } from './readers/csv';
import { CSV_SLICE_BYTES, CsvSliceReader } from './readers/csv-stream';
import {
  ContentHash,
  Reader,
  RunRows,
  searchRunsInfo,
  searchRunsLayout,
  type Column
} from './mlflow-csv-rows';
import type { ImportSource } from './source';

/** The next record, with a broken CSV reported against the file. */
function nextRecord(csv: CsvSliceReader, path: string): CsvRecord | null {
  try {
    return csv.next();
  } catch (e) {
    throw e instanceof CsvError ? new ImportError(path, e.message) : e;
  }
}

/**
 * Scans a search_runs CSV, or answers null when it must be read whole. `firstColumn` says where
 * the run columns of a search_runs header start (after pandas' index), or null for another header.
 */
export async function scanSearchRuns(
  source: ImportSource,
  ctx: ImportContext,
  firstColumn: (header: readonly string[]) => number | null,
  sliceBytes = CSV_SLICE_BYTES
): Promise<ScannedFile | null> {
  const path = source.path;
  if (ctx.choices?.get(path)) return null;
  const streams = (header: readonly string[]) => {
    const first = firstColumn(header);
    return first !== null && searchRunsLayout(header, first).loose.length === 0 ? first : null;
  };
  // The head decides first, so a file read whole is not opened twice.
  if (streams(csvHeader(await source.headText())) === null) return null;
  const size = source.file.size;
  const access = await source.openRandomAccess();
  const hash = new ContentHash();
  let plan: { header: string[]; columns: Column[]; at: Map<string, number> };
  const experiments = new Map<string, Experiment>();
  let runs = 0;
  let points = 0;
  try {
    const csv = new CsvSliceReader(access.read, size, sliceBytes, (t) => hash.add(t));
    const head = nextRecord(csv, path);
    const first = head ? streams(head.fields) : null;
    if (!head || first === null) return null; // a header longer than the head: read whole
    const { at, entries } = searchRunsLayout(head.fields, first);
    // The content hash names id-less runs; it is known after this pass (see the top).
    const r = new Reader(path, head.fields, () => '\u0000');
    plan = { header: head.fields, columns: r.columns(entries, head.line), at };
    const rows = new RunRows(r, plan.columns, searchRunsInfo(r, at, experiments));
    for (let record = nextRecord(csv, path); record; record = nextRecord(csv, path)) {
      if (runs % 500 === 0) {
        ctx.checkCancelled();
        ctx.reportPoints(rows.points);
      }
      rows.read(record.fields, record.line);
      runs++;
    }
    points = rows.points;
    ctx.reportPoints(points);
  } finally {
    access.close();
  }
  const contentHash = hash.hex;
  const { header, columns, at } = plan;
  return {
    experiments: [...experiments.values()],
    runs,
    points,
    async open(): Promise<RunBatches> {
      const again = await source.openRandomAccess();
      const csv = new CsvSliceReader(again.read, size, sliceBytes);
      nextRecord(csv, path); // the header, read above
      const r = new Reader(path, header, () => contentHash);
      const rows = new RunRows(r, columns, searchRunsInfo(r, at, new Map()), false);
      return {
        next(max) {
          const out = [];
          while (out.length < max) {
            const record = nextRecord(csv, path);
            if (!record) break;
            out.push(rows.read(record.fields, record.line));
          }
          return out;
        },
        close: () => again.close()
      };
    }
  };
}
