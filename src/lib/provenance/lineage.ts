/**
 * Lineage graphs (issue 15, item 5): what went into a run and what came out, and for a registered
 * model which runs made its versions and what data those runs read. Drawn only from what the
 * exports state: a dataset input, a parent run id, a logged model, a registry version naming its
 * run, a version's source naming a logged model. Nothing is inferred from names or times.
 *
 * Pure and laid out here (positions in px), so the component only draws boxes and curves.
 */
import type { DatasetInput, LoggedModel } from '../model';
import { lineageLayout, type LineageGraph, type NodeDraft } from './lineage-layout';

export type { LineageGraph, LineageNode, LineageEdge } from './lineage-layout';

/** A run as the graph names and links it; `key` null when the run is not in the library. */
export interface LineageRunRef {
  key: string | null;
  id: string;
  name: string | null;
}

/** A registry version, with the source URI that may name the logged model it was made from. */
export interface LineageVersion {
  modelKey: string;
  model: string;
  version: string;
  stage: string | null;
  aliases: string[];
  source: string | null;
}

export interface RunLineageInput {
  run: LineageRunRef;
  parent: LineageRunRef | null;
  data: readonly DatasetInput[];
  models: readonly LoggedModel[];
  versions: readonly LineageVersion[];
}

const runHref = (r: LineageRunRef) => (r.key ? `/run?key=${encodeURIComponent(r.key)}` : null);
const modelHref = (model: string) => `/models#${encodeURIComponent(model)}`;

function datasetId(d: DatasetInput): string {
  return `dataset:${d.name}\u0000${d.digest ?? ''}`;
}

function datasetNode(d: DatasetInput): NodeDraft {
  const detail = [d.digest ? `digest ${d.digest.slice(0, 8)}` : null, d.context]
    .filter(Boolean)
    .join(' · ');
  return { id: datasetId(d), kind: 'dataset', label: d.name, detail, href: null };
}

function runNode(r: LineageRunRef, current: boolean, detail: string): NodeDraft {
  return {
    id: `run:${r.id}`,
    kind: 'run',
    label: r.name ?? r.id,
    detail: r.key ? detail : `${detail} (not imported)`,
    href: current ? null : runHref(r),
    current
  };
}

function modelId(m: LoggedModel, i: number): string {
  return `model:${m.id ?? m.artifactPath ?? i}`;
}

const DEFAULT_VERSION_DETAIL = 'registered version';

/** A version's box; within one model's graph the model's name goes without saying. */
function versionNode(v: LineageVersion, withModel = true): NodeDraft {
  const marks = [v.stage, ...v.aliases.map((a) => `@${a}`)].filter(Boolean).join(', ');
  return {
    id: `version:${v.modelKey}\u0000${v.version}`,
    kind: 'version',
    label: withModel ? `${v.model} v${v.version}` : `version ${v.version}`,
    detail: marks || DEFAULT_VERSION_DETAIL,
    href: modelHref(v.model)
  };
}

/**
 * The logged model a version was made from, when its source says so: MLflow 3 sources name the
 * model id (`models:/m-…`); MLflow 2 sources name the run's artifact path (`runs:/<run>/model`,
 * `…/artifacts/model`).
 */
export function versionSourceModel(
  source: string | null,
  models: readonly LoggedModel[]
): number | null {
  if (!source) return null;
  const byId = models.findIndex((m) => m.id !== null && source.includes(m.id));
  if (byId >= 0) return byId;
  const path = /^runs:\/[^/]+\/(.+)$/.exec(source)?.[1] ?? /\/artifacts\/(.+)$/.exec(source)?.[1];
  if (!path) return null;
  const trimmed = path.replace(/\/+$/, '');
  const byPath = models.findIndex((m) => m.artifactPath === trimmed);
  return byPath >= 0 ? byPath : null;
}

/**
 * The registry version a version was copied from (`models:/<name>/<version>`, as MLflow writes
 * when a version is registered from another, e.g. promoted to another model), among `versions`.
 */
export function versionSourceVersion(
  source: string | null,
  versions: readonly LineageVersion[]
): number | null {
  const m = source ? /^models:\/(.+)\/(\d+)$/.exec(source) : null;
  if (!m) return null;
  const at = versions.findIndex((v) => v.model === m[1] && v.version === m[2]);
  return at >= 0 ? at : null;
}

/** Where a version came from: a version it was copied from, the logged model, else the run. */
function versionParentId(
  v: LineageVersion,
  input: { models: readonly LoggedModel[]; versions: readonly LineageVersion[] },
  ids: { run: string; models: string[]; versions: string[] }
): string {
  const copied = versionSourceVersion(v.source, input.versions);
  if (copied !== null && input.versions[copied] !== v) return ids.versions[copied]!;
  const model = versionSourceModel(v.source, input.models);
  return model === null ? ids.run : ids.models[model]!;
}

/** Data in, the run (under its parent), models out, registry versions. */
export function runLineage(input: RunLineageInput): LineageGraph {
  const run = runNode(input.run, true, 'this run');
  const edges: [string, string][] = [];
  const data = uniqueDatasets(input.data).map(datasetNode);
  for (const d of data) edges.push([d.id, run.id]);
  const runColumn: NodeDraft[] = [];
  if (input.parent) {
    const parent = runNode(input.parent, false, 'parent run');
    runColumn.push(parent);
    edges.push([parent.id, run.id]);
  }
  runColumn.push(run);
  const models: NodeDraft[] = input.models.map((m, i) => ({
    id: modelId(m, i),
    kind: 'model',
    label: m.name ?? m.artifactPath ?? m.id ?? 'model',
    detail: m.flavors.slice(0, 2).join(', ') || 'logged model',
    href: null
  }));
  for (const m of models) edges.push([run.id, m.id]);
  const versions = input.versions.map((v) => versionNode(v));
  const ids = { run: run.id, models: models.map((m) => m.id), versions: versions.map((v) => v.id) };
  input.versions.forEach((v, i) => edges.push([versionParentId(v, input, ids), versions[i]!.id]));
  return lineageLayout(
    [
      { title: 'Data in', nodes: data },
      { title: 'Run', nodes: runColumn },
      { title: 'Models out', nodes: models },
      { title: 'Registry', nodes: versions }
    ],
    edges
  );
}

/** One version of a model with the run that made it and that run's dataset inputs. */
export interface ModelLineageVersion extends LineageVersion {
  runId: string | null;
  run: LineageRunRef | null;
  data: readonly DatasetInput[];
}

/**
 * Data in, the runs that made the versions, the versions. A dataset several runs read is one box
 * with an edge to each: the graph shows which versions share their data.
 */
export function modelLineage(versions: readonly ModelLineageVersion[]): LineageGraph {
  const data = new Map<string, NodeDraft>();
  const runs = new Map<string, NodeDraft>();
  const nodes: NodeDraft[] = [];
  const edges: [string, string][] = [];
  for (const v of versions) {
    const version = versionNode(v, false);
    nodes.push(version);
    // A version copied from another comes from it, as on the run's own graph.
    const copied = versionSourceVersion(v.source, versions);
    const from = copied !== null && versions[copied] !== v ? versions[copied]! : null;
    if (from) {
      edges.push([versionNode(from).id, version.id]);
      if (version.detail === DEFAULT_VERSION_DETAIL)
        version.detail = `copied from v${from.version}`;
    }
    if (v.runId === null) continue;
    const ref = v.run ?? { key: null, id: v.runId, name: null };
    let run = runs.get(ref.id);
    if (!run) runs.set(ref.id, (run = runNode(ref, false, 'source run')));
    if (!from) edges.push([run.id, version.id]);
    for (const d of uniqueDatasets(v.data)) {
      const node = datasetNode(d);
      if (!data.has(node.id)) data.set(node.id, node);
      edges.push([node.id, run.id]);
    }
  }
  return lineageLayout(
    [
      { title: 'Data in', nodes: [...data.values()] },
      { title: 'Runs', nodes: [...runs.values()] },
      { title: 'Versions', nodes }
    ],
    uniqueEdges(edges)
  );
}

/** Datasets by name and digest: a run that lists one for training and eval shows it once. */
function uniqueDatasets(data: readonly DatasetInput[]): DatasetInput[] {
  const seen = new Map<string, DatasetInput>();
  for (const d of data) {
    const id = datasetId(d);
    const had = seen.get(id);
    if (!had) seen.set(id, d);
    else if (d.context && had.context !== d.context)
      seen.set(id, { ...had, context: [had.context, d.context].filter(Boolean).join(', ') });
  }
  return [...seen.values()];
}

function uniqueEdges(edges: [string, string][]): [string, string][] {
  const seen = new Set<string>();
  return edges.filter(([a, b]) => {
    const id = `${a}\u0001${b}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
