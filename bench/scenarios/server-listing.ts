/**
 * Scenario 16 (issue 17): listing every run of a big experiment on a real MLflow tracking server
 * on loopback (bench/generate/mlflow-server.ts: 10,000 runs × 20 metrics, the scale test's
 * shape; 1,000 in quick mode), from an empty browser profile.
 * A = the app: the connect dialog connected (outside the timed window), then a click on the
 * experiment's Open until the import says done and the run list counts every run.
 * B = in the same page right after: bare runs/search calls, one page after the other, the same
 * page size as the app's (1,000: MLflow takes up to 50,000, its own UI asks for 100), each
 * answer parsed (../page/server-baseline.ts).
 * Each pair has its own fresh profile and server copy.
 */
import type { Page } from '@playwright/test';
import { shapeText, startPopulatedServer, type ServerShape } from '../generate/mlflow-server';
import { openSession } from '../lib/browser';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, medianOf, round } from '../lib/stats';
import { waitAppImport, waitRunCount } from '../page/scripts';
import { serverListingBaseline } from '../page/server-baseline';
import { WAIT_MS } from './compare-common';
import { countRequests, scaleExperiment } from './server-first-chart';

export const SERVER_LISTING_NAME = 'list every run of an MLflow server experiment';
export const SERVER_LISTING_TARGET = 1.2;
/** The app's runs/search page size (pull-runs.ts), which the baseline uses too. */
const PAGE_SIZE = 1000;
const TIMEOUT_MS = 20 * 60_000;

interface Sample {
  ms: number;
  requests?: Record<string, number>;
  [k: string]: unknown;
}

export async function benchServerListing(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ScenarioResult> {
  const shape: ServerShape = { runs: sizes.serverRuns, metrics: 20, steps: 10 };
  console.log(`Scenario 16: listing an MLflow server experiment (${shapeText(shape)})…`);
  const app: Sample[] = [];
  const baseline: Sample[] = [];
  const ratios: number[] = [];
  let populated: number | null = null;
  for (let pair = 0; pair <= sizes.pairs; pair++) {
    const started = await startPopulatedServer(outDir, seed, shape);
    populated ??= started.populatedMs;
    const { server } = started;
    const session = await openSession(baseURL, outDir);
    try {
      const { id } = await scaleExperiment(server.url, 1);
      const { page } = session;
      const a = await appSide(page, server.url, shape.runs);
      const b = (await page.evaluate(
        serverListingBaseline({ server: server.url, experimentId: id, pageSize: PAGE_SIZE })
      )) as Sample & { runs: number; pages: number; bytes: number };
      if (b.runs !== shape.runs) throw new Error(`the baseline listed ${b.runs} runs`);
      const label = pair === 0 ? 'warm-up' : `pair ${pair}`;
      console.log(
        `  ${label}: app ${formatMs(a.ms)} (fetched ${formatMs(Number(a.fetched_ms))}, stored ${formatMs(Number(a.stored_ms))}, ${JSON.stringify(a.requests)}), baseline ${formatMs(b.ms)} (${b.pages} pages, ${(b.bytes / 1e6).toFixed(1)} MB)`
      );
      if (pair === 0) continue;
      app.push(a);
      baseline.push(b);
      ratios.push(a.ms / b.ms);
    } finally {
      await session.close();
      await server.stop();
      server.cleanup();
    }
  }
  const ratio = median(ratios);
  const pick = (list: Sample[], key: string) =>
    medianOf(list.map((s) => (typeof s[key] === 'number' ? (s[key] as number) : null)));
  return {
    id: 16,
    name: `${SERVER_LISTING_NAME} (${shapeText(shape)}, ${PAGE_SIZE.toLocaleString('en')} a page)`,
    ratio: round(ratio),
    target: SERVER_LISTING_TARGET,
    status: statusOf(ratio, SERVER_LISTING_TARGET),
    absolute: {
      app_ms: pick(app, 'ms'),
      app_fetched_ms: pick(app, 'fetched_ms'),
      app_stored_ms: pick(app, 'stored_ms'),
      baseline_ms: pick(baseline, 'ms'),
      baseline_bytes: pick(baseline, 'bytes'),
      app_requests: app[0]?.requests ?? {},
      populate_ms: populated === null ? null : Math.round(populated),
      pairs: ratios.length,
      ratios: ratios.map((r) => round(r))
    },
    display: { app: formatMs(pick(app, 'ms')), baseline: formatMs(pick(baseline, 'ms')) }
  };
}

/** Connects the dialog, then times Open on `scale` until the list counts `runs` runs. */
async function appSide(page: Page, server: string, runs: number): Promise<Sample> {
  await page.goto('/', { waitUntil: 'networkidle' });
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(server);
  await page.getByTestId('server-connect').click();
  const row = page.locator('[data-testid=server-experiment][data-name=scale]');
  await row.waitFor({ timeout: WAIT_MS });
  // The dialog counts each experiment's runs in the background: let that finish first.
  await page.waitForFunction(
    `[...document.querySelectorAll('[data-testid=server-experiment] .muted')].every((e) => /runs/.test(e.textContent))`,
    undefined,
    { timeout: WAIT_MS, polling: 100 }
  );
  await page.waitForTimeout(300);
  const requests = countRequests(page, server);
  const wait = page.evaluate<{
    state: string;
    start: number;
    writing: number | null;
    end: number;
    errors: string[];
  }>(waitAppImport(TIMEOUT_MS));
  const t0 = await page.evaluate<number>(`(() => {
    const t = performance.now();
    document.querySelector('[data-testid=server-experiment][data-name=scale] button').click();
    return t;
  })()`);
  const done = await wait;
  if (done.state !== 'done') {
    throw new Error(`the app did not open the experiment (${done.state}): ${done.errors[0]}`);
  }
  const counted = await page.waitForFunction(
    `(${waitRunCount(runs)}) ? performance.now() : false`,
    undefined,
    { timeout: TIMEOUT_MS, polling: 'raf' }
  );
  const listed = (await counted.jsonValue()) as number;
  requests.stop();
  await page.waitForTimeout(300);
  return {
    ms: listed - t0,
    fetched_ms: done.writing === null ? null : done.writing - t0,
    stored_ms: done.end - t0,
    requests: requests.counts
  };
}
