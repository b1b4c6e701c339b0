/**
 * The message contract between the page and the worker, types only. The page holds a
 * `Remote<WorkerApi>` from client.ts; the worker exposes an object built by worker-api.ts.
 */
import type { FileError } from '../importers/errors';
import type { MetricSeries } from '../model';
import type { ArtifactRow, ExperimentRow, ImportRow, RunRow } from '../db/rows';
import type { ChartSeries } from './chart-data';

/** A dropped or picked file: the Blob is structured-cloned by reference and read in the worker. */
export interface ImportFile {
  path: string;
  blob: Blob;
  /** Came from a dropped or picked folder (unrecognised files there are skipped, not errors). */
  fromFolder: boolean;
}

export interface ImportProgress {
  phase: 'reading' | 'writing' | 'done';
  filesTotal: number;
  /** Bytes of all files, and of the files already read: the reading half of the bar. */
  bytesTotal: number;
  bytesDone: number;
  filesDone: number;
  /** Runs parsed so far. */
  runs: number;
  /** Metric points parsed (while reading) or written (while writing) so far. */
  points: number;
  /** Total points to write, known once reading is over (0 before). */
  pointsTotal: number;
  /** The file being read, when there is one. */
  file: string | null;
}

export interface ImportOutcome {
  state: 'done' | 'error' | 'cancelled';
  importId: string | null;
  files: number;
  /** Files in folders that no importer claims, left out quietly. */
  skipped: number;
  experiments: number;
  runs: number;
  points: number;
  errors: FileError[];
}

export interface LibrarySnapshot {
  experiments: ExperimentRow[];
  runs: RunRow[];
  imports: ImportRow[];
}

export interface WorkerApi {
  /** Reads, detects, parses and stores the files as one import; resolves when it is over. */
  importFiles(files: ImportFile[], onProgress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  /** Fetches a file by URL (the bundled sample) and imports it like a dropped file. */
  importUrl(
    url: string,
    name: string,
    onProgress: (p: ImportProgress) => void
  ): Promise<ImportOutcome>;
  /** Cancels the running import; nothing of it is left in the store. */
  cancelImport(): void;
  readLibrary(): Promise<LibrarySnapshot>;
  readRun(key: string): Promise<RunRow | null>;
  /** A full metric history; its arrays are transferred, not copied. */
  readSeries(runKey: string, metric: string): Promise<MetricSeries>;
  /** A history ordered for drawing; its arrays are transferred, not copied. */
  readChartSeries(runKey: string, metric: string): Promise<ChartSeries>;
  readArtifacts(runKey: string): Promise<ArtifactRow[]>;
  deleteEverything(): Promise<void>;
}
