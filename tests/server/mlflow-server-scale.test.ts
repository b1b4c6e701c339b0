/**
 * The scale test: many runs with 20 metrics each on a real server (populate_scale.py, logged in
 * batches by MLflow's own client), and what Runlens takes to list them all, to filter them (a
 * pushed-down and a local clause) and to fetch the first chart (MLflow's sampled overview of one
 * metric for the first 100 runs), then to open the whole experiment as the app does (the listing
 * only, since 2026-12-06). Prints the figures (docs/mlflow-server.md, Scale). RUNLENS_SCALE_RUNS
 * sets the size (10,000 for the full size); CI runs 500: populating 2,000 runs takes 5 min
 * here, past what CI should spend on it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allRuns, MlflowServerClient, type FetchLike } from '../../src/lib/mlflow-server';
import { listMatchingRuns } from '../../src/lib/mlflow-server/pull-runs';
import { splitQuery } from '../../src/lib/mlflow-server/filter-split';
import { loadRegexEngine, parseQuery } from '../../src/lib/query';
import { importFromServer } from '../../src/lib/worker/server-import';
import { freshDb } from '../unit/helpers/db';
import { python, startMlflowServer, type MlflowTestServer } from './harness';

const RUNS = Number(process.env.RUNLENS_SCALE_RUNS) || 500;
const METRICS = 20;
const STEPS = 10;
let server: MlflowTestServer;
let populateSeconds = 0;

/**
 * RUNLENS_SCALE_STORE: a folder holding a store populated with the same plan (the bench's cache,
 * bench/out/mlflow-server-1-<N>x20x10, made by populate_scale.py with seed 1): the harness
 * copies it into the server's folder, so the cached store is never changed, and nothing is
 * populated.
 */
const STORE = process.env.RUNLENS_SCALE_STORE;

beforeAll(async () => {
  if (STORE) {
    server = await startMlflowServer({ storeFrom: STORE });
    return;
  }
  server = await startMlflowServer();
  const started = performance.now();
  // MLflow's client writes the server's own SQLite store directly: the same SqlAlchemyStore
  // the server reads, without an HTTP round trip per call (see populate_scale.py).
  await python(
    'populate_scale.py',
    [`sqlite:///${server.dir}/mlflow.db`, String(RUNS), String(METRICS), String(STEPS), '1'],
    server.clientEnv
  );
  populateSeconds = (performance.now() - started) / 1000;
}, 3_600_000);

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

const figures: string[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The plan's values (populate_scale.py): run i's last value of m01 and its optimizer. */
const lastM01 = (i: number) => (i % 97) / 97 + 1 + (STEPS - 1) / STEPS;
const optimizer = (i: number) => ['adam', 'sgd', 'adamw', 'lion'][i % 4];

it(`${RUNS.toLocaleString('en-US')} runs × ${METRICS} metrics: list, filter, first chart, open`, async () => {
  const probe = new MlflowServerClient({ url: server.url });
  const experiment = (await probe.allExperiments()).find((e) => e.name === 'scale')!;

  // Listing every run, 1,000 a page (the app's page size).
  let c = counting();
  let client = new MlflowServerClient({ url: server.url, fetch: c.fetch });
  let started = performance.now();
  const all = await allRuns(client, { experimentIds: [experiment.id], maxResults: 1000 });
  const listMs = performance.now() - started;
  expect(all.length).toBe(RUNS);
  expect(new Set(all.map((r) => r.name)).size).toBe(RUNS);
  expect(all.every((r) => r.metrics.length === METRICS)).toBe(true);
  figures.push(
    `list all: ${c.seen.requests} runs/search pages, ${mb(c.seen.bytes)}, ${seconds(listMs)}`
  );

  // A filter: the optimizer and a metric pushed down, a regex finished in Runlens.
  await loadRegexEngine();
  const query = 'params.optimizer = "sgd" AND metrics.m01 > 2.3 AND run_name ~ "7$"';
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const split = splitQuery(parsed.ast);
  expect(split.serverFilter).not.toBe('');
  expect(split.localText).not.toBe('');
  c = counting();
  client = new MlflowServerClient({ url: server.url, fetch: c.fetch });
  started = performance.now();
  const matched = await listMatchingRuns(client, [experiment], split, { pageSize: 1000 });
  const filterMs = performance.now() - started;
  const expected = Array.from({ length: RUNS }, (_, i) => i)
    .filter((i) => optimizer(i) === 'sgd' && lastM01(i) > 2.3 && String(i).endsWith('7'))
    .map((i) => `run-${String(i).padStart(5, '0')}`);
  expect(matched.map((r) => r.name).sort()).toEqual(expected);
  figures.push(
    `filter (${query}): ${matched.length} runs, ${c.seen.requests} pages, ${mb(c.seen.bytes)}, ${seconds(filterMs)}`
  );

  // The first chart: MLflow's sampled overview of one metric for the first 100 runs.
  c = counting();
  client = new MlflowServerClient({ url: server.url, fetch: c.fetch });
  const first = all.slice(0, 100).map((r) => r.id);
  started = performance.now();
  const overview = await client.sampledHistories(first, 'm00');
  const chartMs = performance.now() - started;
  expect(overview.size).toBe(100);
  for (const h of overview.values()) expect(h.series.values.length).toBe(STEPS);
  figures.push(
    `first chart (m00 of 100 runs): ${c.seen.requests} request, ${mb(c.seen.bytes)}, ${seconds(chartMs)}`
  );

  // Opening the whole experiment as the app does: the listing, each metric's latest value, stored
  // in one transaction; overviews are fetched when charted, artifacts when a run page opens.
  c = counting();
  const db = freshDb();
  started = performance.now();
  const opened = await importFromServer(
    db,
    {
      url: server.url,
      auth: null,
      pageOrigin: null,
      experimentIds: [experiment.id],
      histories: 'latest',
      artifacts: false
    },
    { isCancelled: () => false, onProgress: () => {}, fetch: c.fetch }
  );
  const openMs = performance.now() - started;
  expect(opened.state).toBe('done');
  expect(opened.runs).toBe(RUNS);
  // One latest point per metric, from runs/search pages only (and the experiments search).
  expect(opened.points).toBe(RUNS * METRICS);
  // (A full last page gets a token for an empty one: MLflow cannot tell it was the last.)
  expect(c.seen.requests).toBeLessThanOrEqual(2 + Math.ceil(RUNS / 1000));
  figures.push(
    `open all (app import, listing only): ${c.seen.requests} requests, ${mb(c.seen.bytes)}, ${seconds(openMs)}`
  );

  console.log(
    [
      STORE
        ? `store: ${RUNS} runs × ${METRICS} metrics × ${STEPS} steps copied from ${STORE}`
        : `populate: ${RUNS} runs × ${METRICS} metrics × ${STEPS} steps in ${populateSeconds.toFixed(0)} s`,
      ...figures
    ].join('\n')
  );
}, 3_600_000);
