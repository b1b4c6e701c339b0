/**
 * The stored shapes, kept apart from the model (../model/types.ts): rows carry storage keys and
 * precomputed summaries, and metric histories are split into encoded chunks.
 */
import type { ColumnRole } from '../importers/column-roles';
import type { MetricSummary, Provenance, RegisteredModel, RunStatus } from '../model';

/** `format|experimentId`: the same experiment imported again from the same kind of export. */
export type ExperimentKey = string;
/** `format|experimentId|runId`: re-importing the same run replaces this row. */
export type RunKey = string;

export interface ExperimentRow {
  key: ExperimentKey;
  importId: string;
  sourceFormat: string;
  id: string;
  name: string;
  deleted: boolean;
  tags: Map<string, string>;
  /** Only the id is known (see Experiment.placeholder): never overwrites a real row. */
  placeholder: boolean;
}

export interface RunRow {
  key: RunKey;
  importId: string;
  experimentKey: ExperimentKey;
  sourceFormat: string;
  sourceFile: string;
  id: string;
  experimentId: string;
  name: string | null;
  status: RunStatus;
  startTime: number | null;
  endTime: number | null;
  deleted: boolean;
  parentId: string | null;
  params: Map<string, string>;
  tags: Map<string, string>;
  /** Per-metric summary, so tables and lists never read the histories. */
  metrics: Map<string, MetricSummary>;
  /**
   * Histories of a few points (one-point summaries from CSV and REST exports, final scores) live
   * here instead of as chunk rows: an IndexedDB row costs about half a millisecond to write in
   * Chromium, so 100,000 runs with two such metrics would otherwise spend minutes on them.
   * Missing in rows written before 2026-11-22 (read as empty). A listed server run's latest
   * points are not here but in their summaries (`lastTime`); read both through short-series.ts.
   */
  inlineSeries?: Map<string, InlineSeries>;
  artifactCount: number;
  /**
   * A server run opened without its artifact listing (Run.artifactsListed false): the run's
   * page lists them from the server (worker/server-artifacts.ts). Absent: listed.
   */
  artifactsPending?: true;
}

/**
 * A slice of one metric history: up to CHUNK_POINTS points, fewer when they are wide. Steps and
 * timestamps are stored in the narrowest exact typed array (see series-chunks.ts), so a typical
 * point costs 16 bytes.
 */
export interface SeriesChunkRow {
  runKey: RunKey;
  metric: string;
  index: number;
  count: number;
  steps: Int32Array | Float64Array;
  values: Float64Array;
  /** Int32 offsets from timestampBase, raw doubles, or null when every timestamp is missing. */
  timestamps: Int32Array | Float64Array | null;
  timestampBase: number;
}

/**
 * A short metric history kept inside its run row, as plain number arrays: structured clone keeps
 * NaN, ±Infinity and -0 in them, and they serialize faster than a typed array each.
 */
export interface InlineSeries {
  steps: number[];
  values: number[];
  timestamps: number[];
}

export interface ArtifactRow {
  runKey: RunKey;
  path: string;
  size: number;
  mediaType: string;
  /** The bytes, or null when the artifact was only listed. */
  blob: Blob | null;
}

export interface ImportRow {
  id: string;
  files: string[];
  formats: string[];
  importedAt: number;
  experimentCount: number;
  runCount: number;
  pointCount: number;
  /**
   * Runs fetched from a tracking server: its address (never credentials) and the query they were
   * fetched with, so a refresh asks the same (../worker/server-refresh.ts). Absent otherwise, and
   * in server imports stored before 2026-12-06 (a refresh then asks for their experiments).
   */
  server?: ServerImportQuery;
}

/** How a server import was fetched (plain JSON: it is stored and put in bundles as it is). */
export interface ServerImportQuery {
  address: string;
  /** Experiment ids; every active experiment when empty. */
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  maxRuns?: number;
  /** When a refresh last asked the server (epoch ms). */
  refreshedAt?: number;
}

/**
 * A named view the person saved: the explorer's filter, columns and sort, and/or a comparison's
 * runs and chart settings. Plain JSON-able data (bundles carry it); checked again when applied.
 */
export interface SavedViewRow {
  id: string;
  name: string;
  savedAt: number;
  /** The explorer's state (query, quick search, columns, sort), or null. */
  explorer: Record<string, unknown> | null;
  /** A comparison's settings (charts, axes, smoothing, grouping), or null. */
  compare: Record<string, unknown> | null;
  /** The run keys of a saved comparison, or null. */
  runs: string[] | null;
}

/**
 * Column roles a person chose for a file read by a tolerant reading, so the same file dropped
 * again reads the same way: found by path, then size, then the SHA-256 of its bytes (a file of
 * the same name with other content is read by the guess). `runName`/`startTime` are absent when
 * the guess stands (see ReadingChoices in ../importers/column-roles.ts).
 */
export interface ReadingChoiceRow {
  /** `hash|path`. */
  id: string;
  path: string;
  size: number;
  /** SHA-256 of the file's bytes, hex. */
  hash: string;
  roles: Map<string, ColumnRole>;
  runName?: string | null;
  startTime?: string | null;
  savedAt: number;
}

/**
 * A run's provenance (code, data, environment, models; ../model/provenance.ts), kept apart from
 * its run row: the runs table is read whole for the explorer, and a W&B run's package list can
 * hold hundreds of entries that only the run page and the diff read. One row per run that has any.
 */
export interface ProvenanceRow extends Provenance {
  runKey: RunKey;
}

/**
 * A registered model with its versions and aliases (../model/registry.ts), one row per model,
 * apart from the runs: a version links to a run by id, resolved when read. Stored under
 * `format|name` (`format|store|name` for a model of a scoped store), so the same registry imported
 * again replaces its models.
 */
export interface RegistryRow extends RegisteredModel {
  key: string;
  importId: string;
  sourceFormat: string;
}

/**
 * What a person changed on a run in Runlens (../run-edits/), kept apart from the imported run row
 * so importing the same files again replaces the run and keeps the edits. One row per edited run;
 * a field is absent when the imported value stands.
 */
export interface RunEditRow {
  runKey: RunKey;
  /** The name shown instead of the imported one. */
  name?: string;
  /** The note (Markdown) shown instead of the imported `mlflow.note.content` tag; '' removes it. */
  note?: string;
  /** Tags added or given another value. */
  setTags: Map<string, string>;
  /** Imported tags the person removed. */
  removedTags: string[];
  /** When the edit was last saved, epoch ms. */
  editedAt: number;
}

/**
 * A folder the person follows (../follow/, docs/follow-folder.md): its directory handle, kept so
 * the next visit can ask for permission again and resume. One row per followed import; the id is
 * the import its runs are stored under.
 */
export interface FollowedFolderRow {
  /** The import id the folder's runs are stored under. */
  id: string;
  /** The folder's name, as the handle gives it (shown as text). */
  name: string;
  /** A FileSystemDirectoryHandle (structured-cloned into IndexedDB); typed loosely for Node. */
  handle: unknown;
  followedAt: number;
  /** When a poll last stored something (epoch ms), or null. */
  lastChangeAt: number | null;
  /** Points the follow appended since it started. */
  pointsAdded: number;
}

export function registryKey(format: string, store: string | null, name: string): string {
  return store === null ? `${format}|${name}` : `${format}|${store}|${name}`;
}

export function experimentKey(format: string, experimentId: string): ExperimentKey {
  return `${format}|${experimentId}`;
}

export function runKey(format: string, experimentId: string, runId: string): RunKey {
  return `${format}|${experimentId}|${runId}`;
}
