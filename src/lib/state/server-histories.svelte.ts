/**
 * Every point on demand for runs read from a tracking server: they are stored with MLflow's
 * sampled overview first, and this asks the worker for the full histories when a chart is zoomed
 * into a range, before a bundle is exported, or when the person clicks "Load every point"
 * (worker/server-full-histories.ts). Runs opened with their latest values only get the overview
 * of a metric when a chart of it loads (worker/server-overviews.ts). Requests for the same runs
 * and metrics share one fetch.
 */
import type { BundleTarget } from '../bundle/from-store';
import type { ChartFrame, ChartRequest } from '../compare/compare-types';
import { allSessionAuths } from '../components/server/session-auth';
import { SERVER_FORMAT } from '../mlflow-server/server-format';
import { runlensWorker } from '../worker/client';

/** Keys of runs read from a tracking server (db/rows.ts's runKey with SERVER_FORMAT). */
const SERVER_KEY_PREFIX = `${SERVER_FORMAT}|`;

class ServerHistories {
  /** Fetches in flight: the page shows "Loading every point…" while > 0. */
  loading = $state(0);
  /** Summaries waiting for every point of server runs (forSummary). */
  summaryLoading = $state(0);
  /** Why the last summary's fetch of every point failed: it is of the sampled overview. */
  summaryError = $state<string | null>(null);
  #inFlight = new Map<string, Promise<void>>();
  /** The summaries' fetches, chained (forSummary). */
  #summaries: Promise<void> = Promise.resolve();

  /** Replaces the sampled series of these runs (of `metrics`, or all) with every point. */
  complete(runs: BundleTarget, metrics: string[] | null): Promise<void> {
    const id = JSON.stringify([runs, metrics]);
    let pending = this.#inFlight.get(id);
    if (!pending) {
      this.loading++;
      pending = runlensWorker()
        .loadFullServerHistories({
          // Plain data: a $state proxy cannot cross to the worker.
          runs: JSON.parse(JSON.stringify(runs)) as BundleTarget,
          metrics,
          auths: allSessionAuths(typeof localStorage === 'undefined' ? null : localStorage),
          pageOrigin: typeof location === 'undefined' ? null : location.origin
        })
        .then((outcome) => {
          if (outcome.state === 'error') throw new Error(outcome.error ?? 'could not fetch');
        })
        .finally(() => {
          this.loading--;
          this.#inFlight.delete(id);
        });
      this.#inFlight.set(id, pending);
    }
    return pending;
  }

  /**
   * Before a summary that reads more than each metric's last value (the best, min, max or mean
   * of a history, the mean of its last k points), every point of `metrics` of the server runs
   * among `runKeys`: a server run holds its latest value or MLflow's sampled overview until then,
   * and the best of 320 sampled points is not the run's best. The last value is exact either
   * way, so `needsHistory` false costs nothing; series already whole are skipped by the worker.
   * When the fetch fails the summary is computed from what is stored and `summaryError` says so
   * (the comparison shows it above its panels).
   */
  async forSummary(
    runKeys: readonly string[],
    metrics: readonly string[],
    needsHistory: boolean
  ): Promise<void> {
    if (!needsHistory || metrics.length === 0) return;
    const server = runKeys.filter((k) => k.startsWith(SERVER_KEY_PREFIX));
    if (server.length === 0) return;
    this.summaryLoading++;
    // One after another: the panels ask at once for overlapping metrics (the statistics, the
    // target, the hyperparameters), and a later one then finds them whole instead of fetching
    // them a second time.
    const fetched = this.#summaries.then(() =>
      this.complete({ kind: 'runs', keys: server }, [...metrics])
    );
    this.#summaries = fetched.catch(() => undefined);
    try {
      await fetched;
      this.summaryError = null;
    } catch (error) {
      this.summaryError = error instanceof Error ? error.message : String(error);
    } finally {
      this.summaryLoading--;
    }
  }

  /**
   * Fetches the overview of `metrics` for those of the server runs stored with their latest value
   * only; the worker skips the others without a request, so asking again costs a row read.
   */
  overviews(runKeys: readonly string[], metrics: readonly string[]): Promise<void> {
    const server = runKeys.filter((k) => k.startsWith(SERVER_KEY_PREFIX));
    if (server.length === 0) return Promise.resolve();
    const id = JSON.stringify(['overview', server, metrics]);
    let pending = this.#inFlight.get(id);
    if (!pending) {
      pending = runlensWorker()
        .loadServerOverviews({
          runKeys: [...server],
          metrics: [...metrics],
          auths: allSessionAuths(typeof localStorage === 'undefined' ? null : localStorage),
          pageOrigin: typeof location === 'undefined' ? null : location.origin
        })
        .then((outcome) => {
          if (outcome.state === 'error') throw new Error(outcome.error ?? 'could not fetch');
        })
        .finally(() => this.#inFlight.delete(id));
      this.#inFlight.set(id, pending);
    }
    return pending;
  }

  /**
   * A chart's load: the overview of server runs opened with their latest values is fetched
   * first, of the charted metric and of the x axis's metric when x is another metric (a line
   * pairs the two by step, so a one-point x would draw one point); when that fails, the latest
   * values are drawn and the note says why. A zoom into a range of sampled lines fetches their
   * full histories first (both metrics) and draws the range from every point; when that fails,
   * the sampled lines stay and the note says why.
   */
  async chartLoad(
    request: ChartRequest,
    load: (request: ChartRequest) => Promise<ChartFrame>
  ): Promise<ChartFrame> {
    let overviewFailed: string | null = null;
    try {
      await this.overviews(request.runKeys, chartMetrics(request));
    } catch (error) {
      overviewFailed = error instanceof Error ? error.message : String(error);
    }
    const frame = await load(request);
    if (overviewFailed !== null) {
      return {
        ...frame,
        note: `${frame.note}; the overview could not be fetched: ${overviewFailed}`
      };
    }
    if (!frame.sampled || !request.xRange) return frame;
    try {
      await this.complete({ kind: 'runs', keys: frame.sampled.runKeys }, frame.sampled.metrics);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ...frame, note: `${frame.note}; every point could not be fetched: ${message}` };
    }
    return load(request);
  }
}

/** The metrics a chart reads: its own, and the x axis's when x is another metric. */
function chartMetrics(request: ChartRequest): string[] {
  const x = request.xAxis.kind === 'metric' ? request.xAxis.key : null;
  return x !== null && x !== request.metric ? [request.metric, x] : [request.metric];
}

export const serverHistories = new ServerHistories();
