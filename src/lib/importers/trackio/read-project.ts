/**
 * The runs of one trackio project database, read as trackio's own SQLiteStorage reads them
 * (trackio/sqlite_storage.py `get_run_records`, `get_logs`, `get_system_logs`, `get_run_config`,
 * 0.43.0; the oldest layout from the 0.0.x sources, 2025): rows of `metrics` in
 * (timestamp, id) order, one JSON object of logged values per step; `system_metrics` rows
 * likewise but without steps; one `configs` row per run.
 *
 * Runs are keyed by `run_id` since trackio 0.24 (its migration gave every older run one); before
 * that by `run_name`. The oldest databases (0.0.x) also keep a `project_name` on every row and
 * have no configs or system metrics.
 */
import { parseIsoTime, type KeyedStrings, type MetricSeries } from '../../model';
import { isJsonObject } from '../../model/json';
import type { ImportContext } from '../importer';
import type { SqliteDatabase } from '../readers/sqlite/database';
import { schemaHas, type SqliteSchema } from '../readers/sqlite/source-database';
import { parseTolerantJson } from '../readers/tolerant-json';
import { SeriesBuilder } from '../readers/series-builder';
import { kindOf, metricNumber, readConfig } from './values';

/** System metrics are shown under this prefix, apart from what the script logged. */
export const SYSTEM_PREFIX = 'system/';

/** How often (in rows) the scan checks for cancellation and reports progress. */
const ROWS_PER_CHECK = 20_000;

export interface TrackioRun {
  /** `run_id`, or the run name in databases from before run ids. */
  key: string;
  name: string;
  /** Epoch milliseconds of the run's first record, or of `_Created` in its config. */
  start: number | null;
  params: KeyedStrings;
  tags: KeyedStrings;
  metrics: Map<string, SeriesBuilder>;
  /** Rows of system metrics so far: their step. */
  systemRows: number;
}

export interface TrackioProject {
  /** The project as the database names it (`project_name`, oldest layout), else null. */
  projectName: string | null;
  runs: TrackioRun[];
  /** Logged values that are not numbers, by kind (`trackio.image`, `text`...): left out. */
  leftOut: Map<string, number>;
  points: number;
}

/** The JSON object a `metrics`/`config` cell holds (TEXT, or a BLOB of UTF-8 written by orjson). */
function cellObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = parseTolerantJson(text);
  } catch {
    return null;
  }
  return isJsonObject(value) ? value : null;
}

export class TrackioProjectReader {
  readonly #runs = new Map<string, TrackioRun>();
  readonly #leftOut = new Map<string, number>();
  readonly #keyColumn: string;
  #points = 0;
  #rows = 0;
  /** Rows whose JSON could not be read: counted, named in one warning. */
  unreadableRows = 0;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly schema: SqliteSchema,
    private readonly ctx: ImportContext
  ) {
    this.#keyColumn = schemaHas(schema, 'metrics', ['run_id']) ? 'run_id' : 'run_name';
  }

  #run(key: string | null, name: string | null): TrackioRun {
    const k = key ?? name ?? '';
    let run = this.#runs.get(k);
    if (!run) {
      run = {
        key: k,
        name: name ?? k,
        start: null,
        params: new Map(),
        tags: new Map(),
        metrics: new Map(),
        systemRows: 0
      };
      this.#runs.set(k, run);
    }
    return run;
  }

  #seen(run: TrackioRun, time: number | null): void {
    if (time !== null && (run.start === null || time < run.start)) run.start = time;
  }

  #push(run: TrackioRun, key: string, step: number, value: number, time: number): void {
    let series = run.metrics.get(key);
    if (!series) run.metrics.set(key, (series = new SeriesBuilder(key)));
    series.push(step, value, time);
    this.#points++;
  }

  #tick(): void {
    if (++this.#rows % ROWS_PER_CHECK === 0) {
      this.ctx.checkCancelled();
      this.ctx.reportPoints(this.#points);
    }
  }

  /** One row's logged values: numbers become points, the rest is counted by kind. */
  #values(
    run: TrackioRun,
    values: Record<string, unknown>,
    step: number,
    time: number,
    prefix: string
  ) {
    for (const [key, value] of Object.entries(values)) {
      const n = metricNumber(value);
      if (n === null) this.#leftOut.set(kindOf(value), (this.#leftOut.get(kindOf(value)) ?? 0) + 1);
      else this.#push(run, prefix + key.normalize('NFC'), step, n, time);
    }
  }

  async #readMetrics(): Promise<void> {
    const sql = `SELECT ${this.#keyColumn}, run_name, step, timestamp, metrics FROM metrics
      ORDER BY timestamp, id`;
    await this.db.each(sql, (row) => {
      const run = this.#run(row.text(0), row.text(1));
      if (row.text(1) !== null) run.name = row.text(1)!;
      const time = parseIsoTime(row.text(3) ?? '') ?? null;
      this.#seen(run, time);
      const values = cellObject(row.text(4));
      if (values === null) this.unreadableRows++;
      else this.#values(run, values, row.number(2) ?? 0, time ?? NaN, '');
      this.#tick();
    });
  }

  async #readSystemMetrics(): Promise<void> {
    if (!schemaHas(this.schema, 'system_metrics', ['run_name', 'timestamp', 'metrics'])) return;
    const key = schemaHas(this.schema, 'system_metrics', ['run_id']) ? 'run_id' : 'run_name';
    const sql = `SELECT ${key}, run_name, timestamp, metrics FROM system_metrics
      ORDER BY timestamp, id`;
    await this.db.each(sql, (row) => {
      const run = this.#run(row.text(0), row.text(1));
      const time = parseIsoTime(row.text(2) ?? '') ?? null;
      this.#seen(run, time);
      const values = cellObject(row.text(3));
      if (values === null) this.unreadableRows++;
      else this.#values(run, values, run.systemRows++, time ?? NaN, SYSTEM_PREFIX);
      this.#tick();
    });
  }

  async #readConfigs(): Promise<void> {
    if (!schemaHas(this.schema, 'configs', ['run_name', 'config'])) return;
    const key = schemaHas(this.schema, 'configs', ['run_id']) ? 'run_id' : 'run_name';
    await this.db.each(`SELECT ${key}, run_name, config FROM configs ORDER BY id`, (row) => {
      const run = this.#run(row.text(0), row.text(1));
      const config = cellObject(row.text(2));
      if (config === null) {
        this.unreadableRows++;
        return;
      }
      const { params, tags, created } = readConfig(config);
      run.params = params;
      for (const [k, v] of tags) run.tags.set(k, v);
      if (created !== null) this.#seen(run, parseIsoTime(created) ?? null);
    });
  }

  async read(): Promise<TrackioProject> {
    let projectName: string | null = null;
    if (schemaHas(this.schema, 'metrics', ['project_name'])) {
      const first = await this.db.all('SELECT project_name FROM metrics LIMIT 1', 1);
      projectName = first[0]?.[0] === undefined ? null : String(first[0][0]);
    }
    await this.#readMetrics();
    await this.#readSystemMetrics();
    await this.#readConfigs();
    this.ctx.reportPoints(this.#points);
    // In the order trackio lists them: by their first record.
    const runs = [...this.#runs.values()].sort(
      (a, b) => (a.start ?? Infinity) - (b.start ?? Infinity)
    );
    return { projectName, runs, leftOut: this.#leftOut, points: this.#points };
  }
}

/** A run's series, built. */
export function finishedSeries(run: TrackioRun): MetricSeries[] {
  return [...run.metrics.values()].map((b) => b.finish());
}
