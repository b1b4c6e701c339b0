/**
 * What MLflow's own client sees in the `mlflow.db` stores (read_mlflow_sqlite.py prints it), and
 * what Runlens should show for it (docs/mlflow-sqlite.md): a run per MLflow run, in an experiment
 * scoped by the store's path, with every point of every metric (±DBL_MAX read back as ±Infinity),
 * its params, tags, status and times, its dataset inputs and logged models (the summary's `inputs`
 * and `models`, docs/provenance.md) and the `runlens.registeredModels` tag of its registered model
 * versions. A store without runs gives nothing.
 */
import type { RunStatus } from '../../src/lib/model';
import type { ExpectedImport, ExpectedRun, JsonNumber } from './compare-summary';

export interface MlflowRunView {
  id: string;
  experiment_id: string;
  name: string;
  status: RunStatus;
  lifecycle_stage: 'active' | 'deleted';
  start_time: number | null;
  end_time: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Key → [step, timestamp, value] as get_metric_history returns them. */
  metrics: Record<string, [number, number, JsonNumber][]>;
  /** run.data.metrics: MLflow's own latest value of each metric. */
  latest: Record<string, JsonNumber>;
  datasets: { name: string; digest: string | null; context: string | null }[];
}

export interface MlflowStoreView {
  /** Path of the store below the logdir. */
  file: string;
  revision: string;
  experiments: {
    id: string;
    name: string;
    lifecycle_stage: 'active' | 'deleted';
    tags: Record<string, string>;
  }[];
  runs: MlflowRunView[];
  logged_models: { model_id: string; name: string; source_run_id: string | null }[];
  model_versions: {
    name: string;
    version: number;
    stage: string;
    run_id: string | null;
    aliases: string[];
  }[];
  traces: { count: number; spans: number };
}

export interface MlflowView {
  stores: MlflowStoreView[];
  /** Files below the logdir that are not stores (artifacts MLflow wrote beside them). */
  others: string[];
}

/** MLflow clamps ±Infinity to ±DBL_MAX when it stores a value; Runlens reads them back. */
export function restoreInfinity(value: JsonNumber): JsonNumber {
  if (value === Number.MAX_VALUE) return 'Infinity';
  if (value === -Number.MAX_VALUE) return '-Infinity';
  return value;
}

/** The experiment id Runlens gives an MLflow experiment: the store's path, `#`, MLflow's id. */
export function experimentId(logdirName: string, file: string, id: string): string {
  return `${logdirName}/${file}#${id}`;
}

/** A dataset input as the test compares it: `name (context, digest …)`. */
export function datasetEntry(d: {
  name: string;
  digest: string | null;
  context: string | null;
}): string {
  const details = [d.context, d.digest ? `digest ${d.digest}` : null].filter(Boolean);
  return `${d.name} (${details.join(', ') || 'no details'})`;
}

/** The `runlens.*` tags and the `inputs`/`models` entries of each run, from MLflow's API. */
function linkTags(store: MlflowStoreView): Map<string, Map<string, string>> {
  const links = new Map<string, Map<string, string[]>>();
  const add = (runId: string | null, tag: string, entry: string) => {
    if (!runId) return;
    let tags = links.get(runId);
    if (!tags) links.set(runId, (tags = new Map()));
    tags.set(tag, [...(tags.get(tag) ?? []), entry]);
  };
  for (const run of store.runs) {
    const sorted = [...run.datasets].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    );
    for (const d of sorted) add(run.id, 'inputs', datasetEntry(d));
  }
  const models = [...store.logged_models].sort((a, b) => (a.model_id < b.model_id ? -1 : 1));
  for (const m of models) add(m.source_run_id, 'models', `${m.name} ${m.model_id}`);
  const versions = [...store.model_versions].sort((a, b) =>
    a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.version - b.version
  );
  for (const v of versions) {
    const marks = [v.stage !== 'None' ? v.stage : null, ...v.aliases.map((a) => `@${a}`)];
    const shown = marks.filter(Boolean);
    add(
      v.run_id,
      'runlens.registeredModels',
      `${v.name} v${v.version}${shown.length ? ` (${shown.join(', ')})` : ''}`
    );
  }
  const out = new Map<string, Map<string, string>>();
  for (const [runId, tags] of links) {
    out.set(runId, new Map([...tags].map(([tag, list]) => [tag, list.join('; ')])));
  }
  return out;
}

/** Everything Runlens should show of a run beyond compareSummary's fields. */
export interface ExpectedRunExtras {
  experimentId: string;
  experimentName: string;
  name: string;
  deleted: boolean;
  parentId: string | null;
  tags: Map<string, string>;
  /** The summary's `inputs` and `models`, each entry as datasetEntry and `name id` spell it. */
  inputs: string[];
  models: string[];
}

export interface ExpectedMlflow {
  expected: ExpectedImport;
  extras: Map<string, ExpectedRunExtras>;
  /** Experiments of the stores that have runs, as `summary.experiments` should list them. */
  experiments: { id: string; name: string; deleted: boolean; runs: number }[];
  /** Store files that give no runs (`MLflow SQLite store file: no runs`). */
  empty: string[];
}

export function expectFromMlflow(view: MlflowView, logdirName: string): ExpectedMlflow {
  const runs = new Map<string, ExpectedRun>();
  const extras = new Map<string, ExpectedRunExtras>();
  const experiments: ExpectedMlflow['experiments'] = [];
  const empty: string[] = [];
  for (const store of view.stores) {
    if (store.runs.length === 0) {
      empty.push(`${logdirName}/${store.file}`);
      continue;
    }
    const links = linkTags(store);
    const byId = new Map(store.experiments.map((e) => [e.id, e]));
    for (const e of store.experiments) {
      experiments.push({
        id: experimentId(logdirName, store.file, e.id),
        name: e.name,
        deleted: e.lifecycle_stage === 'deleted',
        runs: store.runs.filter((r) => r.experiment_id === e.id).length
      });
    }
    for (const run of store.runs) {
      const from = `${store.file} › ${run.id}`;
      const metrics: ExpectedRun['metrics'] = new Map();
      for (const [key, points] of Object.entries(run.metrics)) {
        metrics.set(key, {
          points: points.map(([step, time, value]) => [step, time, restoreInfinity(value)]),
          from: [from]
        });
      }
      runs.set(run.id, {
        id: run.id,
        sources: [from],
        metrics,
        params: new Map(Object.entries(run.params)),
        status: run.status,
        note: run.tags['mlflow.note.content'] ?? null,
        artifacts: 0,
        startTime: run.start_time,
        endTime: run.end_time
      });
      const experiment = byId.get(run.experiment_id);
      const tags = new Map(Object.entries(run.tags));
      const linked = links.get(run.id) ?? new Map<string, string>();
      for (const [k, v] of linked) if (k.startsWith('runlens.')) tags.set(k, v);
      const list = (key: string) => (linked.has(key) ? linked.get(key)!.split('; ') : []);
      extras.set(run.id, {
        experimentId: experimentId(logdirName, store.file, run.experiment_id),
        experimentName: experiment?.name ?? run.experiment_id,
        name: run.name,
        deleted: run.lifecycle_stage === 'deleted' || experiment?.lifecycle_stage === 'deleted',
        parentId: run.tags['mlflow.parentRunId'] ?? null,
        tags,
        inputs: list('inputs'),
        models: list('models')
      });
    }
  }
  return {
    expected: { runs, truncated: [], readerProblems: [] },
    extras,
    experiments,
    empty
  };
}

/** The report line Runlens gives each store it read. */
export function expectedStoreWarning(store: MlflowStoreView): string {
  const left = store.traces.count > 0 ? [`${store.traces.count} trace_info`] : [];
  if (store.traces.spans > 0) left.push(`${store.traces.spans} spans`);
  return (
    `read as an MLflow 3.x SQLite store (schema ${store.revision})` +
    (left.length > 0 ? `; not run data, left out: ${left.join(', ')} rows` : '')
  );
}

/** How many runs the stores hold and which kinds of data they reach (`covers` in interop.js). */
export function mlflowFeatures(view: MlflowView): { runs: number; seen: Set<string> } {
  const seen = new Set<string>();
  let runs = 0;
  for (const store of view.stores) {
    if (store.runs.length === 0) seen.add('empty-store');
    if (store.experiments.some((e) => e.lifecycle_stage === 'deleted'))
      seen.add('deleted-experiment');
    if (store.traces.count > 0) seen.add('trace');
    if (store.logged_models.length > 0) seen.add('logged-model');
    for (const v of store.model_versions) {
      seen.add('registered-model');
      if (v.stage !== 'None') seen.add('stage');
      if (v.aliases.length > 0) seen.add('alias');
    }
    const ids = new Set(store.runs.map((r) => r.id));
    const parentOf = new Map(store.runs.map((r) => [r.id, r.tags['mlflow.parentRunId']]));
    for (const run of store.runs) {
      runs++;
      seen.add(`status:${run.status}`);
      if (run.lifecycle_stage === 'deleted') seen.add('deleted-run');
      if (run.datasets.length > 0) seen.add('dataset');
      // A grandchild: its parent has a parent in the same store.
      const parent = parentOf.get(run.id);
      if (parent && ids.has(parent)) seen.add('nested');
      if (parent && parentOf.get(parent)) seen.add('nested-chain');
      for (const [key, points] of Object.entries(run.metrics)) {
        if (points.length >= 2000) seen.add('long-history');
        if (key.startsWith('system/')) seen.add('system-metrics');
        if (points.some((p) => p[2] === 'NaN')) seen.add('nan');
        if (points.some((p) => Math.abs(Number(p[2])) === Number.MAX_VALUE)) seen.add('infinity');
        const steps = points.map((p) => p[0]);
        if (new Set(steps).size < steps.length) seen.add('repeated-step');
        // History comes ordered by time: a step below the one before it was logged after it.
        if (steps.some((s, i) => i > 0 && s < steps[i - 1]!)) seen.add('out-of-order');
      }
      if (Object.keys(run.params).some((k) => /[^\x20-\x7e]/.test(k + run.params[k])))
        seen.add('unicode-params');
      if (Object.values(run.tags).some((v) => /[^\x20-\x7e]/.test(v))) seen.add('unicode-tags');
    }
  }
  return { runs, seen };
}
