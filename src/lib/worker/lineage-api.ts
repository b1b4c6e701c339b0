/**
 * Gathers what the lineage graphs are drawn from (../provenance/lineage.ts): a run's provenance,
 * its parent and its registry versions; for each registered model, its versions, the runs that
 * made them and the datasets those runs read. Reads only; the graphs are laid out here, in the
 * worker, so the page draws them as they come.
 */
import type { RunlensDb } from '../db/db';
import { readProvenance, readRegistry, readRun } from '../db/repo';
import type { RunFamily } from '../explorer/explorer-types';
import {
  modelLineage,
  runLineage,
  type LineageGraph,
  type LineageRunRef
} from '../provenance/lineage';
import { registrationsOf, registryView } from '../provenance/registry-view';

export async function readRunLineage(
  db: RunlensDb,
  runKey: string,
  family: (key: string) => Promise<RunFamily>
): Promise<LineageGraph | null> {
  const run = await readRun(db, runKey);
  if (!run) return null;
  const [provenance, registry, { parent }] = await Promise.all([
    readProvenance(db, runKey),
    readRegistry(db),
    family(runKey)
  ]);
  const parentRef: LineageRunRef | null =
    parent ?? (run.parentId ? { key: null, id: run.parentId, name: null } : null);
  return runLineage({
    run: { key: run.key, id: run.id, name: run.name },
    parent: parentRef,
    data: provenance?.data ?? [],
    models: provenance?.models ?? [],
    versions: registrationsOf(registry, run.id)
  });
}

/** Model key → its lineage graph, for every registered model. */
export async function readModelLineages(db: RunlensDb): Promise<Map<string, LineageGraph>> {
  const models = registryView(await readRegistry(db), await db.runs.toArray());
  const runKeys = [
    ...new Set(models.flatMap((m) => m.versions.flatMap((v) => (v.run ? [v.run.key] : []))))
  ];
  const provenance = await db.provenance.bulkGet(runKeys);
  const dataByRun = new Map(runKeys.map((k, i) => [k, provenance[i]?.data ?? []]));
  return new Map(
    models.map((m) => [
      m.key,
      modelLineage(
        m.versions.map((v) => ({
          modelKey: m.key,
          model: m.name,
          version: v.version,
          stage: v.stage,
          aliases: v.aliases,
          source: v.source,
          runId: v.runId,
          run: v.run && v.runId ? { key: v.run.key, id: v.runId, name: v.run.name } : null,
          data: v.run ? (dataByRun.get(v.run.key) ?? []) : []
        }))
      )
    ])
  );
}
