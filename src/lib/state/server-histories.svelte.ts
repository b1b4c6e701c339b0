/**
 * Every point on demand for runs read from a tracking server: they are stored with MLflow's
 * sampled overview first, and this asks the worker for the full histories when a chart is zoomed
 * into a range, before a bundle is exported, or when the person clicks "Load every point"
 * (worker/server-full-histories.ts). Requests for the same runs and metrics share one fetch.
 */
import type { BundleTarget } from '../bundle/from-store';
import type { ChartFrame, ChartRequest } from '../compare/compare-types';
import { allSessionAuths } from '../components/server/session-auth';
import { runlensWorker } from '../worker/client';

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
   * A chart's load: a zoom into a range of sampled lines fetches their full histories first and
   * draws the range from every point; when that fails, the sampled lines stay and the note says
   * why.
   */
  async chartLoad(
    request: ChartRequest,
    load: (request: ChartRequest) => Promise<ChartFrame>
  ): Promise<ChartFrame> {
    const frame = await load(request);
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
