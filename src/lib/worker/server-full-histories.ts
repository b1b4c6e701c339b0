/**
 * Every point on demand: a server import stores each metric's sampled overview first
 * (MetricSeries.completeness 'sampled', kept on the run row as `summary.sampled`); when a chart is
 * zoomed, a run is exported or the person asks, this fetches the full history of those series
 * (get-history, paged) and replaces the sampled points in one transaction, the run's summary and
 * the import's point count with them. Series stored whole are left alone, so asking twice costs
 * nothing. Pure over a database and a fetch, so Node tests run it against a real server.
 */
import type { BundleTarget } from '../bundle/from-store';
import type { RunlensDb } from '../db/db';
import { INLINE_POINTS } from '../db/prepare';
import type { RunRow } from '../db/rows';
import { encodeSeriesChunks } from '../db/series-chunks';
import { summarizeSeries, type MetricSeries, type MetricSummary } from '../model';
import type { ServerAuth } from '../mlflow-server/auth';
import { serverFailure } from '../mlflow-server/errors';
import { SERVER_FORMAT } from '../mlflow-server/map-json';
import { pool } from '../mlflow-server/pull-runs';
import { MlflowServerClient, type FetchLike } from '../mlflow-server/rest-client';

export interface FullHistoriesRequest {
  /** Runs whose sampled series to complete (others, and runs not from a server, are skipped). */
  runs: BundleTarget;
  /** Only these metrics; every sampled metric of the runs when null. */
  metrics: string[] | null;
  /**
   * Credentials by server address or origin (the page's, held in memory or remembered); a server
   * not named here is asked without any.
   */
  auths: Record<string, ServerAuth | null>;
  pageOrigin: string | null;
}

export interface FullHistoriesOutcome {
  state: 'done' | 'error';
  /** Series replaced by their full history. */
  series: number;
  /** Points stored by them (the whole histories). */
  points: number;
  /** Keys of the runs whose rows changed. */
  changedKeys: string[];
  error: string | null;
  errorKind: string | null;
}

export interface FullHistoriesOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** get-history requests in flight at once (default 4, as an import). */
  concurrency?: number;
}

/** The sampled series of these rows (of `metrics`, or all). */
export function sampledSeriesOf(
  rows: readonly RunRow[],
  metrics: readonly string[] | null
): { row: RunRow; metric: string }[] {
  const wanted = metrics ? new Set(metrics) : null;
  const out: { row: RunRow; metric: string }[] = [];
  for (const row of rows) {
    for (const [metric, summary] of row.metrics) {
      if (summary.sampled && (!wanted || wanted.has(metric))) out.push({ row, metric });
    }
  }
  return out;
}

async function rowsOf(db: RunlensDb, target: BundleTarget): Promise<RunRow[]> {
  switch (target.kind) {
    case 'runs':
      return (await db.runs.bulkGet(target.keys)).filter((r): r is RunRow => r !== undefined);
    case 'experiment':
      return db.runs.where('experimentKey').equals(target.key).toArray();
    case 'import':
      return db.runs.where('importId').equals(target.id).toArray();
    case 'all':
      return db.runs.toArray();
  }
}

export function authFor(
  auths: Record<string, ServerAuth | null>,
  address: string
): ServerAuth | null {
  if (address in auths) return auths[address] ?? null;
  try {
    return auths[new URL(address).origin] ?? null;
  } catch {
    return null;
  }
}

export const failed = (error: unknown): FullHistoriesOutcome => ({
  state: 'error',
  series: 0,
  points: 0,
  changedKeys: [],
  ...serverFailure(error)
});

/** Fetches every point of the runs' sampled series and stores them in place of the overview. */
export async function loadFullHistories(
  db: RunlensDb,
  request: FullHistoriesRequest,
  options: FullHistoriesOptions = {}
): Promise<FullHistoriesOutcome> {
  const rows = (await rowsOf(db, request.runs)).filter((r) => r.sourceFormat === SERVER_FORMAT);
  const wanted = sampledSeriesOf(rows, request.metrics);
  if (wanted.length === 0) {
    return { state: 'done', series: 0, points: 0, changedKeys: [], error: null, errorKind: null };
  }
  const clients = await clientsOf(db, wanted, request, options);
  if (!clients) return failed(new Error('The import of these runs is no longer stored.'));
  const fetched: FetchedSeries[] = [];
  try {
    await pool(wanted, options.concurrency ?? 4, async ({ row, metric }) => {
      const client = clients.get(row.importId)!;
      const { series } = await client.fullHistory(row.id, metric);
      fetched.push({ runKey: row.key, importId: row.importId, series: { ...series, key: metric } });
    });
  } catch (error) {
    return failed(error);
  }
  return storeFetched(
    db,
    fetched,
    (before) => before.sampled === true,
    'the sampled histories stay'
  );
}

/** A series fetched from a server for a stored run. */
export interface FetchedSeries {
  runKey: string;
  importId: string;
  series: MetricSeries;
}

/** One client per import of these rows (its server's address, the page's credentials for it). */
export async function clientsOf(
  db: RunlensDb,
  wanted: readonly { row: RunRow }[],
  request: Pick<FullHistoriesRequest, 'auths' | 'pageOrigin'>,
  options: FullHistoriesOptions
): Promise<Map<string, MlflowServerClient> | null> {
  const clients = new Map<string, MlflowServerClient>();
  for (const importId of new Set(wanted.map((w) => w.row.importId))) {
    const importRow = await db.imports.get(importId);
    const address = importRow?.server?.address ?? importRow?.files[0];
    if (!address) return null;
    clients.set(
      importId,
      new MlflowServerClient({
        url: address,
        auth: authFor(request.auths, address),
        pageOrigin: request.pageOrigin,
        fetch: options.fetch,
        signal: options.signal
      })
    );
  }
  return clients;
}

/**
 * Stores fetched series in place of the stored ones `replaces` accepts (read again inside the
 * transaction: a refresh or another load may have been first), with their summaries (marked
 * sampled when the series is an overview) and the imports' point counts, in one transaction.
 */
export async function storeFetched(
  db: RunlensDb,
  fetched: readonly FetchedSeries[],
  replaces: (before: MetricSummary) => boolean,
  onFailure: string
): Promise<FullHistoriesOutcome> {
  let points = 0;
  const changed = new Set<string>();
  try {
    await db.transaction('rw', [db.runs, db.series, db.imports], async () => {
      const added = new Map<string, number>();
      for (const key of new Set(fetched.map((f) => f.runKey))) {
        // Read again inside the transaction: a refresh or another load may have been first.
        const row = await db.runs.get(key);
        if (!row) continue;
        let touched = false;
        for (const { series, importId } of fetched.filter((f) => f.runKey === key)) {
          const before = row.metrics.get(series.key);
          if (!before || !replaces(before)) continue;
          await db.series
            .where('[runKey+metric+index]')
            .between([key, series.key, -Infinity], [key, series.key, Infinity])
            .delete();
          row.inlineSeries ??= new Map();
          if (series.values.length <= INLINE_POINTS) {
            row.inlineSeries.set(series.key, {
              steps: Array.from(series.steps),
              values: Array.from(series.values),
              timestamps: Array.from(series.timestamps)
            });
          } else {
            row.inlineSeries.delete(series.key);
            await db.series.bulkPut(encodeSeriesChunks(key, series));
          }
          const summary = summarizeSeries(series);
          row.metrics.set(
            series.key,
            series.completeness === 'sampled' ? { ...summary, sampled: true } : summary
          );
          added.set(importId, (added.get(importId) ?? 0) + series.values.length - before.count);
          points += series.values.length;
          touched = true;
        }
        if (touched) {
          await db.runs.put(row);
          changed.add(key);
        }
      }
      for (const [importId, delta] of added) {
        const importRow = await db.imports.get(importId);
        if (importRow)
          await db.imports.put({ ...importRow, pointCount: importRow.pointCount + delta });
      }
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed(new Error(`could not be stored (${message}); ${onFailure}`));
  }
  return {
    state: 'done',
    series: fetched.length,
    points,
    changedKeys: [...changed],
    error: null,
    errorKind: null
  };
}
