/**
 * One metric's whole history as CSV, laid out as a W&B line-chart export (`Step`, then one column
 * headed `<run> - <metric>`; docs/wandb.md), so the file opens in a spreadsheet and imports back
 * into Runlens (importers/wandb-csv/chart.ts reads it) with every step and value bit for bit:
 * NaN, ±Infinity, -0 and subnormals included (csv-writer.ts writes them as `Number()` reads them).
 *
 * What the layout cannot hold is not written: timestamps (a chart export has none), and a metric
 * key holding ` - ` comes back split at its last ` - ` (the run name takes the rest).
 */
import type { MetricSeries } from '../model';
import { toCsv, type CsvCell } from './csv-writer';

/** The x column's name, as W&B writes it. */
export const HISTORY_X = 'Step';

/** `Step,<run> - <metric>` and one row per recorded point, in stored order. */
export function historyCsv(runLabel: string, series: MetricSeries): string {
  const rows: CsvCell[][] = [];
  for (let i = 0; i < series.values.length; i++) rows.push([series.steps[i]!, series.values[i]!]);
  // W&B needs a run before the ` - `: an unnamed run is "run".
  return toCsv([HISTORY_X, `${runLabel || 'run'} - ${series.key}`], rows);
}
