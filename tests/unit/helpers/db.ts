import 'fake-indexeddb/auto';
import { openRunlensDb, type RunlensDb } from '../../../src/lib/db/db';

let counter = 0;

/** A fresh, empty database per test. */
export function freshDb(): RunlensDb {
  counter += 1;
  return openRunlensDb(`runlens-test-${process.pid}-${counter}`);
}

/** Everything stored, as comparable plain data (Blobs by size and type). */
export async function dumpDb(db: RunlensDb): Promise<unknown> {
  const artifacts = await db.artifacts.toArray();
  return {
    experiments: await db.experiments.toArray(),
    runs: await db.runs.toArray(),
    series: await db.series.toArray(),
    artifacts: artifacts.map((a) => ({ ...a, blob: a.blob ? [a.blob.size, a.blob.type] : null })),
    imports: await db.imports.toArray()
  };
}
