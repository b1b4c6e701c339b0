/**
 * Overviews when charted: a server experiment is opened with each metric's latest value only
 * (summary.latest, what runs/search lists), so opening 10,000 runs costs the listing and nothing
 * more; when a chart draws a metric of such runs, this fetches MLflow's sampled overview of it
 * (get-history-bulk-interval, one call per 100 runs of the same server, 4 in flight) and stores
 * it in their place, marked sampled unless the answer shows every point. Series that are already
 * an overview or whole are left alone, so asking twice costs nothing. Pure over a database and a
 * fetch, so Node tests run it against a real server.
 */
import type { RunlensDb } from '../db/db';
import type { RunRow } from '../db/rows';
import { SERVER_FORMAT } from '../mlflow-server/map-json';
import { pool } from '../mlflow-server/pull-runs';
import { MAX_BULK_RUNS } from '../mlflow-server/rest-client';
import {
  clientsOf,
  failed,
  storeFetched,
  type FetchedSeries,
  type FullHistoriesOptions,
  type FullHistoriesOutcome,
  type FullHistoriesRequest
} from './server-full-histories';

export interface OverviewsRequest extends Pick<FullHistoriesRequest, 'auths' | 'pageOrigin'> {
  runKeys: string[];
  metrics: string[];
}

/** Fetches the overview of `metrics` for those of the runs that hold only the latest value. */
export async function loadOverviews(
  db: RunlensDb,
  request: OverviewsRequest,
  options: FullHistoriesOptions = {}
): Promise<FullHistoriesOutcome> {
  const rows = (await db.runs.bulkGet(request.runKeys)).filter(
    (r): r is RunRow => r !== undefined && r.sourceFormat === SERVER_FORMAT
  );
  const calls: { importId: string; metric: string; rows: RunRow[] }[] = [];
  for (const metric of request.metrics) {
    const byImport = new Map<string, RunRow[]>();
    for (const row of rows) {
      if (!row.metrics.get(metric)?.latest) continue;
      const list = byImport.get(row.importId) ?? [];
      byImport.set(row.importId, list);
      list.push(row);
    }
    for (const [importId, list] of byImport) {
      for (let i = 0; i < list.length; i += MAX_BULK_RUNS) {
        calls.push({ importId, metric, rows: list.slice(i, i + MAX_BULK_RUNS) });
      }
    }
  }
  if (calls.length === 0) {
    return { state: 'done', series: 0, points: 0, changedKeys: [], error: null, errorKind: null };
  }
  const clients = await clientsOf(
    db,
    calls.flatMap((c) => c.rows.map((row) => ({ row }))),
    request,
    options
  );
  if (!clients) return failed(new Error('The import of these runs is no longer stored.'));
  const fetched: FetchedSeries[] = [];
  try {
    await pool(calls, options.concurrency ?? 4, async ({ importId, metric, rows: some }) => {
      const answer = await clients.get(importId)!.sampledHistories(
        some.map((r) => r.id),
        metric
      );
      for (const row of some) {
        const got = answer.get(row.id);
        // A run listed with the metric but absent from the overview keeps its latest value.
        if (!got) continue;
        const series = {
          ...got.series,
          key: metric,
          ...(got.completeness === 'sampled' ? { completeness: 'sampled' as const } : {})
        };
        fetched.push({ runKey: row.key, importId, series });
      }
    });
  } catch (error) {
    return failed(error);
  }
  return storeFetched(db, fetched, (before) => before.latest === true, 'the latest values stay');
}
