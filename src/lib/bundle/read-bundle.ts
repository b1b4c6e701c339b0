/**
 * Reads a `.runlens` bundle (docs/bundle-format.md) back into the model. The zip is unpacked with
 * the archive limits (entries, unpacked size, ratio), the header is upgraded to the current
 * version and checked, and every byte count and checksum must match before anything is returned:
 * a bundle is read whole or rejected with the file named and the problem said.
 */
import { ARCHIVE_LIMITS, expandZip } from '../importers/readers/zip';
import { ImportError } from '../importers/errors';
import { JsonReader } from '../importers/readers/json-reader';
import type { ImportSource } from '../importers/source';
import type { Artifact, Experiment, ImportedBatch, MetricSeries, Run, RunStatus } from '../model';
import {
  BUNDLE_FORMAT,
  HEADER_ENTRY,
  SERIES_ENTRY,
  type BundleContents,
  type BundleHeader,
  type BundleRun,
  type FormatBatch
} from './bundle-format';
import { crc32, decodeColumn, encodedLength } from './columns';
import { readBundleHeader } from './header-reader';
import { runKey, type RunEditRow } from '../db/rows';
import { readRegisteredModelJson } from '../provenance/wire';
import { BUNDLE_UPGRADES, upgradeBundle, type BundleUpgrade } from './upgrades';

export interface ReadBundleOptions {
  checkCancelled(): void;
  limits?: typeof ARCHIVE_LIMITS;
  /** Tests inject upgraders; the shipped list is BUNDLE_UPGRADES. */
  upgrades?: readonly BundleUpgrade[];
}

/** Is there an end-of-archive record in the last 64 KiB + 22 bytes (a zip comment may follow it)? */
function hasEndRecord(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 65_557; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      return true;
    }
  }
  return false;
}

async function unpack(source: ImportSource, options: ReadBundleOptions) {
  const bytes = await source.bytes();
  if (!hasEndRecord(bytes)) {
    throw new ImportError(source.path, 'is a truncated bundle (its zip has no end record)');
  }
  const files = await expandZip(source, options.checkCancelled, options.limits ?? ARCHIVE_LIMITS);
  const prefix = `${source.path}/`;
  const entries = new Map<string, Uint8Array>();
  for (const f of files) entries.set(f.path.slice(prefix.length), await f.bytes());
  return entries;
}

function parseHeader(file: string, bytes: Uint8Array | undefined): Record<string, unknown> {
  if (!bytes) throw new ImportError(file, `is not a Runlens bundle (no ${HEADER_ENTRY})`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(file, `${HEADER_ENTRY} is not valid JSON (${why})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImportError(file, `${HEADER_ENTRY} is not a JSON object`);
  }
  const header = value as Record<string, unknown>;
  if (header.format !== BUNDLE_FORMAT) {
    const found = typeof header.format === 'string' ? JSON.stringify(header.format) : 'none';
    throw new ImportError(
      file,
      `is not a Runlens bundle (format ${found}, expected "${BUNDLE_FORMAT}")`
    );
  }
  return header;
}

/** Every series column, cut from series.bin after its size and checksum were checked. */
function readSeries(file: string, header: BundleHeader, bin: Uint8Array | undefined) {
  if (!bin) throw new ImportError(file, `has no ${SERIES_ENTRY}`);
  let expected = 0;
  for (const run of header.runs) {
    for (const s of run.metrics) {
      for (const c of [s.steps, s.values, s.timestamps]) expected += encodedLength(c, s.count);
    }
  }
  if (expected !== header.series.bytes || bin.byteLength !== expected) {
    throw new ImportError(
      file,
      `${SERIES_ENTRY} holds ${bin.byteLength} bytes but the header describes ${expected} (series.bytes says ${header.series.bytes}); the bundle was altered or cut short`
    );
  }
  if (crc32(bin) !== header.series.crc32) {
    throw new ImportError(
      file,
      `${SERIES_ENTRY} does not match its checksum; the bundle is damaged`
    );
  }
  let at = 0;
  const take = (encoding: Parameters<typeof decodeColumn>[1], count: number) => {
    const length = encodedLength(encoding, count);
    const column = decodeColumn(bin.subarray(at, at + length), encoding, count);
    at += length;
    return column;
  };
  return header.runs.map((run) =>
    run.metrics.map((s): MetricSeries => ({
      key: s.key,
      steps: take(s.steps, s.count),
      values: take(s.values, s.count),
      timestamps: take(s.timestamps, s.count)
    }))
  );
}

function readArtifacts(
  file: string,
  run: BundleRun,
  path: string,
  entries: Map<string, Uint8Array>
): Artifact[] {
  return run.artifacts.map((a, i) => {
    if (a.entry === null)
      return { path: a.path, mediaType: a.mediaType, size: a.size, content: null };
    const content = entries.get(a.entry);
    const where = `${path}.artifacts[${i}] (${JSON.stringify(a.path)})`;
    if (!content)
      throw new ImportError(file, `${where}: entry ${JSON.stringify(a.entry)} is missing`);
    if (content.byteLength !== a.size || crc32(content) !== a.crc32) {
      throw new ImportError(
        file,
        `${where}: the bytes do not match the header's size and checksum`
      );
    }
    return { path: a.path, mediaType: a.mediaType, size: a.size, content };
  });
}

function toRun(run: BundleRun, metrics: MetricSeries[], artifacts: Artifact[]): Run {
  return {
    id: run.id,
    experimentId: run.experimentId,
    name: run.name,
    status: run.status as RunStatus,
    startTime: run.startTime === null ? null : Number(run.startTime),
    endTime: run.endTime === null ? null : Number(run.endTime),
    deleted: run.deleted,
    parentId: run.parentId,
    params: new Map(run.params),
    tags: new Map(run.tags),
    metrics,
    artifacts,
    source: { format: run.source.format, file: run.source.file },
    ...(run.provenance ? { provenance: run.provenance } : {})
  };
}

/** Reads a bundle into runs grouped by the format that first read them, plus its saved views. */
export async function readBundle(
  source: ImportSource,
  options: ReadBundleOptions
): Promise<BundleContents> {
  const file = source.path;
  const entries = await unpack(source, options);
  const raw = { header: parseHeader(file, entries.get(HEADER_ENTRY)), entries };
  const upgraded = upgradeBundle(raw, options.upgrades ?? BUNDLE_UPGRADES);
  if ('problem' in upgraded) throw new ImportError(file, upgraded.problem);
  const r = new JsonReader(file);
  const header = readBundleHeader(r, upgraded.header);
  options.checkCancelled();
  const series = readSeries(file, header, upgraded.entries.get(SERIES_ENTRY));

  const byFormat = new Map<string, ImportedBatch>();
  const batchOf = (format: string) => {
    let batch = byFormat.get(format);
    if (!batch) byFormat.set(format, (batch = { experiments: [], runs: [] }));
    return batch;
  };
  for (const e of header.experiments) {
    const experiment: Experiment = {
      id: e.id,
      name: e.name,
      deleted: e.deleted,
      tags: new Map(e.tags),
      ...(e.placeholder ? { placeholder: true } : {})
    };
    batchOf(e.format).experiments.push(experiment);
  }
  header.runs.forEach((run, i) => {
    const artifacts = readArtifacts(file, run, `runs[${i}]`, upgraded.entries);
    batchOf(run.format).runs.push(toRun(run, series[i]!, artifacts));
  });
  for (const { format, ...model } of header.registry) {
    const batch = batchOf(format);
    (batch.registry ??= []).push(readRegisteredModelJson(r, model, 'registry'));
  }
  const batches: FormatBatch[] = [...byFormat].map(([format, batch]) => ({ format, batch }));
  // An edit applies to a run of this bundle only: the key its run is stored under.
  const keys = new Set(header.runs.map((run) => runKey(run.format, run.experimentId, run.id)));
  const edits: RunEditRow[] = (header.edits ?? [])
    .filter((e) => keys.has(e.run))
    .map((e) => ({
      runKey: e.run,
      ...(e.name !== undefined ? { name: e.name } : {}),
      ...(e.note !== undefined ? { note: e.note } : {}),
      setTags: new Map(e.setTags),
      removedTags: e.removedTags,
      editedAt: e.editedAt
    }));
  return { batches, views: header.views, edits };
}
