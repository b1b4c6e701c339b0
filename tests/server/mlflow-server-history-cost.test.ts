/**
 * What the first chart costs from a server: every point (get-history, paged) against the sampled
 * overview (get-history-bulk-interval, 320 points a run) for 20 runs × 10,000 steps. Runlens
 * opens a server with the sampled overview and fetches every point on demand
 * (docs/mlflow-server.md, "Sampled first"); the figures printed here are why.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allRuns, MlflowServerClient, type FetchLike } from '../../src/lib/mlflow-server';
import { pool } from '../../src/lib/mlflow-server/pull-runs';
import { python, startMlflowServer, type MlflowTestServer } from './harness';

const RUNS = 20;
const POINTS = 10_000;
let server: MlflowTestServer;

beforeAll(async () => {
  server = await startMlflowServer();
  await python('log_more.py', [server.url, 'long', String(RUNS), String(POINTS)], server.clientEnv);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

function counting() {
  const seen = { requests: 0, bytes: 0 };
  const fetchLike: FetchLike = async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    seen.requests++;
    seen.bytes += body.byteLength;
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { seen, fetch: fetchLike };
}

it('every point against the sampled overview, 20 runs × 10,000 steps', async () => {
  const probe = new MlflowServerClient({ url: server.url });
  const experiment = (await probe.allExperiments()).find((e) => e.name === 'long')!;
  const runs = await allRuns(probe, { experimentIds: [experiment.id] });
  expect(runs.length).toBe(RUNS);
  const ids = runs.map((r) => r.id);

  const full = counting();
  const fullClient = new MlflowServerClient({ url: server.url, fetch: full.fetch });
  let started = performance.now();
  // As an import fetches them: four requests in flight.
  const histories: number[] = [];
  await pool(ids, 4, async (id) => {
    histories.push((await fullClient.fullHistory(id, 'loss')).series.values.length);
  });
  const fullMs = performance.now() - started;
  expect(histories).toEqual(ids.map(() => POINTS));

  const sampled = counting();
  const sampledClient = new MlflowServerClient({ url: server.url, fetch: sampled.fetch });
  started = performance.now();
  const overview = await sampledClient.sampledHistories(ids, 'loss');
  const sampledMs = performance.now() - started;
  expect([...overview.values()].every((h) => h.series.values.length <= 330)).toBe(true);

  const line = (what: string, ms: number, s: { requests: number; bytes: number }, n: number) =>
    `  ${what}: ${n.toLocaleString('en-US')} points, ${s.requests} requests, ` +
    `${(s.bytes / 1e6).toFixed(1)} MB, ${Math.round(ms).toLocaleString('en-US')} ms`;
  console.log(
    [
      `History cost, ${RUNS} runs × ${POINTS.toLocaleString('en-US')} steps (SQLite store, loopback):`,
      line('every point (get-history, 4 at a time)', fullMs, full.seen, RUNS * POINTS),
      line(
        'sampled (bulk-interval)',
        sampledMs,
        sampled.seen,
        [...overview.values()].reduce((n, h) => n + h.series.values.length, 0)
      )
    ].join('\n')
  );
});
