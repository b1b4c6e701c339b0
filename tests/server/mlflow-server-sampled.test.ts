/**
 * The sampled first draw against a real server: the app's import fetches MLflow's sampled overview
 * (get-history-bulk-interval) and stores it marked sampled, at a fraction of the requests and
 * bytes of every point; completing the histories (a zoom, an export, "Load every point") then
 * stores exactly what MLflow's own client reads back with get_metric_history, and the import's
 * point count follows. populate.py's plan plus 12 runs × 10,000 steps (log_more.py long).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/lib/mlflow-server';
import { readSeries } from '../../src/lib/db/repo';
import { importFromServer } from '../../src/lib/worker/server-import';
import { loadFullHistories } from '../../src/lib/worker/server-full-histories';
import { loadOverviews } from '../../src/lib/worker/server-overviews';
import { listRunArtifacts } from '../../src/lib/worker/server-artifacts';
import { freshDb } from '../unit/helpers/db';
import { SEED, python, startMlflowServer, type MlflowTestServer } from './harness';

const LONG_RUNS = 12;
const LONG_POINTS = 10_000;
let server: MlflowTestServer;
/** What MLflow's client reads: run id → metric → [step, timestamp, value][]. */
let truth: Map<string, Record<string, [number, number, number | string][]>>;

beforeAll(async () => {
  server = await startMlflowServer();
  await python('populate.py', [server.url, String(SEED), 'small'], server.clientEnv);
  await python(
    'log_more.py',
    [server.url, 'long', String(LONG_RUNS), String(LONG_POINTS)],
    server.clientEnv
  );
  const view = JSON.parse(await python('read_server.py', [server.url, 'runs'], server.clientEnv));
  // A SQL store keeps ±Infinity as ±DBL_MAX; MLflow's client reads that back, Runlens restores
  // the infinity that was logged (docs/mlflow-server.md, Numbers).
  const restored = (v: number | string) =>
    v === Number.MAX_VALUE ? 'Infinity' : v === -Number.MAX_VALUE ? '-Infinity' : v;
  for (const run of view.runs as { metrics: Record<string, [number, number, number | string][]> }[])
    for (const points of Object.values(run.metrics)) for (const p of points) p[2] = restored(p[2]);
  truth = new Map(
    (
      view.runs as { id: string; metrics: Record<string, [number, number, number | string][]> }[]
    ).map((r) => [r.id, r.metrics])
  );
}, 900_000);

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

/** A fetch that counts requests and bytes by endpoint. */
function counting() {
  const seen = new Map<string, { requests: number; bytes: number }>();
  const fetchLike: FetchLike = async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    const endpoint = new URL(input).pathname.split('/').pop()!;
    const s = seen.get(endpoint) ?? { requests: 0, bytes: 0 };
    s.requests++;
    s.bytes += body.byteLength;
    seen.set(endpoint, s);
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const total = () =>
    [...seen.values()].reduce(
      (t, s) => ({ requests: t.requests + s.requests, bytes: t.bytes + s.bytes }),
      {
        requests: 0,
        bytes: 0
      }
    );
  return { seen, total, fetch: fetchLike };
}

const importAll = (
  db: ReturnType<typeof freshDb>,
  histories: 'full' | 'sampled' | 'latest',
  fetchLike: FetchLike,
  artifacts = true
) =>
  importFromServer(
    db,
    { url: server.url, auth: null, pageOrigin: null, experimentIds: [], histories, artifacts },
    { isCancelled: () => false, onProgress: () => {}, fetch: fetchLike }
  );

/** A stored series as MLflow's client gives it: [step, timestamp, value] with NaN/±Inf as text. */
const asTruth = (s: { steps: Float64Array; timestamps: Float64Array; values: Float64Array }) =>
  Array.from(s.values, (v, i) => [
    s.steps[i]!,
    s.timestamps[i]!,
    Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v
  ]);

describe('sampled first draw, every point on demand', () => {
  const sampledDb = freshDb();
  const sampledFetch = counting();
  let importId = '';

  it('the first listing fetches the sampled overview: far fewer requests and bytes', async () => {
    const fullDb = freshDb();
    const fullFetch = counting();
    let started = performance.now();
    const full = await importAll(fullDb, 'full', fullFetch.fetch);
    const fullMs = performance.now() - started;
    started = performance.now();
    const sampled = await importAll(sampledDb, 'sampled', sampledFetch.fetch);
    const sampledMs = performance.now() - started;
    expect(full.state).toBe('done');
    expect(sampled.state).toBe('done');
    importId = sampled.importId!;
    expect(sampled.runs).toBe(full.runs);

    const f = fullFetch.seen.get('get-history')!;
    const s = sampledFetch.seen.get('get-history-bulk-interval')!;
    // No full history in the first listing; one bulk call per metric and 100 runs.
    expect(sampledFetch.seen.has('get-history')).toBe(false);
    expect(fullFetch.seen.has('get-history-bulk-interval')).toBe(false);
    expect(s.requests).toBeLessThan(f.requests / 3);
    expect(s.bytes).toBeLessThan(f.bytes / 8);
    console.log(
      [
        `every point: ${f.requests} get-history requests, ${(f.bytes / 1e6).toFixed(1)} MB, import ${(fullMs / 1000).toFixed(1)} s`,
        `sampled: ${s.requests} bulk-interval requests, ${(s.bytes / 1e6).toFixed(2)} MB, import ${(sampledMs / 1000).toFixed(1)} s`
      ].join('\n')
    );

    // The long histories are stored sampled, marked so; short ones the answer shows whole are not.
    const rows = await sampledDb.runs.toArray();
    const long = rows.filter((r) => r.name?.startsWith('long-'));
    expect(long.length).toBe(LONG_RUNS);
    for (const r of long) {
      const loss = r.metrics.get('loss')!;
      expect(loss.sampled).toBe(true);
      expect(loss.count).toBeLessThanOrEqual(330);
      // The last point is exact in the overview.
      const real = truth.get(r.id)!.loss!;
      expect([loss.lastStep, loss.last]).toEqual([real.at(-1)![0], real.at(-1)![2]]);
    }
    const sweep = rows.find((r) => r.name === 'sweep')!;
    expect(sweep.metrics.get('train/loss')!.sampled).toBe(true);
    const whole = rows.flatMap((r) =>
      [...r.metrics].filter(([, m]) => !m.sampled).map(([k]) => [r.id, k] as const)
    );
    expect(whole.length).toBeGreaterThan(0);
    for (const [id, key] of whole) {
      const row = rows.find((r) => r.id === id)!;
      expect(asTruth(await readSeries(sampledDb, row.key, key)), key).toEqual(truth.get(id)![key]);
    }
  });

  it('completing one chart fetches exactly its sampled series and stores every point', async () => {
    const rows = await sampledDb.runs.toArray();
    const picked = rows.filter((r) => r.name?.startsWith('long-')).slice(0, 3);
    const before = (await sampledDb.imports.get(importId))!.pointCount;
    const fetchHere = counting();
    const outcome = await loadFullHistories(
      sampledDb,
      {
        runs: { kind: 'runs', keys: picked.map((r) => r.key) },
        metrics: ['loss'],
        auths: {},
        pageOrigin: null
      },
      { fetch: fetchHere.fetch }
    );
    expect(outcome.error).toBeNull();
    expect(outcome.series).toBe(3);
    expect(outcome.points).toBe(3 * LONG_POINTS);
    // 10,000 points a history at 25,000 a page: one request each.
    expect(fetchHere.seen.get('get-history')!.requests).toBe(3);
    for (const r of picked) {
      const row = (await sampledDb.runs.get(r.key))!;
      expect(row.metrics.get('loss')!.sampled).toBeUndefined();
      expect(row.metrics.get('loss')!.count).toBe(LONG_POINTS);
      expect(asTruth(await readSeries(sampledDb, r.key, 'loss'))).toEqual(truth.get(r.id)!.loss);
    }
    const sampledBefore = picked.reduce((n, r) => n + r.metrics.get('loss')!.count, 0);
    expect((await sampledDb.imports.get(importId))!.pointCount).toBe(
      before + 3 * LONG_POINTS - sampledBefore
    );
    // Asking again costs nothing: they are whole now.
    const again = counting();
    const second = await loadFullHistories(
      sampledDb,
      {
        runs: { kind: 'runs', keys: picked.map((r) => r.key) },
        metrics: ['loss'],
        auths: {},
        pageOrigin: null
      },
      { fetch: again.fetch }
    );
    expect(second.series).toBe(0);
    expect(again.total().requests).toBe(0);
  });

  it('an export completes every history: the store then equals get_metric_history', async () => {
    const outcome = await loadFullHistories(sampledDb, {
      runs: { kind: 'import', id: importId },
      metrics: null,
      auths: {},
      pageOrigin: null
    });
    expect(outcome.error).toBeNull();
    const rows = await sampledDb.runs.toArray();
    let points = 0;
    for (const r of rows) {
      for (const [key, summary] of r.metrics) {
        expect(summary.sampled, `${r.name} ${key}`).toBeUndefined();
        const stored = asTruth(await readSeries(sampledDb, r.key, key));
        expect(stored, `${r.name} ${key}`).toEqual(truth.get(r.id)![key]);
        points += stored.length;
      }
    }
    expect((await sampledDb.imports.get(importId))!.pointCount).toBe(points);
  });

  it('a server that stopped: the error names it and the sampled histories stay', async () => {
    const db = freshDb();
    const first = await importAll(db, 'sampled', fetch);
    const row = (await db.runs.toArray()).find((r) => r.name === 'long-000')!;
    const dead: FetchLike = () => Promise.reject(new TypeError('fetch failed (ECONNREFUSED)'));
    const outcome = await loadFullHistories(
      db,
      { runs: { kind: 'import', id: first.importId! }, metrics: null, auths: {}, pageOrigin: null },
      { fetch: dead }
    );
    expect(outcome.state).toBe('error');
    expect(outcome.error).toContain(server.url);
    expect((await db.runs.get(row.key))!.metrics.get('loss')!.sampled).toBe(true);
  });
});

describe("the app's open: the listing first, overviews when charted, artifacts when opened", () => {
  const db = freshDb();
  const sampledDb = freshDb();

  it('opening sends runs/search only; each metric keeps its exact latest value', async () => {
    const opening = counting();
    const opened = await importAll(db, 'latest', opening.fetch, false);
    expect(opened.state).toBe('done');
    // experiments/search and runs/search, nothing else.
    expect([...opening.seen.keys()]).toEqual(['search']);
    const sampled = await importAll(sampledDb, 'sampled', fetch);
    expect(opened.runs).toBe(sampled.runs);
    for (const row of await db.runs.toArray()) {
      expect(row.artifactCount).toBe(0);
      expect(row.artifactsPending).toBe(true);
      for (const [key, summary] of row.metrics) {
        expect(summary.latest, `${row.name} ${key}`).toBe(true);
        expect(summary.sampled).toBe(true);
        const real = truth.get(row.id)![key]!;
        // MLflow's client gives NaN and ±Infinity as text.
        const last = asTruth({
          steps: Float64Array.of(summary.lastStep),
          timestamps: Float64Array.of(real.at(-1)![1]),
          values: Float64Array.of(summary.last)
        })[0];
        expect(last, `${row.name} ${key}`).toEqual(real.at(-1));
      }
    }
  });

  it('charting a metric fetches its overview for those runs only, as the old open stored it', async () => {
    const rows = (await db.runs.toArray()).filter((r) => r.name?.startsWith('long-'));
    const charting = counting();
    const outcome = await loadOverviews(
      db,
      { runKeys: rows.map((r) => r.key), metrics: ['loss'], auths: {}, pageOrigin: null },
      { fetch: charting.fetch }
    );
    expect(outcome.error).toBeNull();
    expect(outcome.series).toBe(LONG_RUNS);
    // 12 runs: one bulk-interval call, nothing else.
    expect([...charting.seen.entries()].map(([k, v]) => [k, v.requests])).toEqual([
      ['get-history-bulk-interval', 1]
    ]);
    for (const r of rows) {
      const row = (await db.runs.get(r.key))!;
      const loss = row.metrics.get('loss')!;
      expect(loss.latest).toBeUndefined();
      expect(loss).toEqual((await sampledDb.runs.get(r.key))!.metrics.get('loss'));
      expect(await readSeries(db, r.key, 'loss')).toEqual(
        await readSeries(sampledDb, r.key, 'loss')
      );
      // Other metrics stay as listed until charted.
      for (const [key, summary] of row.metrics)
        if (key !== 'loss') expect(summary.latest).toBe(true);
    }
    const again = counting();
    const second = await loadOverviews(
      db,
      { runKeys: rows.map((r) => r.key), metrics: ['loss'], auths: {}, pageOrigin: null },
      { fetch: again.fetch }
    );
    expect(second.series).toBe(0);
    expect(again.total().requests).toBe(0);
  });

  it("a run's artifacts are listed when asked, as the old open listed them, once", async () => {
    const listed = (await sampledDb.runs.toArray()).filter((r) => r.artifactCount > 0);
    expect(listed.length).toBeGreaterThan(0);
    for (const r of listed) {
      const asking = counting();
      const outcome = await listRunArtifacts(
        db,
        { runKey: r.key, auths: {}, pageOrigin: null },
        { fetch: asking.fetch }
      );
      expect(outcome.error).toBeNull();
      expect(asking.seen.get('list')!.requests).toBeGreaterThan(0);
      const row = (await db.runs.get(r.key))!;
      expect(row.artifactsPending).toBeUndefined();
      expect(row.artifactCount).toBe(r.artifactCount);
      const paths = async (d: typeof db) =>
        (await d.artifacts.where('runKey').equals(r.key).toArray()).map((a) => [a.path, a.size]);
      expect(await paths(db)).toEqual(await paths(sampledDb));
      const again = counting();
      await listRunArtifacts(
        db,
        { runKey: r.key, auths: {}, pageOrigin: null },
        { fetch: again.fetch }
      );
      expect(again.total().requests).toBe(0);
    }
  });
});
