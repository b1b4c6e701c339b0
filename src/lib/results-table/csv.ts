/**
 * A results table as CSV, one record per cell (long form, for a spreadsheet or a plotting
 * script): full-precision numbers, the 95 % interval's bounds whatever the screen shows, the
 * best mark and the baseline test. Text is neutralised against formulas by the shared writer.
 */
import { toCsv, type CsvCell } from '../export/csv-writer';
import type { ResultsTable } from './types';

export function resultsTableCsv(table: ResultsTable): string {
  const header = [
    table.rowHeader,
    table.columnHeader ?? 'column',
    'metric',
    'value',
    'n',
    'mean',
    'std',
    'ci95_low',
    'ci95_high',
    'best',
    'p_vs_baseline',
    'significant'
  ];
  const records: CsvCell[][] = [];
  table.rows.forEach((row, r) => {
    table.columns.forEach((column, c) => {
      const cell = table.cells[r]![c]!;
      const finite = (v: number) => (Number.isFinite(v) ? v : null);
      records.push([
        row,
        column.label,
        column.metric,
        table.value,
        cell.n,
        finite(cell.mean),
        finite(cell.std),
        finite(cell.mean - cell.ci95),
        finite(cell.mean + cell.ci95),
        cell.best ? 'yes' : 'no',
        cell.test ? cell.test.p : null,
        cell.test ? (cell.test.significant ? 'yes' : 'no') : null
      ]);
    });
  });
  return toCsv(header, records);
}
