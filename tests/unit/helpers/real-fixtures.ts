/**
 * Runs the app's importers over the real third-party exports in tests/fixtures/real (copied
 * byte for byte from ../shared/fixtures/real) and checks each set three ways: under its own
 * names, under meaningless names, and written as Runlens JSON and read back.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { expect } from 'vitest';
import { collectInputs } from '../../../src/lib/cli/disk-source';
import { writeRunlensJson } from '../../../src/lib/export/runlens-json-writer';
import type { FileError } from '../../../src/lib/importers/errors';
import type { Importer } from '../../../src/lib/importers/importer';
import { IMPORTERS } from '../../../src/lib/importers/registry';
import { sourceFromBytes } from '../../../src/lib/importers/source';
import { summarizeSeries, type ImportedBatch } from '../../../src/lib/model';
import { parseFiles } from '../../../src/lib/worker/import-pipeline';

export const REAL_FIXTURES = 'tests/fixtures/real';
const MANIFESTS = 'tests/fixtures/manifest';

/** What must come out of one set; counted independently of the importer (see `how`). */
export interface ManifestEntry {
  /** Folder under tests/fixtures/real, e.g. `mlflow-filestore/taxifaremodel-lewagon`. */
  set: string;
  /** Paths (relative to the set) to import, as a person would drop them; default: the set. */
  inputs?: string[];
  /** Importer id every run must come from. */
  format: string;
  expect: {
    experiments: number;
    runs: number;
    deleted: number;
    nested: number;
    params: number;
    points: number;
    /** Files rejected with an error (expected failures are listed, not hidden). */
    errors: number;
  };
  /** How the expected numbers were counted (the shell commands), and what is odd in the set. */
  how: string;
}

export function readManifest(name: string): ManifestEntry[] {
  return JSON.parse(readFileSync(join(MANIFESTS, `${name}.json`), 'utf8')) as ManifestEntry[];
}

export interface ImportResult {
  batches: ImportedBatch[];
  formats: string[];
  errors: FileError[];
}

/** Imports files and folders from disk exactly as `runlens summary` does. */
export async function importFromDisk(
  paths: string[],
  cwd: string,
  importers: readonly Importer[] = IMPORTERS
): Promise<ImportResult> {
  const collected = await collectInputs(paths, cwd);
  const noop = () => {};
  const { parsed, errors } = await parseFiles(collected.inputs, importers, noop, noop);
  return {
    batches: parsed.map((p) => p.batch),
    formats: [...new Set(parsed.map((p) => p.format))],
    errors: [...collected.errors, ...errors]
  };
}

/** The counts a manifest entry states. */
export function countResult(result: ImportResult): ManifestEntry['expect'] {
  const runs = result.batches.flatMap((b) => b.runs);
  const experiments = new Set(result.batches.flatMap((b) => b.experiments.map((e) => e.id)));
  const deletedExperiments = new Set(
    result.batches.flatMap((b) => b.experiments.filter((e) => e.deleted).map((e) => e.id))
  );
  return {
    experiments: experiments.size,
    runs: runs.length,
    deleted: runs.filter((r) => r.deleted || deletedExperiments.has(r.experimentId)).length,
    nested: runs.filter((r) => r.parentId !== null).length,
    params: runs.reduce((n, r) => n + r.params.size, 0),
    points: runs.reduce((n, r) => n + r.metrics.reduce((m, s) => m + s.values.length, 0), 0),
    errors: result.errors.length
  };
}

/**
 * A per-run summary for comparing two imports of the same data (source and file names left out).
 * `renamed` maps names given to the dropped inputs back to their own names: a folder format may
 * name an experiment after the folder that was dropped (TensorBoard's logdir), and that name alone
 * may follow the rename.
 */
export function runSummaries(
  result: ImportResult,
  renamed: ReadonlyMap<string, string> = new Map()
): unknown[] {
  const names = new Map(
    result.batches.flatMap((b) => b.experiments.map((e) => [e.id, renamed.get(e.name) ?? e.name]))
  );
  return (
    result.batches
      .flatMap((b) => b.runs)
      .map((r) => ({
        experiment: names.get(r.experimentId) ?? null,
        id: r.id,
        name: r.name,
        status: r.status,
        deleted: r.deleted,
        parentId: r.parentId,
        startTime: r.startTime,
        endTime: r.endTime,
        params: [...r.params].sort(([a], [b]) => (a < b ? -1 : 1)),
        tags: [...r.tags].sort(([a], [b]) => (a < b ? -1 : 1)),
        metrics: r.metrics
          .map((m) => ({ key: m.key, ...summarizeSeries(m) }))
          .sort((a, b) => (a.key < b.key ? -1 : 1)),
        artifacts: r.artifacts.map((a) => `${a.path}:${a.size}`).sort()
      }))
      // Experiments may share a name (three KerasTuner projects called untitled_project) and
      // their runs an id, so ties are broken by the whole summary: the order never depends on paths.
      .map((s) => ({ s, key: `${s.experiment}/${s.id}`, all: JSON.stringify(s) }))
      .sort((a, b) => (a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.all < b.all ? -1 : 1))
      .map(({ s }) => s)
  );
}

/** Copies `paths` (relative to `from`) into a temp folder under meaningless names. */
function copyUnderMeaninglessNames(
  from: string,
  paths: string[]
): { cwd: string; paths: string[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'runlens-unknown-'));
  const renamed = paths.map((p, i) => {
    const name = i === 0 ? 'unknown' : `unknown-${i}`;
    const source = join(from, p);
    if (statSync(source).isDirectory()) cpSync(source, join(cwd, name), { recursive: true });
    else writeFileSync(join(cwd, name), readFileSync(source));
    return name;
  });
  return { cwd, paths: renamed };
}

/** Checks one manifest entry: counts, meaningless names, and a Runlens JSON round trip. */
export async function checkThreeWays(
  entry: ManifestEntry,
  importers: readonly Importer[] = IMPORTERS
) {
  const from = join(REAL_FIXTURES, entry.set);
  const inputs = entry.inputs ?? readdirSync(from).filter((n) => !n.startsWith('.'));
  const own = await importFromDisk(inputs, from, importers);
  expect(countResult(own), `${entry.set}: counts`).toEqual(entry.expect);
  if (own.batches.length > 0) expect(own.formats, `${entry.set}: importer`).toEqual([entry.format]);

  const renamed = copyUnderMeaninglessNames(from, inputs);
  const blind = await importFromDisk(renamed.paths, renamed.cwd, importers);
  const ownNames = new Map(renamed.paths.map((p, i) => [p, basename(resolve(from, inputs[i]!))]));
  expect(
    runSummaries(blind, ownNames),
    `${entry.set}: same result under meaningless names`
  ).toEqual(runSummaries(own));

  const bundle = own.batches.map((b, i) => ({
    path: `bundle-${i}.json`,
    bytes: new TextEncoder().encode(writeRunlensJson(b))
  }));
  const noop = () => {};
  const again = await parseFiles(
    bundle.map((b) => sourceFromBytes(b.path, b.bytes)),
    importers,
    noop,
    noop
  );
  const reimported: ImportResult = {
    batches: again.parsed.map((p) => p.batch),
    formats: [],
    errors: again.errors
  };
  expect(reimported.errors).toEqual([]);
  expect(
    runSummaries(reimported),
    `${entry.set}: same result after a Runlens JSON round trip`
  ).toEqual(runSummaries(own));
  return own;
}
