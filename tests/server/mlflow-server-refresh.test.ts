/**
 * Refresh and live-follow against a real server: after the app fetched it, MLflow's own client
 * logs new runs, more points on a running run (which then ends) and deletes a run; a refresh
 * fetches histories for exactly those (requests counted), says what it fetched, and leaves the
 * cache as a fresh fetch of the server would be (the deleted run kept, marked deleted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/lib/mlflow-server';
import type { RunRow } from '../../src/lib/db/rows';
import { readSeries } from '../../src/lib/db/repo';
import { importFromServer } from '../../src/lib/worker/server-import';
import { refreshFromServer } from '../../src/lib/worker/server-refresh';
import { freshDb } from '../unit/helpers/db';
import { SEED, python, startMlflowServer, type MlflowTestServer } from './harness';

let server: MlflowTestServer;

beforeAll(async () => {
  server = await startMlflowServer();
  await python('populate.py', [server.url, String(SEED), 'small'], server.clientEnv);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

/** A fetch that records each request's endpoint and run id. */
function recording() {
  const requests: { endpoint: string; runId: string | null }[] = [];
  const fetchLike: FetchLike = (input, init) => {
    const url = new URL(input);
    requests.push({ endpoint: url.pathname, runId: url.searchParams.get('run_id') });
    return fetch(input, init);
  };
  return { requests, fetch: fetchLike };
}

const importAll = (db: ReturnType<typeof freshDb>, fetchLike?: FetchLike) =>
  importFromServer(
    db,
    { url: server.url, auth: null, pageOrigin: null, experimentIds: [] },
    { isCancelled: () => false, onProgress: () => {}, fetch: fetchLike }
  );

/** What a person sees of a run: its state and each metric's figures. */
const shown = (r: RunRow) => ({
  name: r.name,
  status: r.status,
  endTime: r.endTime,
  deleted: r.deleted,
  params: [...r.params],
  metrics: [...r.metrics].sort(([a], [b]) => (a < b ? -1 : 1)),
  artifactCount: r.artifactCount
});

describe('refresh of a server import', () => {
  const cache = freshDb();
  let importId = '';

  it('fetches only what changed and says what it fetched', async () => {
    const first = await importAll(cache);
    expect(first.state).toBe('done');
    importId = first.importId!;
    const before = await cache.runs.toArray();
    expect(before.length).toBe(17);
    expect(before.find((r) => r.name === 'trial-11')!.status).toBe('RUNNING');

    const newIds = (await python('log_more.py', [server.url, 'more'], server.clientEnv))
      .split('\n')
      .flatMap((line) => (line.startsWith('run-id ') ? [line.slice(7)] : []));
    expect(newIds.length).toBe(3);

    const { requests, fetch: counting } = recording();
    const outcome = await refreshFromServer(
      cache,
      { importId, auth: null, pageOrigin: null },
      { fetch: counting }
    );
    expect(outcome.error).toBeNull();
    expect(outcome.message).toBe('3 new runs, 1 updated, 1 deleted');
    const trial11 = before.find((r) => r.name === 'trial-11')!;
    // Histories: both metrics of each new run, and only `loss` of trial-11; nothing else.
    const histories = requests.filter((r) => r.endpoint.endsWith('/metrics/get-history'));
    expect(histories.length).toBe(3 * 2 + 1);
    expect(new Set(histories.map((r) => r.runId))).toEqual(new Set([...newIds, trial11.id]));
    // One listing of what matches and one of what was deleted; no run is read one by one.
    expect(requests.filter((r) => r.endpoint.endsWith('/runs/search')).length).toBe(2);

    // The cache is what a fresh fetch of the server gives, the deleted run kept and marked.
    const fresh = freshDb();
    expect((await importAll(fresh)).state).toBe('done');
    const freshRuns = new Map((await fresh.runs.toArray()).map((r) => [r.key, r]));
    const after = await cache.runs.toArray();
    expect(after.length).toBe(20);
    const deleted = after.filter((r) => r.deleted);
    expect(deleted.map((r) => r.name)).toEqual(['trial-00']);
    for (const run of after.filter((r) => !r.deleted)) {
      expect(shown(run)).toEqual(shown(freshRuns.get(run.key)!));
    }
    expect(freshRuns.size).toBe(after.length - 1);
    // trial-11's loss: the five new points after the cached ones, every point as the server has it.
    const loss = await readSeries(cache, trial11.key, 'loss');
    expect(loss.values.length).toBe(trial11.metrics.get('loss')!.count + 5);
    expect(Array.from(loss.steps)).toEqual(
      Array.from((await readSeries(fresh, trial11.key, 'loss')).steps)
    );
    expect(shown(after.find((r) => r.name === 'trial-11')!).status).toBe('FINISHED');

    // The import's counts follow: three runs more, the new points added.
    const row = (await cache.imports.get(importId))!;
    const freshRow = (await fresh.imports.toArray())[0]!;
    const deletedPoints = [...deleted[0]!.metrics.values()].reduce((n, m) => n + m.count, 0);
    expect(row.runCount).toBe(20);
    expect(row.pointCount).toBe(freshRow.pointCount + deletedPoints);
    expect(row.server?.refreshedAt).toBeGreaterThan(0);
  });

  it('a second refresh finds nothing new and fetches no history', async () => {
    const { requests, fetch: counting } = recording();
    const outcome = await refreshFromServer(
      cache,
      { importId, auth: null, pageOrigin: null },
      { fetch: counting }
    );
    expect(outcome.message).toBe('nothing new');
    expect(requests.filter((r) => r.endpoint.includes('get-history')).length).toBe(0);
    expect(requests.filter((r) => r.endpoint.includes('artifacts')).length).toBe(0);
  });

  it('a refresh of a server that is down names it and keeps the cache', async () => {
    const rows = JSON.stringify(await cache.runs.toArray(), (_k, v: unknown) =>
      v instanceof Map ? [...v] : v
    );
    const refused: FetchLike = () =>
      Promise.reject(
        Object.assign(new TypeError('fetch failed'), {
          cause: { code: 'ECONNREFUSED' }
        })
      );
    const outcome = await refreshFromServer(
      cache,
      { importId, auth: null, pageOrigin: null },
      { fetch: refused }
    );
    expect(outcome.state).toBe('error');
    expect(outcome.errorKind).toBe('network');
    expect(outcome.error).toContain(server.url);
    expect(
      JSON.stringify(await cache.runs.toArray(), (_k, v: unknown) =>
        v instanceof Map ? [...v] : v
      )
    ).toBe(rows);
  });
});
