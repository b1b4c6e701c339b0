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
import {
  RUN_STATUSES,
  parseIsoTime,
  parseNumberToken,
  type Experiment,
  type ImportedBatch,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../model';
import { CsvError, csvHeader, parseCsv, type CsvTable } from './readers/csv';
import { ImportError } from './errors';
import type { ImportContext, Importer } from './importer';
import { SEARCH_RUNS_FIELDS, readUnprefixedColumns } from './mlflow-csv-unprefixed';
import { parseDuration, parseUiStart, splitUiColumns } from './mlflow-csv-ui';
import type { ImportSource } from './source';
import { mlflowRunProvenance } from '../provenance/mlflow-run';

const SEARCH_RUNS_INFO = 'run_id experiment_id status artifact_uri start_time end_time'.split(' ');
const UI_TIMES = ['Start Time', 'Duration'];
const UI_FIXED = ['Run ID', 'Name', 'Source Type', 'Source Name', 'User', 'Status'];
/** The UI took these three columns from the run's tags; they go back there. */
const UI_TAGS: ReadonlyMap<string, string> = new Map([
  ['Source Type', 'mlflow.source.type'],
  ['Source Name', 'mlflow.source.name'],
  ['User', 'mlflow.user']
]);

type Kind = 'param' | 'metric' | 'tag';
interface Column {
  index: number;
  kind: Kind;
  key: string;
}

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

/** What a dialect reads from a row's own columns; the free columns are read in `readRows`. */
type RunInfo = Pick<
  Run,
  'id' | 'experimentId' | 'name' | 'status' | 'startTime' | 'endTime' | 'tags'
>;

/** Reports problems with the line and column name; knows the file's header and content. */
class Reader {
  #hash: string | undefined;

  constructor(
    readonly path: string,
    readonly header: string[],
    readonly text: string
  ) {}

  /** FNV-1a over the text: a short, stable name for the file's content. */
  get hash(): string {
    if (this.#hash === undefined) {
      let h = 0x811c9dc5;
      for (let i = 0; i < this.text.length; i++) {
        h = Math.imul(h ^ this.text.charCodeAt(i), 0x01000193);
      }
      this.#hash = (h >>> 0).toString(16).padStart(8, '0');
    }
    return this.#hash;
  }

  fail(line: number, column: number | null | undefined, detail: string): never {
    const name = column === null || column === undefined ? null : (this.header[column] ?? '');
    const where = name === null ? '' : `, column ${JSON.stringify(name)}`;
    throw new ImportError(this.path, `line ${line}${where}: ${detail}`);
  }

  /** Columns as keys (NFC), rejecting a key that has two columns. */
  columns(entries: [number, Kind, string][], line: number): Column[] {
    const seen = new Set<string>();
    return entries.map(([index, kind, raw]) => {
      const key = raw.normalize('NFC');
      if (seen.has(`${kind}:${key}`)) {
        this.fail(line, index, `the ${kind} ${JSON.stringify(key)} has two columns`);
      }
      seen.add(`${kind}:${key}`);
      return { index, kind, key };
    });
  }

  time(text: string, line: number, column: number | undefined): number | null {
    if (text === '') return null;
    const t = parseIsoTime(text);
    return t ?? this.fail(line, column, `expected a time, found ${JSON.stringify(text)}`);
  }

  status(text: string, line: number, column: number | undefined): RunStatus {
    if ((RUN_STATUSES as readonly string[]).includes(text)) return text as RunStatus;
    return this.fail(line, column, `unknown status ${JSON.stringify(text)}`);
  }
}

/** Points per shared slab of one-point series: 512 KB. */
const SLAB_POINTS = 65_536;

/**
 * One-point series (a runs CSV holds each run's last values) as views into shared slabs. A
 * Float64Array of its own costs ~230 bytes of heap for its 8 bytes, so three per metric were
 * most of a big CSV's import: 1.4 KB of a run's ~2.5 KB with two metrics (issue 19, item 5). The
 * views are only read and copied (db/series-chunks.ts slices them), never transferred whole.
 */
function onePoints(): (x: number) => Float64Array {
  let slab = new Float64Array(SLAB_POINTS);
  let at = 0;
  return (x) => {
    if (at === slab.length) {
      slab = new Float64Array(SLAB_POINTS);
      at = 0;
    }
    slab[at] = x;
    return slab.subarray(at, ++at);
  };
}

/** The loop both dialects share: row width, run ids, free columns, cancel and progress. */
function readRows(
  r: Reader,
  table: CsvTable,
  columns: Column[],
  ctx: ImportContext,
  info: (row: string[], line: number) => RunInfo
): Run[] {
  const runs: Run[] = [];
  const seen = new Map<string, number>();
  const one = onePoints();
  let points = 0;
  for (const [i, row] of table.rows.entries()) {
    const line = table.lines[i]!;
    if (i % 500 === 0) {
      ctx.checkCancelled();
      ctx.reportPoints(points);
    }
    if (row.length !== r.header.length) {
      r.fail(line, null, `${row.length} fields, but the header has ${r.header.length}`);
    }
    const { tags, ...run } = info(row, line);
    // A row without a run id still gets a stable one: the file's content and the line.
    const id = run.id === '' ? `${r.hash}-line${line}` : run.id;
    const earlier = seen.get(id);
    if (earlier !== undefined) r.fail(line, null, `run ${id} is also on line ${earlier}`);
    seen.set(id, line);
    const params = new Map<string, string>();
    const metrics: MetricSeries[] = [];
    const at = run.endTime ?? run.startTime ?? NaN;
    for (const { index, kind, key } of columns) {
      const value = row[index] ?? '';
      if (value === '') continue;
      if (kind === 'param') params.set(key, value);
      else if (kind === 'tag') tags.set(key, value);
      else {
        const v = parseNumberToken(value);
        if (v === undefined)
          r.fail(line, index, `expected a number, found ${JSON.stringify(value)}`);
        metrics.push({ key, steps: one(0), values: one(v), timestamps: one(at) });
      }
    }
    points += metrics.length;
    const provenance = mlflowRunProvenance({ tags, artifacts: [] });
    runs.push({
      ...run,
      id,
      name: run.name ?? tags.get('mlflow.runName') ?? null,
      deleted: false,
      parentId: tags.get('mlflow.parentRunId') ?? null,
      params,
      tags,
      metrics,
      artifacts: [],
      source: { format: 'mlflow-csv', file: r.path },
      ...(provenance ? { provenance } : {})
    });
  }
  ctx.reportPoints(points);
  return runs;
}

const PREFIXES: ReadonlyMap<string, Kind> = new Map([
  ['metrics', 'metric'],
  ['params', 'param'],
  ['tags', 'tag']
]);

function readSearchRuns(r: Reader, table: CsvTable, first: number, ctx: ImportContext) {
  const at = new Map<string, number>();
  const entries: [number, Kind, string][] = [];
  const loose: [number, string][] = [];
  for (const [index, name] of r.header.entries()) {
    const dot = name.indexOf('.');
    const kind = dot > 0 ? PREFIXES.get(name.slice(0, dot)) : undefined;
    if (kind) entries.push([index, kind, name.slice(dot + 1)]);
    else if (SEARCH_RUNS_FIELDS.has(name)) at.set(name, index);
    else if (index >= first) loose.push([index, name]);
  }
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
  const runs = readRows(r, table, columns, ctx, (row, line) => {
    const cell = (name: string) => row[at.get(name) ?? -1] ?? '';
    const experimentId = cell('experiment_id');
    if (experimentId === '') r.fail(line, at.get('experiment_id'), 'the experiment id is empty');
    if (!experiments.has(experimentId)) {
      const placeholder = { id: experimentId, name: experimentId, placeholder: true };
      experiments.set(experimentId, { ...placeholder, deleted: false, tags: new Map() });
    }
    return {
      id: cell('run_id'),
      experimentId,
      // search_runs has no run-name column (tags.mlflow.runName is used); a hand-made one may.
      name: cell('run_name') || null,
      status: at.has('status') ? r.status(cell('status'), line, at.get('status')) : 'FINISHED',
      startTime: r.time(cell('start_time'), line, at.get('start_time')),
      endTime: r.time(cell('end_time'), line, at.get('end_time')),
      tags: new Map()
    };
  });
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

export const mlflowCsvImporter: Importer = {
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
    const reader = new Reader(source.path, table.header, text);
    return dialect.kind === 'ui'
      ? readUi(reader, table, dialect.first, ctx)
      : readSearchRuns(reader, table, dialect.first, ctx);
  }
};
