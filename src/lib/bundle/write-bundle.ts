/**
 * Writes a `.runlens` bundle (docs/bundle-format.md) from the model, for the worker's export and
 * `runlens pack` alike. Output leaves in chunks, one entry at a time, and the same input always
 * gives the same bytes (fixed entry order, fixed times), so CI artifacts diff.
 */
import { Zip, deflateSync, type DeflateOptions, type ZipInputFile } from 'fflate';
import type { SavedViewRow } from '../db/rows';
import type { Artifact, Experiment, MetricSeries, Run } from '../model';
import {
  BUNDLE_FORMAT,
  HEADER_ENTRY,
  SERIES_ENTRY,
  artifactEntryName,
  toHeaderNumber,
  type BundleArtifact,
  type BundleContents,
  type BundleExperiment,
  type BundleHeader,
  type BundleRegisteredModel,
  type BundleRun,
  type BundleSeries,
  type HeaderNumber
} from './bundle-format';
import { chooseEncoding, crc32, encodeColumn } from './columns';
import { BUNDLE_VERSION } from './upgrades';
import { provenanceToJson, registeredModelToJson } from '../provenance/wire';

export interface WriteBundleOptions {
  /** Include artifact bytes (otherwise artifacts are listed by path, type and size only). */
  artifacts: boolean;
  /** Shown in the header's `createdBy`, e.g. `Runlens 0.1.0`. */
  createdBy?: string;
  /** Deflate level, 0–9 (default 6). */
  level?: DeflateLevel;
}

/** What a written bundle holds, for messages ("packed 3 runs, 1,200 points, 18 kB"). */
export interface BundleStats {
  experiments: number;
  runs: number;
  points: number;
  artifacts: number;
  bytes: number;
}

/**
 * Zip times are local DOS date-times: a Date built from local fields writes the same bytes in
 * every time zone (an epoch number would not). 1980-01-01 is the earliest a zip can say.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

type DeflateLevel = NonNullable<DeflateOptions['level']>;

/** Media types already compressed: deflating them again only costs time. */
const STORED_TYPES = /^(image\/(png|jpeg|gif|webp)|application\/(zip|gzip|x-gzip)|video\/|audio\/)/;

function pairs(map: ReadonlyMap<string, string>): [string, string][] {
  return [...map];
}

function optionalNumber(value: number | null): HeaderNumber | null {
  return value === null ? null : toHeaderNumber(value);
}

function seriesEntry(s: MetricSeries, parts: Uint8Array[]): BundleSeries {
  const columns = [s.steps, s.values, s.timestamps] as const;
  const [steps, values, timestamps] = columns.map(chooseEncoding) as [
    BundleSeries['steps'],
    BundleSeries['values'],
    BundleSeries['timestamps']
  ];
  parts.push(
    encodeColumn(s.steps, steps),
    encodeColumn(s.values, values),
    encodeColumn(s.timestamps, timestamps)
  );
  return { key: s.key, count: s.values.length, steps, values, timestamps };
}

function artifactEntry(
  a: Artifact,
  runIndex: number,
  index: number,
  withBytes: boolean
): BundleArtifact {
  if (!withBytes || !a.content)
    return { path: a.path, mediaType: a.mediaType, size: a.size, entry: null };
  return {
    path: a.path,
    mediaType: a.mediaType,
    size: a.content.byteLength,
    entry: artifactEntryName(runIndex, index),
    crc32: crc32(a.content)
  };
}

function experimentEntry(format: string, e: Experiment): BundleExperiment {
  return {
    format,
    id: e.id,
    name: e.name,
    deleted: e.deleted,
    placeholder: e.placeholder === true,
    tags: pairs(e.tags)
  };
}

function runEntry(
  format: string,
  r: Run,
  runIndex: number,
  withBytes: boolean,
  parts: Uint8Array[]
): BundleRun {
  return {
    format,
    source: { format: r.source.format, file: r.source.file },
    experimentId: r.experimentId,
    id: r.id,
    name: r.name,
    status: r.status,
    startTime: optionalNumber(r.startTime),
    endTime: optionalNumber(r.endTime),
    deleted: r.deleted,
    parentId: r.parentId,
    params: pairs(r.params),
    tags: pairs(r.tags),
    metrics: r.metrics.map((s) => seriesEntry(s, parts)),
    artifacts: r.artifacts.map((a, i) => artifactEntry(a, runIndex, i, withBytes)),
    ...(r.provenance ? { provenance: provenanceToJson(r.provenance) } : {})
  };
}

/** Views are plain JSON data already; a copy keeps only the fields of the format. */
function viewEntry(v: SavedViewRow): SavedViewRow {
  return {
    id: v.id,
    name: v.name,
    savedAt: v.savedAt,
    explorer: v.explorer,
    compare: v.compare,
    runs: v.runs
  };
}

function concatParts(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * One zip entry, compressed before it is added. fflate's streaming deflater (ZipDeflate, 0.8.3)
 * can emit back-references into its zero-filled window on the first push, which no inflater
 * accepts (github.com/101arrowz/fflate/issues/260, open 2026-05); deflateSync is correct.
 */
function addEntry(
  zip: Zip,
  name: string,
  data: Uint8Array,
  level: DeflateLevel,
  store: boolean
): void {
  const compressed = store ? data.slice() : deflateSync(data, { level });
  const file: ZipInputFile = {
    filename: name,
    size: data.byteLength,
    crc: crc32(data),
    compression: store ? 0 : 8,
    mtime: FIXED_MTIME
  };
  zip.add(file);
  file.ondata!(null, compressed, true);
}

/**
 * Writes the bundle, handing each piece of the zip to `onChunk` in order, and says what it
 * holds. Runs keep the format that first read them, so importing the bundle restores their keys.
 */
export function writeBundle(
  contents: BundleContents,
  options: WriteBundleOptions,
  onChunk: (chunk: Uint8Array) => void
): BundleStats {
  const seriesParts: Uint8Array[] = [];
  const experiments: BundleExperiment[] = [];
  const runs: BundleRun[] = [];
  const sourceRuns: Run[] = [];
  const registry: BundleRegisteredModel[] = [];
  for (const { format, batch } of contents.batches) {
    for (const e of batch.experiments) experiments.push(experimentEntry(format, e));
    for (const m of batch.registry ?? []) registry.push({ format, ...registeredModelToJson(m) });
    for (const r of batch.runs) {
      runs.push(runEntry(format, r, runs.length, options.artifacts, seriesParts));
      sourceRuns.push(r);
    }
  }
  let seriesBytes = 0;
  let seriesCrc = 0;
  for (const part of seriesParts) {
    seriesBytes += part.byteLength;
    seriesCrc = crc32(part, seriesCrc);
  }
  const edits = (contents.edits ?? []).map((e) => ({
    run: e.runKey,
    ...(e.name !== undefined ? { name: e.name } : {}),
    ...(e.note !== undefined ? { note: e.note } : {}),
    setTags: [...e.setTags],
    removedTags: [...e.removedTags],
    editedAt: e.editedAt
  }));
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdBy: options.createdBy ?? 'Runlens',
    experiments,
    runs,
    views: contents.views.map(viewEntry),
    registry,
    series: { bytes: seriesBytes, crc32: seriesCrc },
    // Only when there are any: a bundle without edits is the bytes it always was.
    ...(edits.length > 0 ? { edits } : {})
  };

  let bytes = 0;
  const failed: { error: Error | null } = { error: null };
  const zip = new Zip((error, chunk) => {
    if (error) failed.error = error;
    else {
      bytes += chunk.byteLength;
      onChunk(chunk);
    }
  });
  const level: DeflateLevel = options.level ?? 6;
  addEntry(zip, HEADER_ENTRY, new TextEncoder().encode(JSON.stringify(header)), level, false);
  addEntry(zip, SERIES_ENTRY, concatParts(seriesParts), level, false);
  let artifacts = 0;
  runs.forEach((run, r) => {
    run.artifacts.forEach((a, i) => {
      const content = sourceRuns[r]!.artifacts[i]!.content;
      if (a.entry === null || !content) return;
      addEntry(zip, a.entry, content, level, STORED_TYPES.test(a.mediaType));
      artifacts += 1;
    });
  });
  zip.end();
  if (failed.error) throw failed.error;

  const points = runs.reduce((n, r) => n + r.metrics.reduce((m, s) => m + s.count, 0), 0);
  return { experiments: experiments.length, runs: runs.length, points, artifacts, bytes };
}

/** Writes a bundle into one Blob (the browser's download). */
export function writeBundleBlob(
  contents: BundleContents,
  options: WriteBundleOptions
): { blob: Blob; stats: BundleStats } {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const stats = writeBundle(contents, options, (c) => chunks.push(c as Uint8Array<ArrayBuffer>));
  return { blob: new Blob(chunks, { type: 'application/zip' }), stats };
}
