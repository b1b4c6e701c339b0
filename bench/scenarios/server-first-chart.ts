/**
 * Scenario 15 (issue 17): the first chart of 100 runs × 10,000 steps from a real MLflow tracking
 * server on loopback (bench/generate/mlflow-server.ts), from an empty browser profile.
 * A = the app: a server link (`/?mlflow-server=…&experiment=…&then=/compare?runs=…`) opened and
 * connected (outside the timed window), then a click on "Open the linked runs": the runs are
 * fetched into the store (MLflow's sampled overview of the charted metric first), the comparison
 * opens, and the time runs until its `m00` chart's `data-draws` reads 1.
 * B = in the same page right after: bare `fetch` calls for the same view (runs/search for the
 * ids, get-history-bulk-interval for 320 points a run, what MLflow's own UI asks for its charts)
 * and one uPlot chart of the same size (../page/server-baseline.ts).
 * Both draw the same sampled overview; each pair has its own fresh profile and server copy.
 */
import type { Page } from '@playwright/test';
import { serverViewLink } from '../../src/lib/mlflow-server/server-link';
import { shapeText, startPopulatedServer, type ServerShape } from '../generate/mlflow-server';
import { openSession } from '../lib/browser';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, medianOf, round } from '../lib/stats';
import { CHART_PROBE_INIT, FIRST_DRAW_DONE } from '../page/chart-probe';
import { serverChartBaseline } from '../page/server-baseline';
import { CHART_HEIGHT, compareSettings, installBaseline, WAIT_MS } from './compare-common';

export const SERVER_CHART_NAME = 'first chart from an MLflow server';
export const SERVER_CHART_TARGET = 1.5;
/** Points per run of MLflow's overview, as its UI asks (rest-client's DEFAULT_SAMPLED_POINTS). */
const OVERVIEW_POINTS = 320;

interface Sample {
  ms: number;
  /** App: requests to the server in the timed window, by endpoint. */
  requests?: Record<string, number>;
  [k: string]: unknown;
}

/** The experiment `scale` and its run ids, asked from Node (outside any timed window). */
export async function scaleExperiment(
  server: string,
  runs: number
): Promise<{ id: string; runIds: string[] }> {
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return (await r.json()) as Record<string, unknown>;
  };
  const found = await post('/api/2.0/mlflow/experiments/search', { max_results: 100 });
  const experiments = (found.experiments ?? []) as { experiment_id: string; name: string }[];
  const scale = experiments.find((e) => e.name === 'scale');
  if (!scale) throw new Error('the populated server has no experiment `scale`');
  const listed = await post('/api/2.0/mlflow/runs/search', {
    experiment_ids: [scale.experiment_id],
    max_results: Math.min(runs, 50_000)
  });
  const runIds = ((listed.runs ?? []) as { info: { run_id: string } }[]).map((r) => r.info.run_id);
  return { id: scale.experiment_id, runIds };
}

/** Counts the page's requests to `server` by endpoint until `stop` is called. */
export function countRequests(page: Page, server: string) {
  const counts: Record<string, number> = {};
  const onRequest = (request: { url(): string }) => {
    const url = request.url();
    if (!url.startsWith(server)) return;
    const path = new URL(url).pathname.replace(/^\/api\/2\.0\/mlflow\//, '');
    counts[path] = (counts[path] ?? 0) + 1;
  };
  page.on('request', onRequest);
  return {
    counts,
    stop: () => page.off('request', onRequest)
  };
}

export async function benchServerChart(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ScenarioResult> {
  const shape: ServerShape = { runs: 100, metrics: 1, steps: sizes.curves.steps };
  console.log(`Scenario 15: first chart from an MLflow server (${shapeText(shape)})…`);
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
      const { id, runIds } = await scaleExperiment(server.url, shape.runs);
      if (runIds.length !== shape.runs) {
        throw new Error(`the server lists ${runIds.length} runs, not ${shape.runs}`);
      }
      const { page } = session;
      await session.context.addInitScript({ content: CHART_PROBE_INIT });
      const keys = runIds.map((r) => encodeURIComponent(`mlflow-server|${id}|${r}`));
      const link = serverViewLink(baseURL, {
        address: server.url,
        experimentIds: [id],
        then: `/compare?runs=${keys.join(',')}`
      });
      // The comparison opens with the one chart, no smoothing, as scenario 4's.
      await page.goto('/', { waitUntil: 'networkidle' });
      await page.evaluate(
        `localStorage.setItem('runlens.compare.v1', ${JSON.stringify(JSON.stringify(compareSettings({ charts: ['m00'] })))})`
      );
      const a = await appSide(page, link, server.url, shape.runs);
      const chart = page.getByTestId('metric-chart').first();
      const box = await chart.boundingBox();
      await installBaseline(page);
      const b = (await page.evaluate(
        serverChartBaseline({
          server: server.url,
          experimentId: id,
          runs: shape.runs,
          metric: 'm00',
          points: OVERVIEW_POINTS,
          width: Math.round(box?.width ?? 1000),
          height: CHART_HEIGHT
        })
      )) as Sample & { runs: number; points: number };
      if (b.runs !== shape.runs) throw new Error(`the baseline drew ${b.runs} runs`);
      const label = pair === 0 ? 'warm-up' : `pair ${pair}`;
      console.log(
        `  ${label}: app ${formatMs(a.ms)} (${JSON.stringify(a.requests)}), baseline ${formatMs(b.ms)} (${b.points} points; runs/search ${formatMs(b.list_ms)}, bulk-interval ${formatMs(b.fetch_ms)}, join and draw ${formatMs(b.draw_ms)})`
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
    id: 15,
    name: `${SERVER_CHART_NAME} (${shapeText(shape)}, overview of ${OVERVIEW_POINTS} points a run)`,
    ratio: round(ratio),
    target: SERVER_CHART_TARGET,
    status: statusOf(ratio, SERVER_CHART_TARGET),
    absolute: {
      app_ms: pick(app, 'ms'),
      app_fetched_ms: pick(app, 'fetched_ms'),
      baseline_ms: pick(baseline, 'ms'),
      baseline_list_ms: pick(baseline, 'list_ms'),
      baseline_fetch_ms: pick(baseline, 'fetch_ms'),
      baseline_draw_ms: pick(baseline, 'draw_ms'),
      app_requests: app[0]?.requests ?? {},
      populate_ms: populated === null ? null : Math.round(populated),
      pairs: ratios.length,
      ratios: ratios.map((r) => round(r))
    },
    display: { app: formatMs(pick(app, 'ms')), baseline: formatMs(pick(baseline, 'ms')) }
  };
}

/** Opens the link, connects, and times "Open the linked runs" until the chart's first draw. */
async function appSide(page: Page, link: string, server: string, runs: number): Promise<Sample> {
  await page.goto(link, { waitUntil: 'networkidle' });
  await page.getByTestId('server-connect').click();
  await page.getByTestId('server-link-open').waitFor({ timeout: WAIT_MS });
  // The dialog counts each experiment's runs in the background: let that finish first.
  await page.waitForFunction(
    `[...document.querySelectorAll('[data-testid=server-experiment] .muted')].every((e) => /runs/.test(e.textContent))`,
    undefined,
    { timeout: WAIT_MS, polling: 100 }
  );
  await page.waitForTimeout(300);
  const requests = countRequests(page, server);
  const t0 = await page.evaluate<number>(`(() => {
    const t = performance.now();
    document.querySelector('[data-testid=server-link-open]').click();
    return t;
  })()`);
  await page.waitForFunction(FIRST_DRAW_DONE, undefined, { timeout: WAIT_MS, polling: 50 });
  const drawn = await page.evaluate<number>('window.__benchChart.firstDraw');
  requests.stop();
  const lines = await page
    .getByTestId('metric-chart')
    .first()
    .getAttribute('data-lines')
    .catch(() => null);
  if (lines !== null && Number(lines) !== runs) {
    throw new Error(`the app's chart has ${lines} lines, not ${runs}`);
  }
  await page.waitForTimeout(300);
  return { ms: drawn - t0, requests: requests.counts };
}
