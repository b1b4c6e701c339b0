// Provenance and the model registry survive Runlens's own formats bit for bit: real exports (the
// export-import Databricks sklearn_wine set with its dataset inputs, model.json and version.json;
// a W&B run with its metadata; an MLflow 3 FileStore with a logged model and a registry alias)
// are written as Runlens JSON and as a .runlens bundle, read again, and compared field by field
// and through `runlens summary --json`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/lib/cli/disk-source';
import { buildSummary, type SummaryDocument } from '../../src/lib/cli/summary';
import type { BatchFromFile } from '../../src/lib/db/prepare';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { sourceFromBytes } from '../../src/lib/importers/source';
import type { Provenance } from '../../src/lib/model';
import { parseFiles, type ParsedFiles } from '../../src/lib/worker/parse-files';
import { createWorkerApi } from '../../src/lib/worker/worker-api';
import { freshDb } from './helpers/db';
import { importBytes, storeLibrary } from './helpers/bundle-fixtures';
import { REAL_FIXTURES } from './helpers/real-fixtures';

const SETS = [
  'mlflow-export-import/mlflow-export-import-samples-2026/samples/databricks/single/versions/sklearn_wine',
  'wandb/cs6910-ffnn-sweeps-wandb-0.16.3-2024',
  'mlflow-registry/advance-mlflow3-alias-2025'
];

const noop = () => {};

async function importSet(set: string): Promise<ParsedFiles> {
  const from = join(REAL_FIXTURES, set);
  const collected = await collectInputs(['.'], from);
  return parseFiles(collected.inputs, undefined, noop, noop);
}

function summaryOf(parsed: ParsedFiles): SummaryDocument {
  return buildSummary(parsed);
}

/** Per run id: what a round trip must keep (the run's own source and file may change). */
function provenanceById(parsed: ParsedFiles): Map<string, Provenance | undefined> {
  return new Map(parsed.parsed.flatMap((p) => p.batch.runs.map((r) => [r.id, r.provenance])));
}

function summaryParts(doc: SummaryDocument) {
  return {
    runs: doc.runs
      .map((r) => ({ id: r.id, inputs: r.inputs, models: r.models, provenance: r.provenance }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    registry: doc.registry.map(({ source: _source, ...m }) => m)
  };
}

describe.each(SETS)('%s through Runlens JSON and a bundle', (set) => {
  it('keeps provenance and the registry bit for bit', async () => {
    const own = await importSet(set);
    expect(own.errors).toEqual([]);
    const provenance = provenanceById(own);
    expect([...provenance.values()].some((p) => p !== undefined)).toBe(true);

    // Runlens JSON: one document per parsed batch, read back by the runlens-json importer.
    const json = own.parsed.map((p, i) =>
      sourceFromBytes(`again-${i}.json`, new TextEncoder().encode(writeRunlensJson(p.batch)))
    );
    const fromJson = await parseFiles(json, undefined, noop, noop);
    expect(fromJson.errors).toEqual([]);
    expect(provenanceById(fromJson)).toEqual(provenance);
    expect(summaryParts(summaryOf(fromJson))).toEqual(summaryParts(summaryOf(own)));

    // Bundle: stored, exported whole, restored into a fresh library, and read by the CLI path.
    const db = freshDb();
    await storeLibrary(db, own.parsed as BatchFromFile[]);
    const blob = await createWorkerApi(db).exportBundle({ kind: 'all' }, { artifacts: true });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const restored = freshDb();
    const outcome = await importBytes(restored, 'library.runlens', bytes);
    expect(outcome.errors).toEqual([]);
    const rows = async (d: typeof db) => ({
      provenance: await d.provenance.orderBy('runKey').toArray(),
      registry: (await d.registry.orderBy('key').toArray()).map(({ importId: _, ...m }) => m)
    });
    expect(await rows(restored)).toEqual(await rows(db));
    const fromBundle = await parseFiles(
      [sourceFromBytes('library.runlens', bytes)],
      undefined,
      noop,
      noop
    );
    expect(fromBundle.errors).toEqual([]);
    // The library lists runs by key, so the bundle's order is not the files'.
    const byId = (doc: SummaryDocument) => [...doc.runs].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(summaryOf(fromBundle))).toEqual(byId(summaryOf(own)));
    expect(summaryOf(fromBundle).registry).toEqual(summaryOf(own).registry);
  });
});
