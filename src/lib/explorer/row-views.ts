/**
 * The rows the runs table shows, built from the library's columns: only the positions asked
 * for, with the cells of the requested columns. Pure, in the worker (explorer-service.ts).
 */
import { RUN_STATUSES } from '../model';
import type { DisplayOrder } from './display-order';
import type { ColumnRef, RowView } from './explorer-types';
import { cellValue, finite } from './library-facts';
import type { Loaded } from './library-loading';
import type { RunColumns } from './run-columns';
import { sourceTool } from './source-tools';

/** The rows at display positions [start, end) of a display order. */
export function rowViewsAt(
  loaded: Loaded,
  order: DisplayOrder,
  start: number,
  end: number,
  columns: readonly ColumnRef[],
  isCollapsed: (row: number) => boolean
): RowView[] {
  const { cols, experimentNames } = loaded;
  const out: RowView[] = [];
  for (let p = Math.max(0, start); p < Math.min(end, order.rows.length); p++) {
    const i = order.rows[p]!;
    out.push({
      position: p,
      key: cols.keys[i]!,
      id: cols.ids[i]!,
      name: cols.names[i]!,
      experimentKey: cols.experimentKeys[i]!,
      status: RUN_STATUSES[cols.statuses[i]!] ?? 'RUNNING',
      startTime: finite(cols.startTimes[i]!),
      endTime: finite(cols.endTimes[i]!),
      deleted: cols.deleted[i] === 1,
      sourceFormat: cols.sourceFormats[i]!,
      tool: sourceTool(cols.sourceFormats[i]!),
      importId: cols.importIds[i]!,
      depth: order.depths[p]!,
      context: order.context[p] === 1,
      childCount: order.childCounts[p]!,
      collapsed: order.childCounts[p]! > 0 && isCollapsed(i),
      cells: columns.map((c) => cellValue(cols, loaded.stepValues, experimentNames, i, c)),
      ...partialCellsOf(cols, columns, i)
    });
  }
  return out;
}

/**
 * Which of run `i`'s cells summarise more than the last value (min, max, mean, count) of a
 * metric the run holds sampled or as its latest value only: the table marks them.
 */
function partialCellsOf(
  cols: RunColumns,
  columns: readonly ColumnRef[],
  i: number
): { partialCells?: boolean[] } {
  const partial = columns.map(
    (c) =>
      c.kind === 'metric' &&
      c.summary !== 'last' &&
      c.summary !== 'lastStep' &&
      cols.metrics.get(c.key)?.partial[i] === 1
  );
  return partial.some(Boolean) ? { partialCells: partial } : {};
}
