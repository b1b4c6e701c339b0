import { NewestAnswers } from '../async/newest-wins';
import type { PanelAnswer, PanelInput, PanelKind } from '../compare/panel-engines';
import type { WorkerApi } from '../worker/api';
import { runlensWorker } from '../worker/client';
import { afterFirstChart } from './charts-first';
import { serverHistories } from './server-histories.svelte';

/**
 * How the comparison page's panels ask the worker, each lane newest-wins (issue 16, item 8): the
 * comparison state (comparison.svelte.ts) is one of these, so panels call these verbs on it.
 */
export class PanelAsking {
  /** The panels' requests, newest-wins per lane (see `ask`). */
  #answers = new NewestAnswers();

  /**
   * The one way the page's panels ask the worker (issue 16, item 8): `lane` names one panel's one
   * question ("stats", "chart:loss"); only the lane's newest answer reaches `apply`, so a slow
   * answer never replaces a newer one, and no component keeps a counter of its own. Tables and
   * other panels below the charts wait for the first chart's answer (charts-first.ts) unless
   * `first` says the request is a chart's own.
   */
  ask<T>(
    lane: string,
    question: () => Promise<T>,
    apply: (answer: T) => void,
    options: { failed?: (error: unknown) => void; first?: boolean } = {}
  ): void {
    const asked = options.first ? question : () => afterFirstChart().then(question);
    this.#answers.ask(lane, asked, apply, options.failed);
  }

  /**
   * A panel's request to the comparison engine in the worker, by the engine call's name: what a
   * new panel type adds is the call (compare-api.ts) and its component (docs/compare-workspace.md).
   */
  askWorker<K extends PanelCall>(
    lane: string,
    call: K,
    request: Parameters<WorkerApi[K]>[0],
    apply: (answer: Awaited<ReturnType<WorkerApi[K]>>) => void,
    summary?: SummaryNeed
  ): void {
    type Ask = (r: typeof request) => Promise<Awaited<ReturnType<WorkerApi[K]>>>;
    this.ask(
      lane,
      () =>
        everyPointFirst(request.runKeys, summary).then(() =>
          (runlensWorker()[call] as unknown as Ask)(request)
        ),
      apply
    );
  }

  /**
   * A panel worked out in the worker from the compared runs' rows (compare/panel-engines.ts):
   * a new panel of that kind adds its engine there and asks for it here, nothing else.
   */
  askPanel<K extends PanelKind>(
    lane: string,
    kind: K,
    runKeys: readonly string[],
    input: PanelInput<K>,
    apply: (answer: PanelAnswer<K>) => void,
    summary?: SummaryNeed
  ): void {
    const question = () =>
      everyPointFirst(runKeys, summary).then(
        () => runlensWorker().comparePanel(kind, [...runKeys], input) as Promise<PanelAnswer<K>>
      );
    this.ask(lane, question, apply);
  }

  /** Drops what a lane has in flight: its inputs are incomplete, so no answer applies. */
  dropLane(lane: string): void {
    this.#answers.ticket(lane);
  }

  /** Drops every lane's request in flight (a page that opens starts again). */
  protected dropAllAsks(): void {
    this.#answers.dropAll();
  }
}

/**
 * What a panel's summary reads of its metrics' histories: more than the last value (`history`:
 * the best, min, max, a mean) needs every point of a server's runs, which hold MLflow's sampled
 * overview or their latest value until then (server-histories.svelte.ts `forSummary`).
 */
export interface SummaryNeed {
  metrics: readonly string[];
  history: boolean;
}

function everyPointFirst(runKeys: readonly string[], summary?: SummaryNeed): Promise<void> {
  return summary
    ? serverHistories.forSummary(runKeys, summary.metrics, summary.history)
    : Promise.resolve();
}

/** The comparison engine's calls a panel asks through `askWorker` (one argument each). */
export type PanelCall =
  | 'compareStats'
  | 'compareGroupTest'
  | 'compareGroupValues'
  | 'compareHyperTable'
  | 'compareImportance';
