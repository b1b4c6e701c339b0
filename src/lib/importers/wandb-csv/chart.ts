/**
 * A W&B line-chart export (a panel's "Export as CSV"): the x column first (`Step`, or a custom x
 * such as `evaluations`), then one column per line, headed `<run or group> - <metric>`. A grouped
 * line also has `__MIN` and `__MAX` columns, the band around it. Lines are sampled at their own
 * x values, so a row fills only the columns of the lines that have a point there; an empty cell is
 * no point. One run per line prefix, each metric a history over the x column; the band columns
 * become metrics `<metric>__min` and `<metric>__max` of the same run, which the comparison draws
 * as a shaded band around `<metric>` (compare/metric-bands.ts).
 */
import type { ImportedBatch, MetricSeries, Run } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import type { CsvTable } from '../readers/csv';
import { placeOf, readSeriesColumns } from '../readers/csv-series';
import { WANDB_CSV_ID } from './runs-table';

const SEPARATOR = ' - ';
const BANDS: readonly [string, string][] = [
  ['__MIN', '__min'],
  ['__MAX', '__max']
];

/**
 * A line column's run and metric. The run is before the last ` - `: W&B metric keys are names
 * such as `train/loss`, while run and group names are free text (`algo: UCEA`).
 */
function splitColumn(name: string): { run: string; metric: string } | null {
  const at = name.lastIndexOf(SEPARATOR);
  if (at <= 0 || at + SEPARATOR.length >= name.length) return null;
  let metric = name.slice(at + SEPARATOR.length);
  for (const [suffix, as] of BANDS) {
    if (metric.endsWith(suffix) && metric.length > suffix.length) {
      metric = metric.slice(0, -suffix.length) + as;
    }
  }
  return { run: name.slice(0, at), metric };
}

/** Is this header a chart export? An x column, then only `<run> - <metric>` columns. */
export function isChartExport(header: readonly string[]): boolean {
  return (
    header.length >= 2 &&
    header[0] !== '' &&
    !header[0]!.includes(SEPARATOR) &&
    header.slice(1).every((name) => splitColumn(name) !== null)
  );
}

export function readChart(
  path: string,
  table: CsvTable,
  hash: string,
  ctx: ImportContext
): ImportedBatch {
  const lines = table.header.slice(1).map((name, i) => {
    const line = splitColumn(name.normalize('NFC'));
    if (!line) {
      throw new ImportError(
        path,
        `${placeOf(table, -1, i + 1)}: expected "<run> - <metric>" after the x column`
      );
    }
    return line;
  });
  const metrics = lines.map((_, i) => i + 1);
  const series = readSeriesColumns(path, table, { x: 0, metrics }, ctx);
  const byColumn = new Map(series.map((s) => [s.key, s]));
  const experimentId = `wandb-chart:${hash}`;
  const runs = new Map<string, Run>();
  for (const [i, line] of lines.entries()) {
    let run = runs.get(line.run);
    if (!run) {
      const x = table.header[0]!.normalize('NFC');
      run = {
        id: line.run,
        experimentId,
        name: line.run,
        // A chart holds no run state or times.
        status: 'FINISHED',
        startTime: null,
        endTime: null,
        deleted: false,
        parentId: null,
        params: new Map(),
        tags: new Map([['wandb.chart_x', x]]),
        metrics: [],
        artifacts: [],
        source: { format: WANDB_CSV_ID, file: path }
      };
      runs.set(line.run, run);
    }
    const s: MetricSeries | undefined = byColumn.get(table.header[i + 1]!.normalize('NFC'));
    if (!s) continue;
    if (run.metrics.some((m) => m.key === line.metric)) {
      throw new ImportError(
        path,
        `${placeOf(table, -1, i + 1)}: the line ${JSON.stringify(line.run)} has two ${JSON.stringify(line.metric)} columns`
      );
    }
    run.metrics.push({ ...s, key: line.metric });
  }
  const name = `W&B chart over ${table.header[0]} ${hash}`;
  return {
    experiments: [{ id: experimentId, name, deleted: false, tags: new Map() }],
    runs: [...runs.values()]
  };
}
