/**
 * Rows of neptune-exporter Parquet files, gathered per run as they are read. A run may be spread
 * over several part files (`<run>_part_0.parquet`, `_part_1`, …) and an older export keeps many
 * runs in one `part_N.parquet`, so rows are collected across every file of a project folder
 * before any run is built (build-runs.ts). Counts of every row by type are kept for the report.
 */
import { SeriesBuilder } from '../readers/series-builder';

/** Which Neptune entities a folder holds: runs, or the model registry's models and versions. */
export type EntityScope = 'runs' | 'models' | 'model_versions';

/** A file-kind attribute row: where the exporter put the download, if it did. */
export interface FileRow {
  attribute: string;
  type: string;
  /** Decimal step of a file series; null for single files. */
  step: number | null;
  /** `file_value.path`, relative to the project's files folder; null when nothing was saved. */
  path: string | null;
}

/** One scalar attribute (its last row wins, as a value can only be set once per export). */
export interface ScalarRow {
  type: string;
  value: unknown;
}

/** Everything one run's rows hold. */
export class RunRows {
  readonly scalars = new Map<string, ScalarRow>();
  readonly series = new Map<string, SeriesBuilder>();
  /** String series as the exporter's MLflow loader writes them: `step; timestamp; value`. */
  readonly textSeries = new Map<string, string[]>();
  /** Histogram series, one JSON line per step. */
  readonly histograms = new Map<string, string[]>();
  readonly files: FileRow[] = [];
  /** Latest timestamp of any series row (NaN when there is none). */
  lastTimestamp = NaN;

  constructor(
    readonly projectId: string,
    readonly runId: string,
    readonly scope: EntityScope
  ) {}

  seriesOf(path: string): SeriesBuilder {
    let s = this.series.get(path);
    if (!s) this.series.set(path, (s = new SeriesBuilder(path)));
    return s;
  }

  linesOf(map: Map<string, string[]>, path: string): string[] {
    let lines = map.get(path);
    if (!lines) map.set(path, (lines = []));
    return lines;
  }

  seen(timestamp: number): void {
    if (timestamp > this.lastTimestamp || Number.isNaN(this.lastTimestamp))
      this.lastTimestamp = timestamp;
  }
}

/** How many rows of one attribute type were read, and in how many attributes. */
export interface TypeCount {
  rows: number;
  attributes: Set<string>;
}

/** The rows of every file read so far, by run, with counts for the report. */
export class ExportRows {
  readonly runs = new Map<string, RunRows>();
  /** Rows by attribute type, read or not. */
  readonly byType = new Map<string, TypeCount>();
  /** Rows of a type Runlens reads but without a value in its column (or with no such column). */
  withoutValue = 0;
  /** Rows missing their project, run, attribute path or type. */
  unnamed = 0;
  points = 0;
  files = 0;

  run(projectId: string, runId: string, scope: EntityScope): RunRows {
    const key = `${scope}\u0000${projectId}\u0000${runId}`;
    let run = this.runs.get(key);
    if (!run) this.runs.set(key, (run = new RunRows(projectId, runId, scope)));
    return run;
  }

  count(type: string, path: string): void {
    let c = this.byType.get(type);
    if (!c) this.byType.set(type, (c = { rows: 0, attributes: new Set() }));
    c.rows++;
    c.attributes.add(path);
  }
}
