/**
 * The canonical in-memory model every importer produces and every view reads.
 * It knows nothing of storage, workers or the UI (see ../db/rows.ts for what is stored).
 */
import type { MetricSummary } from './metric-summary';
import type { Provenance } from './provenance';
import type { RegisteredModel } from './registry';

/** MLflow's run lifecycle states; every importer maps its own vocabulary onto these. */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export const RUN_STATUSES: readonly RunStatus[] = [
  'RUNNING',
  'SCHEDULED',
  'FINISHED',
  'FAILED',
  'KILLED'
];

/**
 * Keys that come from imported files (param, tag and metric names) live in Maps: a param may well
 * be called `__proto__` or `constructor`.
 */
export type KeyedStrings = Map<string, string>;

export interface Experiment {
  /** Id as the export spells it (MLflow's experiment_id, or one the importer derived). */
  id: string;
  name: string;
  deleted: boolean;
  tags: KeyedStrings;
  /**
   * True for a partial record: a run file that names its experiment without being the
   * experiment's own file. The name may be just the id. A full record always wins over it, and a
   * partial record with a real name wins over one that only knows the id.
   */
  placeholder?: boolean;
}

/**
 * One metric's full history, columnar. Steps and timestamps are whole numbers in practice but are
 * kept as doubles: MLflow steps are int64 and timestamps are epoch milliseconds (both below 2^53).
 * A missing timestamp is NaN.
 */
export interface MetricSeries {
  key: string;
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
  /**
   * The summary of the full history, when these points are a reduction of it (a share link
   * carries a few hundred points per chart but the exact last, min and max).
   */
  summary?: MetricSummary;
  /**
   * `sampled`: these points are a server's sampled overview of a longer history (MLflow's
   * get-history-bulk-interval), to be replaced by every point on demand. `latest`: only the
   * latest point a server's run listing gave (runs/search); the overview is fetched when the
   * metric is charted. Absent: every point.
   */
  completeness?: 'sampled' | 'latest';
}

export interface Artifact {
  /** Path inside the run's artifact root, `/`-separated; an opaque key, never a file-system path. */
  path: string;
  size: number;
  mediaType: string;
  /** The bytes, or null when the artifact was only listed (too large to keep). */
  content: Uint8Array | null;
}

export interface RunSource {
  /** Id of the importer that read it, e.g. `runlens-json`. */
  format: string;
  /** Path of the file (or folder) it came from, relative to what the person dropped. */
  file: string;
}

export interface Run {
  id: string;
  experimentId: string;
  name: string | null;
  status: RunStatus;
  /** Epoch milliseconds, or null when the export has none. */
  startTime: number | null;
  endTime: number | null;
  /** The run or its experiment was deleted in the tool it came from; hidden by default. */
  deleted: boolean;
  parentId: string | null;
  params: KeyedStrings;
  tags: KeyedStrings;
  metrics: MetricSeries[];
  artifacts: Artifact[];
  /**
   * False for a server run whose artifacts were not listed yet (they are listed when its page
   * is opened); `artifacts` is empty then. Absent: `artifacts` is the whole listing.
   */
  artifactsListed?: false;
  source: RunSource;
  /**
   * Code, data, environment and models, where the export states them (see provenance.ts). Absent
   * when the importer knows nothing of them; never put in `tags`.
   */
  provenance?: Provenance;
}

/** What one importer returns for one input: experiments plus the runs that belong to them. */
export interface ImportedBatch {
  experiments: Experiment[];
  runs: Run[];
  /**
   * Registered models the input holds (MLflow's model registry), apart from the runs: a version
   * names its run by id. Absent when the input has no registry.
   */
  registry?: RegisteredModel[];
}
