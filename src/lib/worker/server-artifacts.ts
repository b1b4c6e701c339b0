/**
 * Artifacts listed when a run's page is opened: a server experiment is opened without listing
 * every run's artifacts (one request a run, the most of an open's requests at 2,000 runs), and
 * the run's page asks for its own listing here (names, sizes, media types; never the bytes),
 * stored as an import's listing is. A run already listed is left alone.
 */
import type { RunlensDb } from '../db/db';
import type { ArtifactRow } from '../db/rows';
import { SERVER_FORMAT } from '../mlflow-server/map-json';
import {
  clientsOf,
  failed,
  type FullHistoriesOptions,
  type FullHistoriesOutcome,
  type FullHistoriesRequest
} from './server-full-histories';

export interface ServerArtifactsRequest extends Pick<FullHistoriesRequest, 'auths' | 'pageOrigin'> {
  runKey: string;
}

/** Lists the run's artifacts on its server if they were not listed yet; `series` stays 0. */
export async function listRunArtifacts(
  db: RunlensDb,
  request: ServerArtifactsRequest,
  options: FullHistoriesOptions = {}
): Promise<FullHistoriesOutcome> {
  const done = (changedKeys: string[]): FullHistoriesOutcome => ({
    state: 'done',
    series: 0,
    points: 0,
    changedKeys,
    error: null,
    errorKind: null
  });
  const row = await db.runs.get(request.runKey);
  if (!row || row.sourceFormat !== SERVER_FORMAT || !row.artifactsPending) return done([]);
  const clients = await clientsOf(db, [{ row }], request, options);
  if (!clients) return failed(new Error('The import of this run is no longer stored.'));
  let listed;
  try {
    listed = await clients.get(row.importId)!.listArtifacts(row.id);
  } catch (error) {
    return failed(error);
  }
  const rows: ArtifactRow[] = listed.map((a) => ({
    runKey: row.key,
    path: a.path,
    size: a.size,
    mediaType: a.mediaType,
    blob: null
  }));
  await db.transaction('rw', [db.runs, db.artifacts], async () => {
    const current = await db.runs.get(row.key);
    if (!current?.artifactsPending) return;
    await db.artifacts.where('runKey').equals(row.key).delete();
    await db.artifacts.bulkPut(rows);
    delete current.artifactsPending;
    current.artifactCount = rows.length;
    await db.runs.put(current);
  });
  return done([row.key]);
}
