/**
 * A W&B runs-table export (the web UI's "Export as CSV" of a project's runs table): one run per
 * row, W&B's own run columns read as run fields and tags, the free columns as params and one-point
 * metrics by the tolerant reading of table-columns.ts.
 */
import {
  parseIsoTime,
  parseNumberToken,
  type ImportedBatch,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../../model';
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import type { CsvTable } from '../readers/csv';
import { placeOf } from '../readers/csv-series';
import { RUN_COLUMNS, RUN_COLUMN_TAGS, readTableColumns } from './table-columns';

export const WANDB_CSV_ID = 'wandb-csv';

/** W&B's run states (lower-cased; the table shows them capitalised) as Runlens statuses. */
const STATES: ReadonlyMap<string, RunStatus> = new Map([
  ['finished', 'FINISHED'],
  ['running', 'RUNNING'],
  ['pending', 'SCHEDULED'],
  ['failed', 'FAILED'],
  // As the run-folder importer shows them: the run stopped without finishing.
  ['crashed', 'KILLED'],
  ['killed', 'KILLED'],
  ['preempted', 'KILLED'],
  ['preempting', 'KILLED']
]);

/** Is this header a runs table? Its first column is Name, with W&B's Created and a time column. */
export function isRunsTable(header: readonly string[]): boolean {
  return (
    header[0] === 'Name' &&
    header.includes('Created') &&
    (header.includes('Runtime') || header.includes('State'))
  );
}

const one = (x: number) => Float64Array.of(x);

export function readRunsTable(
  path: string,
  table: CsvTable,
  hash: string,
  ctx: ImportContext
): ImportedBatch {
  const { header } = table;
  const at = new Map<string, number>();
  const free: [number, string][] = [];
  for (const [index, name] of header.entries()) {
    if (RUN_COLUMNS.has(name) && !at.has(name)) at.set(name, index);
    else free.push([index, name]);
  }
  const roles = readTableColumns(
    free,
    table.rows,
    table.lines,
    header,
    path,
    ctx.choices?.get(path)
  );
  const seenKeys = new Set<string>();
  const columns = roles.entries.map(([index, kind, raw]) => {
    const key = raw.normalize('NFC');
    if (seenKeys.has(`${kind}:${key}`)) {
      throw new ImportError(
        path,
        `${placeOf(table, -1, index)}: the ${kind} ${JSON.stringify(key)} has two columns`
      );
    }
    seenKeys.add(`${kind}:${key}`);
    return { index, kind, key };
  });
  const fail = (row: number, column: number | undefined, detail: string): never => {
    throw new ImportError(path, `${placeOf(table, row, column)}: ${detail}`);
  };
  const experimentId = `wandb-csv:${hash}`;
  const runs: Run[] = [];
  const seen = new Map<string, number>();
  let points = 0;
  for (const [r, row] of table.rows.entries()) {
    if (r % 500 === 0) {
      ctx.checkCancelled();
      ctx.reportPoints(points);
    }
    if (row.length !== header.length)
      fail(r, undefined, `${row.length} fields, but the header has ${header.length}`);
    const cell = (name: string) => row[at.get(name) ?? -1] ?? '';
    const time = (name: string) => {
      const text = cell(name);
      if (text === '') return null;
      return (
        parseIsoTime(text) ??
        fail(r, at.get(name), `expected a time, found ${JSON.stringify(text)}`)
      );
    };
    const state = cell('State');
    const status: RunStatus =
      state === ''
        ? 'FINISHED'
        : (STATES.get(state.toLowerCase()) ??
          fail(r, at.get('State'), `unknown W&B state ${JSON.stringify(state)}`));
    const startTime = time('Created');
    let endTime = time('End Time');
    const runtime = cell('Runtime');
    const seconds = runtime === '' ? undefined : parseNumberToken(runtime);
    if (runtime !== '' && seconds === undefined)
      fail(r, at.get('Runtime'), `expected seconds, found ${JSON.stringify(runtime)}`);
    if (endTime === null && startTime !== null && seconds !== undefined && status !== 'RUNNING')
      endTime = startTime + Math.round(seconds * 1000);

    // A row without an ID still gets a stable one: the file's content and the row.
    const id = cell('ID') || `${hash}-row${r + 1}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) fail(r, at.get('ID'), `run ${id} is also on line ${earlier}`);
    seen.set(id, table.lines[r]!);

    const tags = new Map<string, string>();
    for (const [column, tag] of RUN_COLUMN_TAGS)
      if (cell(column) !== '') tags.set(tag, cell(column));
    // The table lists tags as `a, b`; written as the run-folder importer writes wandb.tags.
    const listed = cell('Tags')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (listed.length > 0) tags.set('wandb.tags', listed.join(', '));
    const params = new Map<string, string>();
    const metrics: MetricSeries[] = [];
    const when = endTime ?? startTime ?? NaN;
    for (const { index, kind, key } of columns) {
      const value = row[index] ?? '';
      if (value === '') continue;
      if (kind === 'param') params.set(key, value);
      else if (kind === 'tag') tags.set(key, value);
      else {
        const v =
          parseNumberToken(value) ??
          fail(r, index, `expected a number, found ${JSON.stringify(value)}`);
        metrics.push({ key, steps: one(0), values: one(v), timestamps: one(when) });
      }
    }
    points += metrics.length;
    const nameAt = roles.runNameColumn;
    runs.push({
      id,
      experimentId,
      name: (nameAt === null ? '' : row[nameAt]) || null,
      status,
      startTime,
      endTime,
      deleted: false,
      parentId: null,
      params,
      tags,
      metrics,
      artifacts: [],
      source: { format: WANDB_CSV_ID, file: path }
    });
  }
  ctx.reportPoints(points);
  if (roles.reading) {
    const { reading } = roles;
    ctx.warn({ file: path, message: reading.message, reading: { ...reading, runs: runs.length } });
  }
  // The export does not name its project: the experiment is named by the file's content, so the
  // same file gives the same experiment under any file name.
  const experiment = { id: experimentId, name: `W&B runs table ${hash}`, deleted: false };
  return { experiments: [{ ...experiment, tags: new Map() }], runs };
}
