/**
 * MLflow runs as CSV, in two dialects told apart by the header (never by the file name):
 *
 * 1. `mlflow.search_runs().to_csv()` (and `mlflow experiments csv`, the same frame without the
 *    index): ../shared/FORMATS.md §4, read from mlflow/tracking/fluent.py and mlflow/experiments.py.
 *    Columns run_id, experiment_id, status, artifact_uri, start_time, end_time, then `metrics.*`,
 *    `params.*`, `tags.*` (split on the first `.` only); an unnamed pandas index column may come
 *    first. Columns whose prefix was taken off are read by content (mlflow-csv-unprefixed.ts).
 *    An empty cell is an absent value: pandas writes NaN metrics, None params/tags and NaT
 *    end times all as empty fields, so a NaN metric or an empty-string param cannot be told apart
 *    from a missing one and is left out. `None` is a real param value and kept as text.
 * 2. The MLflow UI's "Download CSV" (mlflow/server/js/src/experiment-tracking/utils/CsvUtils
 *    `runInfosToCsv`, read in copies from 0.x to the December 2025 master): `Start Time,Duration`
 *    (absent in 0.x), then `Run ID,Name,Source Type,Source Name,User,Status`, then the param keys,
 *    the metric keys and the visible tag keys, without prefixes. How the blocks are told apart, how
 *    dates are read and which experiment the runs get is explained at `splitUiColumns` and
 *    `parseUiStart` (mlflow-csv-ui.ts) and `readUi` below.
 *
 * CSV holds only each metric's latest value: it becomes a one-point series at step 0 whose
 * timestamp is the run's end time, else its start time, else NaN (the real time is not in the file).
 */
import type { Experiment, ImportedBatch, Run } from '../model';
import { CsvError, csvHeader, parseCsv, type CsvTable } from './readers/csv';
import { ImportError } from './errors';
import type { ImportContext, StreamingImporter } from './importer';
import { readUnprefixedColumns } from './mlflow-csv-unprefixed';
import { parseDuration, parseUiStart, splitUiColumns } from './mlflow-csv-ui';
import {
  ContentHash,
  Reader,
  RunRows,
  searchRunsInfo,
  searchRunsLayout,
  type Column,
  type RunInfo
} from './mlflow-csv-rows';
import { scanSearchRuns } from './mlflow-csv-stream';
import type { ImportSource } from './source';

const SEARCH_RUNS_INFO = 'run_id experiment_id status artifact_uri start_time end_time'.split(' ');
const UI_TIMES = ['Start Time', 'Duration'];
const UI_FIXED = ['Run ID', 'Name', 'Source Type', 'Source Name', 'User', 'Status'];
/** The UI took these three columns from the run's tags; they go back there. */
const UI_TAGS: ReadonlyMap<string, string> = new Map([
  ['Source Type', 'mlflow.source.type'],
  ['Source Name', 'mlflow.source.name'],
  ['User', 'mlflow.user']
]);

type Dialect = { kind: 'search-runs'; first: number } | { kind: 'ui'; first: number };

function startsWith(header: readonly string[], at: number, names: readonly string[]): boolean {
  return names.every((name, i) => header[at + i] === name);
}

/** Which dialect a header is, and where its own columns start (after an index column). */
function detect(header: readonly string[]): Dialect | null {
  const first = header[0] === '' ? 1 : 0;
  if (header[first] === 'run_id' && header.includes('experiment_id')) {
    return { kind: 'search-runs', first };
  }
  if (startsWith(header, 0, UI_TIMES) && startsWith(header, 2, UI_FIXED))
    return { kind: 'ui', first: 2 };
  if (startsWith(header, 0, UI_FIXED)) return { kind: 'ui', first: 0 };
  return null;
}

/**
 * MLflow 2.x and later quote every field and put `'` before values that start with `=+-@`, tab or
 * CR (against CSV injection); such a file starts with a quote. This takes the `'` off again.
 */
function unescapeFormula(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** The loop both dialects share: rows into runs, with cancel and progress. */
function readRows(
  r: Reader,
  table: CsvTable,
  columns: Column[],
  ctx: ImportContext,
  info: (row: string[], line: number) => RunInfo
): Run[] {
  const runs: Run[] = [];
  const reader = new RunRows(r, columns, info);
  for (const [i, row] of table.rows.entries()) {
    if (i % 500 === 0) {
      ctx.checkCancelled();
      ctx.reportPoints(reader.points);
    }
    runs.push(reader.read(row, table.lines[i]!));
  }
  ctx.reportPoints(reader.points);
  return runs;
}

function readSearchRuns(r: Reader, table: CsvTable, first: number, ctx: ImportContext) {
  const { at, entries, loose } = searchRunsLayout(r.header, first);
  const unprefixed = readUnprefixedColumns(
    loose,
    table.rows,
    table.lines,
    r.header,
    r.path,
    ctx.choices?.get(r.path)
  );
  const columns = r.columns([...entries, ...unprefixed.entries], table.headerLine);
  const experiments = new Map<string, Experiment>();
  const runs = readRows(r, table, columns, ctx, searchRunsInfo(r, at, experiments));
  // A chosen run-name column is the only one (no fallback to mlflow.runName): rows and runs pair up.
  const nameAt = unprefixed.runNameColumn;
  if (nameAt !== undefined) {
    for (const [i, run] of runs.entries()) {
      run.name = nameAt === null ? null : table.rows[i]![nameAt] || null;
    }
  }
  const { reading } = unprefixed;
  if (reading) {
    ctx.warn({
      file: r.path,
      message: reading.message,
      reading: { ...reading, runs: runs.length }
    });
  }
  return { experiments: [...experiments.values()], runs };
}

function readUi(r: Reader, table: CsvTable, first: number, ctx: ImportContext) {
  const fixed = new Map(r.header.slice(0, first + UI_FIXED.length).map((name, i) => [name, i]));
  const names = r.header.slice(fixed.size);
  const kinds = splitUiColumns(names, table.rows, fixed.size);
  const columns = r.columns(
    names.map((name, c) => [fixed.size + c, kinds[c]!, name]),
    table.headerLine
  );
  const startAt = fixed.get('Start Time');
  // Slashed dates: one order for the whole file (see parseUiStart).
  const dayFirst = table.rows.some((row) => {
    const m = /^(\d{1,2})\/\d{1,2}\//.exec(row[startAt ?? -1] ?? '');
    return m !== null && Number(m[1]) > 12;
  });
  // The UI's CSV does not name its experiment. Its id and name come from the file's content, so
  // the same file gives the same experiment under any file name (a name taken from the file name
  // would change with it); nothing else will ever name it, so it is not a placeholder.
  const experiment: Experiment = {
    id: `mlflow-ui-csv:${r.hash}`,
    name: `MLflow UI CSV ${r.hash}`,
    deleted: false,
    tags: new Map()
  };
  const runs = readRows(r, table, columns, ctx, (row, line) => {
    const cell = (name: string) => row[fixed.get(name) ?? -1] ?? '';
    const start = cell('Start Time');
    let startTime: number | null = null;
    let endTime: number | null = null;
    if (start !== '' && start !== '(unknown)') {
      startTime = parseUiStart(start, dayFirst) ?? null;
      if (startTime === null) {
        r.fail(line, startAt, `expected a date and time, found ${JSON.stringify(start)}`);
      }
      const duration = cell('Duration');
      const ms = duration === '' ? undefined : parseDuration(duration);
      if (duration !== '' && ms === undefined) {
        const found = JSON.stringify(duration);
        r.fail(line, fixed.get('Duration'), `expected a duration such as 7.6s, found ${found}`);
      }
      if (ms !== undefined) endTime = startTime + ms;
    }
    const tags = new Map<string, string>();
    for (const [column, tag] of UI_TAGS) if (cell(column) !== '') tags.set(tag, cell(column));
    return {
      id: cell('Run ID'),
      experimentId: experiment.id,
      name: cell('Name') || null,
      status: r.status(cell('Status'), line, fixed.get('Status')),
      startTime,
      endTime,
      tags
    };
  });
  return { experiments: [experiment], runs };
}

/** Where a search_runs header's own columns start, or null for any other header. */
export function searchRunsFirst(header: readonly string[]): number | null {
  const dialect = detect(header);
  return dialect?.kind === 'search-runs' ? dialect.first : null;
}

export const mlflowCsvImporter: StreamingImporter = {
  id: 'mlflow-csv',
  label: 'MLflow runs CSV',
  extensions: ['.csv'],

  async sniff(source: ImportSource) {
    const header = csvHeader(await source.headText());
    const dialect = detect(header);
    if (!dialect) return null;
    if (dialect.kind === 'ui') return 1;
    return startsWith(header, dialect.first, SEARCH_RUNS_INFO) ? 1 : 0.8;
  },

  /** A search_runs file in two passes over slices (mlflow-csv-stream.ts); others read whole. */
  scan: (source, ctx) => scanSearchRuns(source, ctx, searchRunsFirst),

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const text = await source.text();
    let table: CsvTable;
    try {
      table = parseCsv(text);
    } catch (e) {
      throw e instanceof CsvError ? new ImportError(source.path, e.message) : e;
    }
    const dialect = detect(table.header);
    if (dialect?.kind === 'ui' && /^\uFEFF?"/.test(text)) {
      // Every field quoted: MLflow 2.x or later, which also escaped formula-like values.
      const clean = (cells: string[]) => cells.map(unescapeFormula);
      table = { ...table, header: clean(table.header), rows: table.rows.map(clean) };
    }
    if (!dialect) {
      throw new ImportError(
        source.path,
        `line ${table.headerLine}: the header is neither that of mlflow.search_runs() (run_id, experiment_id, …) nor that of the MLflow UI's CSV download (Start Time, Duration, Run ID, …)`
      );
    }
    let hash: string | undefined;
    const contentHash = () => {
      if (hash === undefined) {
        const h = new ContentHash();
        h.add(text);
        hash = h.hex;
      }
      return hash;
    };
    const reader = new Reader(source.path, table.header, contentHash);
    return dialect.kind === 'ui'
      ? readUi(reader, table, dialect.first, ctx)
      : readSearchRuns(reader, table, dialect.first, ctx);
  }
};
