/**
 * The store read back into the model for a bundle: the runs of a selection, an experiment, an
 * import or the whole library, with every metric point, their experiments, artifacts on request,
 * and (for the whole library) the saved views. Runs keep the format in their stored key.
 */
import type { RunlensDb } from '../db/db';
import {
  listViews,
  readArtifacts,
  readLibrary,
  readRunEdits,
  readProvenance,
  readRegistry,
  readRunSeries
} from '../db/repo';
import type { ExperimentRow, RegistryRow, RunRow } from '../db/rows';
import type { Artifact, Experiment, ImportedBatch, RegisteredModel, Run } from '../model';
import type { BundleContents } from './bundle-format';

/** What to put in a bundle. */
export type BundleTarget =
  | { kind: 'runs'; keys: string[] }
  | { kind: 'experiment'; key: string }
  | { kind: 'import'; id: string }
  | { kind: 'all' };

/** The format a run was stored under: its key is `format|experimentId|id`. */
function keyFormat(run: RunRow): string {
  return run.key.slice(0, run.key.length - run.experimentId.length - run.id.length - 2);
}

function pickRuns(runs: RunRow[], target: BundleTarget): RunRow[] {
  switch (target.kind) {
    case 'all':
      return runs;
    case 'runs': {
      const keys = new Set(target.keys);
      return runs.filter((r) => keys.has(r.key));
    }
    case 'experiment':
      return runs.filter((r) => r.experimentKey === target.key);
    case 'import':
      return runs.filter((r) => r.importId === target.id);
  }
}

function pickExperiments(
  experiments: ExperimentRow[],
  runs: RunRow[],
  target: BundleTarget
): ExperimentRow[] {
  if (target.kind === 'all') return experiments;
  const keys = new Set(runs.map((r) => r.experimentKey));
  if (target.kind === 'experiment') keys.add(target.key);
  return experiments.filter(
    (e) => keys.has(e.key) || (target.kind === 'import' && e.importId === target.id)
  );
}

function toExperiment(e: ExperimentRow): Experiment {
  return {
    id: e.id,
    name: e.name,
    deleted: e.deleted,
    tags: e.tags,
    ...(e.placeholder ? { placeholder: true } : {})
  };
}

async function toRun(db: RunlensDb, row: RunRow, withBytes: boolean): Promise<Run> {
  const provenance = await readProvenance(db, row.key);
  const artifacts: Artifact[] = [];
  for (const a of await readArtifacts(db, row.key)) {
    const content = withBytes && a.blob ? new Uint8Array(await a.blob.arrayBuffer()) : null;
    artifacts.push({ path: a.path, size: a.size, mediaType: a.mediaType, content });
  }
  return {
    id: row.id,
    experimentId: row.experimentId,
    name: row.name,
    status: row.status,
    startTime: row.startTime,
    endTime: row.endTime,
    deleted: row.deleted,
    parentId: row.parentId,
    params: row.params,
    tags: row.tags,
    metrics: await readRunSeries(db, row),
    artifacts,
    source: { format: row.sourceFormat, file: row.sourceFile },
    ...(provenance ? { provenance: withoutKey(provenance) } : {})
  };
}

function withoutKey<T extends { runKey: string }>(row: T): Omit<T, 'runKey'> {
  const rest: Partial<T> = { ...row };
  delete rest.runKey;
  return rest as Omit<T, 'runKey'>;
}

/**
 * The registered models a bundle carries: all of them for the library, an import's own, and for
 * chosen runs or an experiment the models with a version those runs produced (only those versions).
 */
function pickRegistry(rows: RegistryRow[], runs: RunRow[], target: BundleTarget) {
  const model = (m: RegistryRow): RegisteredModel => ({
    name: m.name,
    store: m.store,
    description: m.description,
    tags: m.tags,
    aliases: m.aliases,
    created: m.created,
    updated: m.updated,
    versions: m.versions,
    from: m.from
  });
  if (target.kind === 'all') return rows.map((m) => ({ format: m.sourceFormat, model: model(m) }));
  if (target.kind === 'import') {
    return rows
      .filter((m) => m.importId === target.id)
      .map((m) => ({ format: m.sourceFormat, model: model(m) }));
  }
  const ids = new Set(runs.map((r) => r.id));
  return rows.flatMap((m) => {
    const versions = m.versions.filter((v) => v.runId !== null && ids.has(v.runId));
    return versions.length > 0
      ? [{ format: m.sourceFormat, model: { ...model(m), versions } }]
      : [];
  });
}

/** Reads what `target` names into bundle contents, grouped by stored format. */
export async function collectBundle(
  db: RunlensDb,
  target: BundleTarget,
  options: { artifacts: boolean }
): Promise<BundleContents> {
  const library = await readLibrary(db);
  const runs = pickRuns(library.runs, target);
  const experiments = pickExperiments(library.experiments, runs, target);
  const byFormat = new Map<string, ImportedBatch>();
  const batchOf = (format: string) => {
    let batch = byFormat.get(format);
    if (!batch) byFormat.set(format, (batch = { experiments: [], runs: [] }));
    return batch;
  };
  for (const e of experiments) batchOf(e.sourceFormat).experiments.push(toExperiment(e));
  for (const r of runs) batchOf(keyFormat(r)).runs.push(await toRun(db, r, options.artifacts));
  for (const { format, model } of pickRegistry(await readRegistry(db), runs, target)) {
    (batchOf(format).registry ??= []).push(model);
  }
  return {
    batches: [...byFormat].map(([format, batch]) => ({ format, batch })),
    views: target.kind === 'all' ? await listViews(db) : [],
    // The runs go as imported, their edits beside them (applied again where they are opened).
    edits: await readRunEdits(
      db,
      runs.map((r) => r.key)
    )
  };
}
