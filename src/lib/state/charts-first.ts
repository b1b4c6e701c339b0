/**
 * The compare page's first chart before its tables (issue 19, item 1). The statistics, diff,
 * results and hyperparameter tables all read many histories; posted before the first chart's
 * request they kept the worker busy while the person waited for the chart (the chart's request
 * queued 150–200 ms behind them). So the page holds those requests until its first chart is
 * answered, or until a chart is not coming (no metric to chart, charts collapsed: a short
 * fallback). Each caller still keeps only its newest answer (async/newest-wins.ts).
 */

/** How long the tables wait for a first chart that may never be asked for. */
const FALLBACK_MS = 1500;

let gate: Promise<void> = Promise.resolve();
let openGate: () => void = () => {};
let held = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Called as the compare page opens a comparison: its tables wait from now on. Opening again
 * while they wait (the metric aliases load, the address changes) keeps them waiting for the
 * next chart, with a fresh fallback, instead of letting them through.
 */
export function holdTablesForFirstChart(): void {
  clearTimeout(timer);
  if (!held) {
    held = true;
    gate = new Promise<void>((resolve) => {
      openGate = () => {
        clearTimeout(timer);
        held = false;
        resolve();
      };
    });
  }
  timer = setTimeout(() => openGate(), FALLBACK_MS);
}

/** A chart was answered (or none will be asked for): the tables may go. */
export function releaseTables(): void {
  openGate();
}

/** Resolves when the tables may ask the worker. */
export function afterFirstChart(): Promise<void> {
  return gate;
}
