/**
 * "Refresh" of an import fetched from a tracking server, and live-follow of one of its runs: the
 * engine's refreshRuns lists what the server has now and fetches only what changed; this stores
 * it into the same import in one transaction (new runs added, updated runs replaced with their
 * unchanged histories kept from the cache, runs deleted on the server marked deleted) and says
 * what it fetched. Pure over a database and a fetch, so Node tests run it against a real server.
 */
import type { RunlensDb } from '../db/db';
import { prepareImport } from '../db/prepare';
import { commitImport } from '../db/commit-import';
import { readSeries } from '../db/repo';
import type { ImportRow, RunRow } from '../db/rows';
import type { Run } from '../model';
import type { ServerAuth } from '../mlflow-server/auth';
import { serverFailure } from '../mlflow-server/errors';
import { SERVER_FORMAT } from '../mlflow-server/map-json';
import { describeRefresh, refreshRuns, type CachedServerRun } from '../mlflow-server/refresh-runs';
import { MlflowServerClient, type FetchLike } from '../mlflow-server/rest-client';

export interface ServerRefreshRequest {
  /** The import to refresh (its runs and the query it was fetched with). */
  importId: string;
  auth: ServerAuth | null;
  pageOrigin: string | null;
  /** Only these runs (keys of the import): live-follow of a running run. */
  runKeys?: string[];
}

export interface ServerRefreshOutcome {
  state: 'done' | 'error';
  newRuns: number;
  updated: number;
  deleted: number;
  /** Metric points fetched (not the cached ones kept). */
  points: number;
  /** "3 new runs, 2 updated" or "nothing new". */
  message: string;
  /** The refreshed runs' status now, by run key (what live-follow watches). */
  statuses: Record<string, string>;
  /** Keys of runs whose stored rows changed. */
  changedKeys: string[];
  /** The error, naming the server, the cause and the fix. */
  error: string | null;
  errorKind: string | null;
}

export interface ServerRefreshOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  now?: () => number;
  onProgress?: (done: number, total: number) => void;
}

function cachedState(row: RunRow): CachedServerRun {
  const metrics = new Map<string, { lastStep: number; last: number }>();
  for (const [key, s] of row.metrics) metrics.set(key, { lastStep: s.lastStep, last: s.last });
  return {
    id: row.id,
    experimentId: row.experimentId,
    name: row.name,
    status: row.status,
    endTime: row.endTime,
    deleted: row.deleted,
    params: row.params,
    tags: row.tags,
    metrics
  };
}

const failed = (error: unknown): ServerRefreshOutcome => ({
  state: 'error',
  newRuns: 0,
  updated: 0,
  deleted: 0,
  points: 0,
  message: '',
  statuses: {},
  changedKeys: [],
  ...serverFailure(error)
});

/** Refreshes a server import (or some of its runs) and stores what changed. */
export async function refreshFromServer(
  db: RunlensDb,
  request: ServerRefreshRequest,
  options: ServerRefreshOptions = {}
): Promise<ServerRefreshOutcome> {
  const now = options.now ?? Date.now;
  const importRow = await db.imports.get(request.importId);
  if (!importRow) return failed(new Error('This import is no longer stored.'));
  let rows = await db.runs.where('importId').equals(request.importId).toArray();
  rows = rows.filter((r) => r.sourceFormat === SERVER_FORMAT);
  if (request.runKeys) {
    const wanted = new Set(request.runKeys);
    rows = rows.filter((r) => wanted.has(r.key));
  }
  const address = importRow.server?.address ?? importRow.files[0] ?? '';
  const client = new MlflowServerClient({
    url: address,
    auth: request.auth,
    pageOrigin: request.pageOrigin,
    fetch: options.fetch,
    signal: options.signal
  });
  // Imports stored before the query was kept: their experiments, every run of them.
  const query = importRow.server ?? {
    address,
    experimentIds: [...new Set(rows.map((r) => r.experimentId))]
  };
  let result;
  try {
    result = await refreshRuns(client, rows.map(cachedState), query, {
      runIds: request.runKeys ? rows.map((r) => r.id) : undefined,
      onProgress: options.onProgress
    });
  } catch (error) {
    return failed(error);
  }

  const byId = new Map(rows.map((r) => [r.id, r]));
  // An updated run keeps the histories the server has nothing new for.
  const runs: Run[] = [...result.newRuns];
  for (const change of result.updated) {
    const row = byId.get(change.run.id)!;
    // A kept series that is still the sampled overview stays marked so (server-full-histories.ts).
    const kept = await Promise.all(
      change.keptMetrics.map(async (m) => {
        const series = await readSeries(db, row.key, m);
        const summary = row.metrics.get(m);
        return summary?.latest
          ? { ...series, completeness: 'latest' as const }
          : summary?.sampled
            ? { ...series, completeness: 'sampled' as const }
            : series;
      })
    );
    change.run.metrics = [...change.run.metrics, ...kept];
    runs.push(change.run);
  }
  const deletedKeys = result.deletedIds.map((id) => byId.get(id)!.key);
  const prepared = prepareImport(
    request.importId,
    [
      {
        file: client.address,
        format: SERVER_FORMAT,
        batch: { experiments: result.experiments, runs }
      }
    ],
    now()
  );
  const before = new Map(rows.map((r) => [r.key, r]));
  const pointsOf = (r: RunRow | undefined) =>
    r ? [...r.metrics.values()].reduce((n, m) => n + m.count, 0) : 0;
  const importAfter: ImportRow = {
    ...importRow,
    runCount: importRow.runCount + result.newRuns.length,
    pointCount:
      importRow.pointCount +
      prepared.runs.reduce((n, r) => n + pointsOf(r) - pointsOf(before.get(r.key)), 0),
    experimentCount: Math.max(importRow.experimentCount, prepared.importRow.experimentCount),
    server: { ...query, refreshedAt: now() }
  };
  try {
    const tables = [
      ...[db.experiments, db.runs, db.series, db.artifacts, db.imports, db.views],
      ...[db.readings, db.provenance, db.registry, db.edits]
    ];
    await db.transaction('rw', tables, async () => {
      if (prepared.runs.length > 0) {
        await commitImport(db, prepared, { checkCancelled: () => {}, onRowsWritten: () => {} });
      }
      if (deletedKeys.length > 0) {
        await db.runs.where('key').anyOf(deletedKeys).modify({ deleted: true });
      }
      await db.imports.put(importAfter);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed(new Error(`could not be stored (${message}); the cache is as it was`));
  }
  const statuses: Record<string, string> = {};
  for (const r of rows) statuses[r.key] = r.status;
  for (const r of prepared.runs) statuses[r.key] = r.status;
  return {
    state: 'done',
    newRuns: result.newRuns.length,
    updated: result.updated.length,
    deleted: deletedKeys.length,
    points: result.points,
    message: describeRefresh({
      newRuns: result.newRuns.length,
      updated: result.updated.length,
      deleted: deletedKeys.length
    }),
    statuses,
    changedKeys: [...prepared.runs.map((r) => r.key), ...deletedKeys],
    error: null,
    errorKind: null
  };
}
