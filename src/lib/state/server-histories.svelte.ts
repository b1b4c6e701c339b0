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
import { SERVER_FORMAT } from '../mlflow-server/map-json';
import { runlensWorker } from '../worker/client';

/** Keys of runs read from a tracking server (db/rows.ts's runKey with SERVER_FORMAT). */
const SERVER_KEY_PREFIX = `${SERVER_FORMAT}|`;

class ServerHistories {
  /** Fetches in flight: the page shows "Loading every point…" while > 0. */
  loading = $state(0);
  #inFlight = new Map<string, Promise<void>>();

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
   * Fetches the overview of `metric` for those of the server runs stored with its latest value
   * only; the worker skips the others without a request, so asking again costs a row read.
   */
  overviews(runKeys: readonly string[], metric: string): Promise<void> {
    const server = runKeys.filter((k) => k.startsWith(SERVER_KEY_PREFIX));
    if (server.length === 0) return Promise.resolve();
    const id = JSON.stringify(['overview', server, metric]);
    let pending = this.#inFlight.get(id);
    if (!pending) {
      pending = runlensWorker()
        .loadServerOverviews({
          runKeys: [...server],
          metrics: [metric],
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
   * first (when that fails, the latest values are drawn and the note says why); a zoom into a range of sampled lines fetches their full histories first and
   * draws the range from every point; when that fails, the sampled lines stay and the note says
   * why.
   */
  async chartLoad(
    request: ChartRequest,
    load: (request: ChartRequest) => Promise<ChartFrame>
  ): Promise<ChartFrame> {
    let overviewFailed: string | null = null;
    try {
      await this.overviews(request.runKeys, request.metric);
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

export const serverHistories = new ServerHistories();
