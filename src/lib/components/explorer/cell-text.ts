/** What a cell of the runs table says: its value formatted for its column. */
import type { ColumnSetting } from '../../explorer/column-settings';
import type { RowView } from '../../explorer/explorer-types';
import { formatCell, formatDurationMs, formatMegabytes, formatTime } from '../format';

export function cellText(row: RowView, column: ColumnSetting, index: number): string {
  const value = row.cells[index] ?? null;
  if (column.ref.kind === 'attribute') {
    if (column.ref.key === 'start_time')
      return formatTime(typeof value === 'number' ? value : null);
    if (column.ref.key === 'duration')
      return formatDurationMs(typeof value === 'number' ? value : null);
    if (column.ref.key === 'gpu_memory')
      return formatMegabytes(typeof value === 'number' ? value : null);
    if (column.ref.key === 'gpu_utilization' && typeof value === 'number')
      return `${value.toFixed(0)} %`;
  }
  return formatCell(value);
}

/** The tooltip of a value from MLflow's sampled overview: said, not passed off as exact. */
export function sampledTitle(row: RowView, column: ColumnSetting, index: number): string {
  return (
    `${cellText(row, column, index)}: of MLflow's sampled overview (or the latest value), ` +
    "not of every point; the run's page loads every point"
  );
}

/** Timestamps are text in the table (left-aligned), not numbers. */
export function isTime(column: ColumnSetting): boolean {
  return (
    column.ref.kind === 'attribute' &&
    (column.ref.key === 'start_time' || column.ref.key === 'end_time')
  );
}
