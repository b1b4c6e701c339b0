/**
 * Lightning's CSVLogger `metrics.csv` (lightning/fabric/loggers/csv_logs.py `_ExperimentWriter`,
 * read in the 1.x and 2.x sources, 2026): one row per `log_metrics` call, the keys of every call
 * so far as the header (rewritten when a new key appears), `step` added to each row. Headers come
 * in any order (`epoch,step,…` sorted; `step,epoch,…`; `epoch,learning_rate,step,…`). A row fills
 * only the cells logged by that call (train, validation and LR-monitor rows), so each metric gets
 * only its filled cells. `step` is the x of every metric; `epoch` is a metric like the others, as
 * Lightning logs it.
 */
import type { MetricSeries } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import { CsvError, csvHeader, parseCsv, type CsvTable } from '../readers/csv';
import { placeOf, readSeriesColumns } from '../readers/csv-series';

/** Lightning adds this column to every row; a header without it is not Lightning's. */
export const STEP_COLUMN = 'step';

/** Does this head of a CSV file have Lightning's `step` column? (Never throws.) */
export function hasStepColumn(headText: string): boolean {
  return csvHeader(headText).includes(STEP_COLUMN);
}

/** Every metric of a metrics.csv; throws ImportError naming the line and column of a problem. */
export function readLightningMetrics(
  path: string,
  text: string,
  ctx: ImportContext
): MetricSeries[] {
  let table: CsvTable;
  try {
    table = parseCsv(text);
  } catch (e) {
    throw e instanceof CsvError ? new ImportError(path, e.message) : e;
  }
  if (table.header.length === 0) return [];
  const x = table.header.indexOf(STEP_COLUMN);
  if (x < 0) {
    throw new ImportError(path, `${placeOf(table, -1)}: no "step" column (Lightning writes one)`);
  }
  const metrics = table.header.map((_, c) => c).filter((c) => c !== x);
  return readSeriesColumns(path, table, { x, metrics }, ctx);
}
