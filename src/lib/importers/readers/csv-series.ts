/**
 * Metric series from the columns of a training-log CSV (Lightning's and Keras's CSVLogger): one
 * column is the x (a step or epoch) or the row order is, every other chosen column is a metric, and
 * a cell that is empty (or spelled as "no value", Keras's `NA`) is no point at all, so rows that fill
 * only some columns give each metric only its own points. Files from these loggers have no times.
 */
import { parseNumberToken, type MetricSeries } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import type { CsvTable } from './csv';

export interface SeriesColumns {
  /** Column of the x values, or null when the row order (0, 1, 2, …) is the x. */
  x: number | null;
  /** Columns read as metrics, in the order the series are returned. */
  metrics: readonly number[];
  /** Cell spellings besides '' that mean "no value here". */
  missing?: ReadonlySet<string>;
}

const NO_MISSING: ReadonlySet<string> = new Set();

/** `line 12, column "val_loss"`, for messages. */
export function placeOf(table: CsvTable, row: number, column?: number): string {
  const line = row < 0 ? table.headerLine : table.lines[row]!;
  const name = column === undefined ? '' : `, column ${JSON.stringify(table.header[column])}`;
  return `line ${line}${name}`;
}

/**
 * The header's names (NFC, as keys are stored), rejecting an unnamed or repeated column among
 * `used`: two series under one key could not be told apart.
 */
export function columnKeys(path: string, table: CsvTable, used: readonly number[]): string[] {
  const keys = table.header.map((name) => name.normalize('NFC'));
  const seen = new Set<string>();
  for (const c of used) {
    const key = keys[c]!;
    if (key === '')
      throw new ImportError(path, `${placeOf(table, -1)}: column ${c + 1} has no name`);
    if (seen.has(key)) {
      throw new ImportError(
        path,
        `${placeOf(table, -1)}: two columns are called ${JSON.stringify(key)}`
      );
    }
    seen.add(key);
  }
  return keys;
}

/**
 * The rows to read: all of them, less a last row cut short (a run killed while the logger wrote
 * it), which is left out with a warning. A shorter or longer row elsewhere breaks the file.
 */
function checkedRowCount(path: string, table: CsvTable, ctx: ImportContext): number {
  const width = table.header.length;
  const last = table.rows.length - 1;
  for (const [i, row] of table.rows.entries()) {
    if (row.length === width) continue;
    const detail = `${row.length} fields, but the header has ${width}`;
    if (i === last && row.length < width) {
      ctx.warn({
        file: path,
        message: `${placeOf(table, i)}: the last row is cut short (${detail}); left out`
      });
      return last;
    }
    throw new ImportError(path, `${placeOf(table, i)}: ${detail}`);
  }
  return table.rows.length;
}

/** Is this cell a list (`[0.5, 0.7]`, Keras's form of a per-class metric)? */
const isList = (cell: string) => cell.startsWith('[') && cell.endsWith(']');

/**
 * Reads the chosen columns as series. A cell that is not a number throws ImportError naming its
 * line and column; a column of lists (per-class metrics) is left out with a warning.
 */
export function readSeriesColumns(
  path: string,
  table: CsvTable,
  columns: SeriesColumns,
  ctx: ImportContext
): MetricSeries[] {
  const keys = columnKeys(path, table, columns.metrics);
  const missing = columns.missing ?? NO_MISSING;
  const rows = checkedRowCount(path, table, ctx);
  const steps = columns.metrics.map(() => [] as number[]);
  const values = columns.metrics.map(() => [] as number[]);
  const lists = new Set<number>();
  let points = 0;
  for (let r = 0; r < rows; r++) {
    if (r % 1000 === 0) {
      ctx.checkCancelled();
      ctx.reportPoints(points);
    }
    const row = table.rows[r]!;
    let x = r;
    if (columns.x !== null) {
      const cell = row[columns.x]!;
      const n = cell === '' || missing.has(cell) ? undefined : parseNumberToken(cell);
      if (n === undefined) {
        const found = cell === '' ? 'it is empty' : `found ${JSON.stringify(cell)}`;
        throw new ImportError(path, `${placeOf(table, r, columns.x)}: expected a number, ${found}`);
      }
      x = n;
    }
    for (const [m, c] of columns.metrics.entries()) {
      const cell = row[c]!;
      if (cell === '' || missing.has(cell) || lists.has(m)) continue;
      const v = parseNumberToken(cell);
      if (v === undefined) {
        if (isList(cell)) {
          lists.add(m);
          continue;
        }
        const found = JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
        throw new ImportError(path, `${placeOf(table, r, c)}: expected a number, found ${found}`);
      }
      steps[m]!.push(x);
      values[m]!.push(v);
      points++;
    }
  }
  ctx.reportPoints(points);
  const series: MetricSeries[] = [];
  for (const [m, c] of columns.metrics.entries()) {
    if (lists.has(m)) {
      const message = `column ${JSON.stringify(keys[c])} holds lists of numbers (one per class), which are not charted; left out`;
      ctx.warn({ file: path, message });
      continue;
    }
    if (values[m]!.length === 0) continue;
    series.push({
      key: keys[c]!,
      steps: Float64Array.from(steps[m]!),
      values: Float64Array.from(values[m]!),
      timestamps: new Float64Array(values[m]!.length).fill(NaN)
    });
  }
  return series;
}
