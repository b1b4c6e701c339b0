/**
 * Rows of an MLflow runs CSV into runs, one row at a time: shared by the whole-file reading
 * (mlflow-csv.ts) and the two-pass reading of big search_runs files (mlflow-csv-stream.ts), so
 * both give the same runs and the same errors.
 */
import {
  RUN_STATUSES,
  parseIsoTime,
  parseNumberToken,
  type Experiment,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../model';
import { ImportError } from './errors';
import { SEARCH_RUNS_FIELDS } from './mlflow-csv-unprefixed';
import { mlflowRunProvenance } from '../provenance/mlflow-run';

export type Kind = 'param' | 'metric' | 'tag';
export interface Column {
  index: number;
  kind: Kind;
  key: string;
}

/** FNV-1a over text, fed in pieces: a short, stable name for a file's content. */
export class ContentHash {
  #h = 0x811c9dc5;

  add(text: string): void {
    let h = this.#h;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    this.#h = h;
  }

  get hex(): string {
    return (this.#h >>> 0).toString(16).padStart(8, '0');
  }
}

/** Reports problems with the line and column name; knows the file's header and content hash. */
export class Reader {
  readonly path: string;
  readonly header: string[];
  readonly #hash: () => string;

  constructor(path: string, header: string[], hash: () => string) {
    this.path = path;
    this.header = header;
    this.#hash = hash;
  }

  get hash(): string {
    return this.#hash();
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

/** What a dialect reads from a row's own columns; the free columns are read by `RunRows`. */
export type RunInfo = Pick<
  Run,
  'id' | 'experimentId' | 'name' | 'status' | 'startTime' | 'endTime' | 'tags'
>;

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

/**
 * Turns rows into runs: row width, run ids (an id-less row gets one from the content hash and
 * its line), duplicate ids (unless `duplicates` is off: the second pass of a file the first pass
 * checked), and the free columns.
 */
export class RunRows {
  readonly #r: Reader;
  readonly #columns: Column[];
  readonly #info: (row: string[], line: number) => RunInfo;
  readonly #seen: Map<string, number> | null;
  readonly #one = onePoints();
  /** Metric points read so far. */
  points = 0;

  constructor(
    r: Reader,
    columns: Column[],
    info: (row: string[], line: number) => RunInfo,
    duplicates = true
  ) {
    this.#r = r;
    this.#columns = columns;
    this.#info = info;
    this.#seen = duplicates ? new Map() : null;
  }

  read(row: string[], line: number): Run {
    const r: Reader = this.#r;
    if (row.length !== r.header.length) {
      r.fail(line, null, `${row.length} fields, but the header has ${r.header.length}`);
    }
    const { tags, ...run } = this.#info(row, line);
    // A row without a run id still gets a stable one: the file's content and the line.
    const id = run.id === '' ? `${r.hash}-line${line}` : run.id;
    if (this.#seen) {
      const earlier = this.#seen.get(id);
      if (earlier !== undefined) r.fail(line, null, `run ${id} is also on line ${earlier}`);
      this.#seen.set(id, line);
    }
    const params = new Map<string, string>();
    const metrics: MetricSeries[] = [];
    const at = run.endTime ?? run.startTime ?? NaN;
    const one = this.#one;
    for (const { index, kind, key } of this.#columns) {
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
    this.points += metrics.length;
    const provenance = mlflowRunProvenance({ tags, artifacts: [] });
    return {
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
    };
  }
}

const PREFIXES: ReadonlyMap<string, Kind> = new Map([
  ['metrics', 'metric'],
  ['params', 'param'],
  ['tags', 'tag']
]);

/** A search_runs header's columns: run fields by name, prefixed columns, and the loose rest. */
export interface SearchRunsLayout {
  at: Map<string, number>;
  entries: [number, Kind, string][];
  /** Columns without a known prefix (read by content: mlflow-csv-unprefixed.ts). */
  loose: [number, string][];
}

export function searchRunsLayout(header: readonly string[], first: number): SearchRunsLayout {
  const at = new Map<string, number>();
  const entries: [number, Kind, string][] = [];
  const loose: [number, string][] = [];
  for (const [index, name] of header.entries()) {
    const dot = name.indexOf('.');
    const kind = dot > 0 ? PREFIXES.get(name.slice(0, dot)) : undefined;
    if (kind) entries.push([index, kind, name.slice(dot + 1)]);
    else if (SEARCH_RUNS_FIELDS.has(name)) at.set(name, index);
    else if (index >= first) loose.push([index, name]);
  }
  return { at, entries, loose };
}

/** Reads a search_runs row's run fields; names each experiment it meets in `experiments`. */
export function searchRunsInfo(
  r: Reader,
  at: ReadonlyMap<string, number>,
  experiments: Map<string, Experiment>
): (row: string[], line: number) => RunInfo {
  return (row, line) => {
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
  };
}
