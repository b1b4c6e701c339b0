/**
 * Fetching runs from a live MLflow tracking server into the store, as one import: the engine's
 * `pullRuns` (experiments, runs page by page, every metric's full history, artifact listings),
 * then the same prepare-and-commit as dropped files. The import names the server by its address
 * (never its credentials); runs are keyed by format, experiment and run id, so fetching the same
 * server again replaces its runs instead of adding copies. Pure over a database and a fetch, so
 * Node tests run it against a real server.
 */
import type { RunlensDb } from '../db/db';
import type { RunRow } from '../db/rows';
import { prepareImport } from '../db/prepare';
import { commitImport } from '../db/commit-import';
import { ImportCancelled } from '../importers/errors';
import { MlflowServerError } from '../mlflow-server/errors';
import { SERVER_FORMAT } from '../mlflow-server/map-json';
import { pullRuns, type PullProgress } from '../mlflow-server/pull-runs';
import { MlflowServerClient, type FetchLike } from '../mlflow-server/rest-client';
import type { ImportOutcome, ImportProgress, ServerImportRequest } from './api';
import { nothingImported } from './outcome';

export interface ServerImportOptions {
  isCancelled(): boolean;
  signal?: AbortSignal;
  onProgress(progress: ImportProgress): void;
  fetch?: FetchLike;
  now?: () => number;
  newId?: () => string;
  /** Receives the run rows once committed, as stored (import-pipeline.ts's `onStored`). */
  onStored?: (runs: readonly RunRow[]) => void;
}

/** The 'fetching' progress of a pull: runs listed, then runs whose histories arrived. */
function fetching(address: string, p: PullProgress, points: number): ImportProgress {
  return {
    phase: 'fetching',
    filesTotal: p.total ?? 0,
    filesDone: p.phase === 'experiments' ? 0 : p.done,
    bytesTotal: 0,
    bytesDone: 0,
    runs: p.phase === 'runs' ? p.done : (p.total ?? 0),
    points,
    pointsTotal: 0,
    file: `${address}: ${p.phase}`
  };
}

/** Fetches the experiments asked for (all when none) and stores their runs as one import. */
export async function importFromServer(
  db: RunlensDb,
  request: ServerImportRequest,
  options: ServerImportOptions
): Promise<ImportOutcome> {
  const now = options.now ?? Date.now;
  const client = new MlflowServerClient({
    url: request.url,
    auth: request.auth,
    pageOrigin: request.pageOrigin,
    fetch: options.fetch,
    signal: options.signal
  });
  const address = client.address;
  const cancelled = () => nothingImported('cancelled', 0, { errors: [] });
  let last: PullProgress = { phase: 'experiments', done: 0, total: null };
  options.onProgress(fetching(address, last, 0));
  let pulled;
  try {
    pulled = await pullRuns(client, {
      experiments: request.experimentIds,
      filter: request.filter,
      orderBy: request.orderBy,
      maxRuns: request.maxRuns,
      histories: request.histories ?? 'full',
      artifacts: request.artifacts ?? true,
      onProgress: (p) => {
        last = p;
        if (options.isCancelled()) throw new ImportCancelled();
        options.onProgress(fetching(address, p, 0));
      }
    });
  } catch (error) {
    if (error instanceof ImportCancelled || options.isCancelled()) return cancelled();
    const message =
      error instanceof MlflowServerError
        ? `${error.cause}${error.fix ? ` ${error.fix}` : ''}`
        : error instanceof SyntaxError
          ? `the filter is not valid: ${error.message.replace(/^--filter: /, '')}`
          : error instanceof Error
            ? error.message
            : String(error);
    return nothingImported('error', 0, { errors: [{ file: address, message }] });
  }
  if (options.isCancelled()) return cancelled();
  options.onProgress(fetching(address, last, pulled.points));
  if (pulled.batch.runs.length === 0) return nothingImported('empty', 0, { errors: [] });

  const importId = options.newId?.() ?? crypto.randomUUID();
  const prepared = prepareImport(
    importId,
    [{ file: address, format: SERVER_FORMAT, batch: pulled.batch }],
    now()
  );
  // Kept so a refresh asks the server the same (server-refresh.ts); no credentials in it.
  prepared.importRow.server = {
    address,
    experimentIds: [...request.experimentIds],
    ...(request.filter ? { filter: request.filter } : {}),
    ...(request.orderBy?.length ? { orderBy: [...request.orderBy] } : {}),
    ...(request.maxRuns ? { maxRuns: request.maxRuns } : {})
  };
  const progress: ImportProgress = {
    phase: 'writing',
    filesTotal: 0,
    filesDone: 0,
    bytesTotal: 0,
    bytesDone: 0,
    runs: prepared.importRow.runCount,
    points: 0,
    pointsTotal: prepared.importRow.pointCount,
    file: null
  };
  options.onProgress({ ...progress });
  try {
    await commitImport(db, prepared, {
      checkCancelled: () => {
        if (options.isCancelled()) throw new ImportCancelled();
      },
      onRowsWritten: (points) => options.onProgress({ ...progress, points })
    });
  } catch (error) {
    if (error instanceof ImportCancelled || options.isCancelled()) return cancelled();
    const message = error instanceof Error ? error.message : String(error);
    return nothingImported('error', 0, {
      errors: [{ file: address, message: `could not be stored (${message}); nothing was saved` }]
    });
  }
  options.onStored?.(prepared.runs);
  options.onProgress({ ...progress, phase: 'done', points: prepared.importRow.pointCount });
  return {
    ...nothingImported('done', 0, { errors: [] }),
    importId,
    experiments: prepared.importRow.experimentCount,
    runs: prepared.importRow.runCount,
    points: prepared.importRow.pointCount,
    runKeys: prepared.runs.map((r) => r.key)
  };
}
