/**
 * Fetches runs from a tracking server into one ImportedBatch: the experiments asked for, every run
 * the filter matches (pushed down where MLflow can, finished locally for the rest), each metric's
 * full history and the artifacts' listing. `runlens pull` writes the batch as a bundle; the app
 * can store it the way it stores an import.
 */
import type { Experiment, ImportedBatch, Run } from '../model';
import { loadRegexEngine, mayUseRegex, parseQuery, type QueryNode } from '../query';
import { MlflowServerError } from './errors';
import { finishLocally } from './finish-locally';
import { splitQuery, type SplitQuery } from './filter-split';
import { MAX_BULK_RUNS, type MlflowServerClient, type ViewType } from './rest-client';
import { runPages } from './run-pages';

export interface PullProgress {
  phase: 'experiments' | 'runs' | 'histories' | 'artifacts';
  done: number;
  /** Null while the total is not known (runs arrive page by page). */
  total: number | null;
}

export interface PullOptions {
  /** Experiment names or ids; all active experiments when empty. */
  experiments?: readonly string[];
  /** A Runlens filter (../query grammar); MLflow's own filters are a subset of it. */
  filter?: string;
  includeDeleted?: boolean;
  /** runs/search `order_by` clauses, e.g. `metrics.loss ASC`: the order the server pages in. */
  orderBy?: readonly string[];
  /**
   * At most this many runs (after the local part of the filter), the first ones in `orderBy`'s
   * order: pages stop being fetched once enough runs matched. All when absent.
   */
  maxRuns?: number;
  /** List each run's artifacts (names, sizes; never the bytes). Default true. */
  artifacts?: boolean;
  /**
   * `full` (default): every point of every metric (get-history, paged), what a bundle needs.
   * `sampled`: the overview of get-history-bulk-interval (≤ 320 points a run, ≤ 100 runs a
   * call), each series marked `completeness: 'sampled'` unless the answer shows it whole; the app
   * fetches every point later, on demand (../worker/server-full-histories.ts). A filter that
   * needs histories (min(), mean()…) still fetches every point. `latest`: no history request
   * at all; each metric keeps runs/search's latest value, marked `completeness: 'latest'` (the
   * app fetches a metric's overview when it charts it, ../worker/server-overviews.ts).
   */
  histories?: 'full' | 'sampled' | 'latest';
  /** Requests in flight at once for histories and artifact listings (default 4). */
  concurrency?: number;
  /** runs/search page size (default 1,000). */
  pageSize?: number;
  onProgress?: (progress: PullProgress) => void;
}

export interface PullResult {
  batch: ImportedBatch;
  split: SplitQuery;
  points: number;
}

/** Does the query read a metric figure that only the full history gives (min, max, mean…)? */
export function readsHistories(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(readsHistories);
    case 'not':
      return readsHistories(node.operand);
    case 'all':
      return false;
    default:
      return node.field.kind === 'metric' && node.field.summary !== 'last';
  }
}

/** Runs `task` over `items`, at most `limit` at a time; rejects with the first failure. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>
) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function chooseExperiments(all: readonly Experiment[], wanted: readonly string[], server: string) {
  if (wanted.length === 0) return [...all];
  return wanted.map((w) => {
    const found = all.find((e) => e.name === w) ?? all.find((e) => e.id === w);
    if (!found) {
      const names = all.map((e) => JSON.stringify(e.name)).join(', ');
      throw new MlflowServerError(
        'server',
        server,
        `has no experiment named ${JSON.stringify(w)} (it has ${names || 'none'}).`,
        null
      );
    }
    return found;
  });
}

/**
 * The runs a split filter matches, page by page, with each metric's latest value only: the local
 * part is finished on each page when it needs no history, so a limit stops the paging as soon as
 * enough runs matched. When it needs histories, every run the server matched comes back unfinished
 * (the caller finishes them after fetching histories).
 */
export async function listMatchingRuns(
  client: MlflowServerClient,
  experiments: readonly Experiment[],
  split: SplitQuery,
  options: Pick<PullOptions, 'orderBy' | 'maxRuns' | 'pageSize'> & {
    viewType?: ViewType;
    onPage?: (seen: number) => void;
  } = {}
): Promise<Run[]> {
  if (experiments.length === 0) return [];
  const afterHistories = readsHistories(split.local);
  const limit = options.maxRuns !== undefined && options.maxRuns > 0 ? options.maxRuns : Infinity;
  const runs: Run[] = [];
  const request = {
    experimentIds: experiments.map((e) => e.id),
    filter: split.serverFilter,
    orderBy: options.orderBy?.length ? [...options.orderBy] : undefined,
    maxResults: Math.min(options.pageSize ?? 1000, limit),
    runViewType: options.viewType ?? 'ACTIVE_ONLY'
  };
  // Without a limit every page is wanted: each is asked for while the one before is mapped.
  const everyPage = afterHistories || limit === Infinity;
  let seen = 0;
  for await (const page of runPages(client, request, everyPage)) {
    seen += page.items.length;
    runs.push(
      ...(afterHistories ? page.items : finishLocally(page.items, split.local, experiments))
    );
    options.onPage?.(seen);
    if (!afterHistories && runs.length >= limit) break;
  }
  return afterHistories ? runs : runs.slice(0, limit);
}

/** Everything `runlens pull` writes: experiments, runs with full histories, artifact listings. */
export async function pullRuns(
  client: MlflowServerClient,
  options: PullOptions = {}
): Promise<PullResult> {
  const progress = options.onProgress ?? (() => {});
  const concurrency = options.concurrency ?? 4;
  // RE2 is loaded on demand; a filter with a regex needs it before it parses.
  if (mayUseRegex(options.filter ?? '')) await loadRegexEngine();
  const parsed = parseQuery(options.filter ?? '');
  if (!parsed.ok) {
    throw new SyntaxError(
      `--filter: ${parsed.error.message} (at column ${parsed.error.position + 1})`
    );
  }
  const split = splitQuery(parsed.ast);
  const viewType: ViewType = options.includeDeleted ? 'ALL' : 'ACTIVE_ONLY';

  progress({ phase: 'experiments', done: 0, total: null });
  const experiments = chooseExperiments(
    await client.allExperiments(viewType),
    options.experiments ?? [],
    client.address
  );
  progress({ phase: 'experiments', done: experiments.length, total: experiments.length });

  const afterHistories = readsHistories(split.local);
  const limit = options.maxRuns !== undefined && options.maxRuns > 0 ? options.maxRuns : Infinity;
  let runs = await listMatchingRuns(client, experiments, split, {
    ...options,
    viewType,
    onPage: (seen) => progress({ phase: 'runs', done: seen, total: null })
  });
  let points = 0;
  if (options.histories === 'latest' && !afterHistories) {
    for (const run of runs) {
      run.metrics = run.metrics.map((m) => ({ ...m, completeness: 'latest' as const }));
      for (const m of run.metrics) points += m.values.length;
    }
  } else if (options.histories === 'sampled' && !afterHistories) {
    points = await fetchSampled(client, runs, concurrency, progress);
  } else {
    let done = 0;
    progress({ phase: 'histories', done, total: runs.length });
    await pool(runs, concurrency, async (run) => {
      const keys = run.metrics.map((m) => m.key);
      run.metrics = [];
      for (const key of keys) {
        const { series } = await client.fullHistory(run.id, key);
        run.metrics.push(series);
        points += series.values.length;
      }
      progress({ phase: 'histories', done: ++done, total: runs.length });
    });
  }
  if (afterHistories) runs = finishLocally(runs, split.local, experiments).slice(0, limit);

  if (options.artifacts ?? true) {
    let done = 0;
    progress({ phase: 'artifacts', done, total: runs.length });
    await pool(runs, concurrency, async (run) => {
      run.artifacts = await client.listArtifacts(run.id);
      progress({ phase: 'artifacts', done: ++done, total: runs.length });
    });
  } else {
    for (const run of runs) run.artifactsListed = false;
  }
  return { batch: { experiments, runs }, split, points };
}

/**
 * Replaces each run's one-point metrics (runs/search's latest values) with the sampled overview:
 * one bulk-interval call per metric and 100 runs. Progress counts the runs whose every metric
 * arrived. Returns the points.
 */
async function fetchSampled(
  client: MlflowServerClient,
  runs: Run[],
  concurrency: number,
  progress: (p: PullProgress) => void
): Promise<number> {
  const runsOf = new Map<string, Run[]>();
  for (const run of runs) {
    for (const m of run.metrics) {
      let list = runsOf.get(m.key);
      if (!list) runsOf.set(m.key, (list = []));
      list.push(run);
    }
  }
  const calls: { key: string; runs: Run[] }[] = [];
  for (const [key, list] of runsOf) {
    for (let i = 0; i < list.length; i += MAX_BULK_RUNS) {
      calls.push({ key, runs: list.slice(i, i + MAX_BULK_RUNS) });
    }
  }
  const waiting = new Map(runs.map((r) => [r, r.metrics.length]));
  let points = 0;
  let done = runs.filter((r) => r.metrics.length === 0).length;
  progress({ phase: 'histories', done, total: runs.length });
  await pool(calls, concurrency, async ({ key, runs: some }) => {
    const fetched = await client.sampledHistories(
      some.map((r) => r.id),
      key
    );
    for (const run of some) {
      const got = fetched.get(run.id);
      const at = run.metrics.findIndex((m) => m.key === key);
      // A run listed with the metric but absent from the overview keeps its latest value, sampled.
      const series = got
        ? {
            ...got.series,
            ...(got.completeness === 'sampled' ? { completeness: 'sampled' as const } : {})
          }
        : { ...run.metrics[at]!, completeness: 'sampled' as const };
      run.metrics[at] = series;
      points += series.values.length;
      const left = waiting.get(run)! - 1;
      waiting.set(run, left);
      if (left === 0) done++;
    }
    progress({ phase: 'histories', done, total: runs.length });
  });
  return points;
}
