/**
 * The `.runlens` bundle as stored (docs/bundle-format.md): a zip whose first entry is the JSON
 * header, then one binary entry with every metric history, then artifact bytes. These are the
 * wire shapes; the in-memory model (../model) and the stored rows (../db/rows.ts) stay separate.
 */
import { toJsonNumber } from '../model/numbers';
import type { RunEditRow, SavedViewRow } from '../db/rows';
import type { ImportedBatch, Provenance } from '../model';
import type { RegisteredModelJson } from '../provenance/wire';

export const BUNDLE_FORMAT = 'runlens-bundle';
/** The first entry of every bundle; detection looks for its name in the first local header. */
export const HEADER_ENTRY = 'runlens-bundle.json';
/** Every series' columns, back to back in header order. */
export const SERIES_ENTRY = 'series.bin';

/** Zip entry of one artifact's bytes: indexes, never the path (paths are data, not file names). */
export function artifactEntryName(runIndex: number, artifactIndex: number): string {
  return `artifacts/${runIndex}/${artifactIndex}`;
}

/**
 * How one column of doubles is stored, narrowest exact first: `nan` (every value the canonical
 * NaN; no bytes), `i32` (whole numbers as int32 offsets from `base`), `dec` (each value is an
 * int32 divided by 10^digits, as a value rounded to `digits` decimals is), each 4 bytes
 * little-endian, or `f64` (the raw IEEE 754 bits, little-endian; 8 bytes each).
 */
export type ColumnEncoding =
  | { type: 'nan' }
  | { type: 'i32'; base: number }
  | { type: 'dec'; digits: number }
  | { type: 'f64' };

/** A number in the header: JSON has no NaN, ±Infinity or -0, so those are strings. */
export type HeaderNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export interface BundleSeries {
  key: string;
  count: number;
  steps: ColumnEncoding;
  values: ColumnEncoding;
  timestamps: ColumnEncoding;
}

export interface BundleArtifact {
  path: string;
  mediaType: string;
  size: number;
  /** The entry holding the bytes, or null when the artifact is listed only. */
  entry: string | null;
  /** CRC-32 of the bytes (with `entry`). */
  crc32?: number;
}

export interface BundleExperiment {
  /** Importer that first read it: with `id` it makes the stored key `format|id`. */
  format: string;
  id: string;
  name: string;
  deleted: boolean;
  placeholder: boolean;
  /** Key/value pairs in order: keys such as `__proto__` stay plain data. */
  tags: [string, string][];
}

export interface BundleRun {
  /** Importer that first read it: the stored key is `format|experimentId|id`. */
  format: string;
  source: { format: string; file: string };
  experimentId: string;
  id: string;
  name: string | null;
  status: string;
  startTime: HeaderNumber | null;
  endTime: HeaderNumber | null;
  deleted: boolean;
  parentId: string | null;
  params: [string, string][];
  tags: [string, string][];
  metrics: BundleSeries[];
  artifacts: BundleArtifact[];
  /** Code, data, environment and models (version 2+); absent when the run has none. */
  provenance?: Provenance;
}

/** A registered model (version 2+), under the format that first read it (stored `format|name`). */
export interface BundleRegisteredModel extends RegisteredModelJson {
  format: string;
}

export interface BundleHeader {
  format: typeof BUNDLE_FORMAT;
  version: number;
  /** What wrote it, for people (`Runlens 0.1.0`); never interpreted. */
  createdBy: string;
  experiments: BundleExperiment[];
  runs: BundleRun[];
  views: SavedViewRow[];
  /** Registered models (version 2+). */
  registry: BundleRegisteredModel[];
  /**
   * People's edits of the bundled runs (added 2026-12-06 without a new version: an older reader
   * ignores it and opens the runs as imported).
   */
  edits?: BundleRunEdit[];
  /** Size and CRC-32 of `series.bin`, which must match the columns the runs declare. */
  series: { bytes: number; crc32: number };
}

/**
 * A person's edit of a run (../run-edits/): `run` is the run's stored key
 * (`format|experimentId|id`, the key its bundled run gets back), the other fields as RunEditRow.
 */
export interface BundleRunEdit {
  run: string;
  name?: string;
  note?: string;
  setTags: [string, string][];
  removedTags: string[];
  editedAt: number;
}

/** Runs of one import format, as they go into and come out of a bundle. */
export interface FormatBatch {
  format: string;
  batch: ImportedBatch;
}

/** Everything a bundle carries, in model form. */
export interface BundleContents {
  batches: FormatBatch[];
  views: SavedViewRow[];
  /** Edits of the bundled runs (absent or empty when none). */
  edits?: RunEditRow[];
}

/** The header number for a double, keeping NaN, ±Infinity and -0. */
export function toHeaderNumber(value: number): HeaderNumber {
  return Object.is(value, -0) ? '-0' : toJsonNumber(value);
}
