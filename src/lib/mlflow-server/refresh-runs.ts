/**
 * Refreshing runs fetched before from a tracking server: one listing of the runs the import's
 * query matches (runs/search, each metric's latest value only), compared with what is cached, then
 * full histories only for what changed: every metric of a new run, and of an updated run only the
 * metrics whose latest (step, value) moved. Runs deleted on the server since are found with one
 * DELETED_ONLY listing. Pure over the client: the worker stores the result (server-refresh.ts),
 * live-follow uses the same code for one run.
 */
import type { Experiment, MetricSeries, Run, RunStatus } from '../model';
import { loadRegexEngine, mayUseRegex, parseQuery } from '../query';
import { finishLocally } from './finish-locally';
import { splitQuery } from './filter-split';
import { listMatchingRuns, pool, readsHistories } from './pull-runs';
import type { MlflowServerClient } from './rest-client';
import { allRuns } from './run-pages';

/** What is cached of a server run: enough to tell whether the server has more of it. */
export interface CachedServerRun {
  id: string;
  experimentId: string;
  name: string | null;
  status: RunStatus;
  endTime: number | null;
  deleted: boolean;
  params: ReadonlyMap<string, string>;
  tags: ReadonlyMap<string, string>;
  /** Per metric, the latest record's step and value (MetricSummary's lastStep and last). */
  metrics: ReadonlyMap<string, { lastStep: number; last: number }>;
}

/** The query an import was fetched with, kept with it so a refresh asks the same. */
export interface ServerQuery {
  /** Experiment ids or names; all active experiments when empty. */
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  maxRuns?: number;
}

export interface RunChange {
  /** The run as the server has it now, its changed metrics with full histories. */
  run: Run;
  /** Metrics whose history was fetched again (in `run.metrics`). */
  changedMetrics: string[];
  /** Metrics the server has nothing new for: their cached histories stand. */
  keptMetrics: string[];
}

export interface RefreshResult {
  experiments: Experiment[];
  /** Runs the query matches that were not cached, with full histories and artifact listings. */
  newRuns: Run[];
  updated: RunChange[];
  /** Ids of cached runs that are deleted on the server now. */
  deletedIds: string[];
  /** Cached runs the server has nothing new for. */
  unchanged: number;
  /** Metric points fetched. */
  points: number;
}

export interface RefreshOptions {
  /** Only these run ids (live-follow of one run): looked up by id, no deleted-run listing. */
  runIds?: readonly string[];
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

const sameNumber = (a: number, b: number) => Object.is(a, b) || a === b;

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * The metrics of a run from runs/search whose latest record differs from the cached one (new
 * metrics included), and whether anything else about the run changed. A point logged at an
 * earlier step than the latest leaves runs/search's answer as it was: MLflow gives no cheaper way
 * to see it than reading every history, which a refresh exists to avoid.
 */
export function compareRun(
  cached: CachedServerRun,
  latest: Run
): { changedMetrics: string[]; changed: boolean } {
  const changedMetrics: string[] = [];
  for (const series of latest.metrics) {
    const was = cached.metrics.get(series.key);
    const n = series.values.length - 1;
    if (
      !was ||
      n < 0 ||
      !sameNumber(was.lastStep, series.steps[n]!) ||
      !sameNumber(was.last, series.values[n]!)
    )
      changedMetrics.push(series.key);
  }
  const changed =
    changedMetrics.length > 0 ||
    latest.metrics.length !== cached.metrics.size ||
    latest.status !== cached.status ||
    latest.endTime !== cached.endTime ||
    latest.name !== cached.name ||
    latest.deleted !== cached.deleted ||
    !sameMap(latest.params, cached.params) ||
    !sameMap(latest.tags, cached.tags);
  return { changedMetrics, changed };
}

const quote = (id: string) => `'${id.replace(/'/g, "''")}'`;

/** Lists what the server has now for the cached runs' query and fetches what changed. */
export async function refreshRuns(
  client: MlflowServerClient,
  cached: readonly CachedServerRun[],
  query: ServerQuery,
  options: RefreshOptions = {}
): Promise<RefreshResult> {
  const filter = query.filter ?? '';
  if (mayUseRegex(filter)) await loadRegexEngine();
  const parsed = parseQuery(filter);
  if (!parsed.ok) throw new SyntaxError(`the filter is not valid: ${parsed.error.message}`);
  const split = splitQuery(parsed.ast);

  const all = await client.allExperiments('ACTIVE_ONLY');
  const wanted = new Set(
    options.runIds ? cached.map((c) => c.experimentId) : (query.experimentIds ?? [])
  );
  const experiments =
    wanted.size > 0 ? all.filter((e) => wanted.has(e.id) || wanted.has(e.name)) : all;
  const byId = new Map(cached.map((c) => [c.id, c]));

  let listed: Run[];
  if (options.runIds) {
    // One run (or a few) by id: the query does not apply, the run is followed whatever it is.
    listed = (
      await client.searchRuns({
        experimentIds: experiments.map((e) => e.id),
        filter: `attributes.run_id IN (${options.runIds.map(quote).join(', ')})`,
        maxResults: options.runIds.length,
        runViewType: 'ALL'
      })
    ).items;
  } else {
    listed = await listMatchingRuns(client, experiments, split, {
      orderBy: query.orderBy,
      maxRuns: query.maxRuns
    });
  }

  const newRuns: Run[] = [];
  const updated: RunChange[] = [];
  let unchanged = 0;
  for (const run of listed) {
    const was = byId.get(run.id);
    if (!was) {
      newRuns.push(run);
      continue;
    }
    const { changedMetrics, changed } = compareRun(was, run);
    if (changed) {
      const moved = new Set(changedMetrics);
      const keptMetrics = run.metrics.map((m) => m.key).filter((k) => !moved.has(k));
      updated.push({ run, changedMetrics, keptMetrics });
    } else unchanged++;
  }

  const deletedIds: string[] = [];
  if (options.runIds) {
    for (const run of listed)
      if (run.deleted && !byId.get(run.id)?.deleted) deletedIds.push(run.id);
  } else if (experiments.length > 0 && cached.some((c) => !c.deleted)) {
    const gone = await allRuns(client, {
      experimentIds: experiments.map((e) => e.id),
      runViewType: 'DELETED_ONLY',
      maxResults: 1000
    });
    for (const run of gone)
      if (byId.has(run.id) && !byId.get(run.id)!.deleted) deletedIds.push(run.id);
  }

  // Full histories: every metric of a new run, the changed ones of an updated run.
  let points = 0;
  let done = 0;
  const jobs: { run: Run; keys: string[]; listArtifacts: boolean }[] = [
    ...newRuns.map((run) => ({ run, keys: run.metrics.map((m) => m.key), listArtifacts: true })),
    // A running run may have logged artifacts since: listings are one request each.
    ...updated.map((u) => ({ run: u.run, keys: u.changedMetrics, listArtifacts: true }))
  ];
  const total = jobs.length;
  options.onProgress?.(done, total);
  await pool(jobs, options.concurrency ?? 4, async ({ run, keys, listArtifacts }) => {
    const fetched = new Map<string, MetricSeries>();
    for (const key of keys) {
      const { series } = await client.fullHistory(run.id, key);
      fetched.set(key, series);
      points += series.values.length;
    }
    run.metrics = run.metrics.filter((m) => fetched.has(m.key)).map((m) => fetched.get(m.key)!);
    if (listArtifacts) run.artifacts = await client.listArtifacts(run.id);
    options.onProgress?.(++done, total);
  });

  // A local part that reads histories (min(), mean()…) is finished once new runs have theirs.
  const kept =
    !options.runIds && readsHistories(split.local)
      ? finishLocally(newRuns, split.local, experiments)
      : newRuns;
  return { experiments, newRuns: kept, updated, deletedIds, unchanged, points };
}

/** "3 new runs, 2 updated, 1 deleted" (or "nothing new"): what a refresh says it fetched. */
export function describeRefresh(result: {
  newRuns: number;
  updated: number;
  deleted: number;
}): string {
  const parts: string[] = [];
  const n = (count: number, one: string, many: string) =>
    `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
  if (result.newRuns > 0) parts.push(n(result.newRuns, 'new run', 'new runs'));
  if (result.updated > 0) parts.push(`${result.updated.toLocaleString('en-US')} updated`);
  if (result.deleted > 0) parts.push(`${result.deleted.toLocaleString('en-US')} deleted`);
  return parts.length > 0 ? parts.join(', ') : 'nothing new';
}
