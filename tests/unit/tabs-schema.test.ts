// A newer tab upgrading the database while this one works (issue 18, item 5): the old connection
// is told, waits for its work, then closes for good (no silent reopen on the new schema).
import { describe, expect, it } from 'vitest';
import { WorkTracker, watchSchemaChanges, type SchemaEvent } from '../../src/lib/db/schema-change';
import { freshDb } from './helpers/db';

/** Opens `name` at the next version, as a newer build would; resolves when the upgrade is done. */
function upgrade(name: string, version: number): { blocked: () => boolean; done: Promise<void> } {
  let blocked = false;
  const done = new Promise<void>((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onblocked = () => (blocked = true);
    req.onupgradeneeded = () => req.result.createObjectStore('future');
    req.onsuccess = () => {
      req.result.close();
      resolve();
    };
    req.onerror = () => reject(req.error);
  });
  return { blocked: () => blocked, done };
}

describe('a schema upgrade from another tab', () => {
  it('waits for the work in flight, then closes without reopening', async () => {
    const db = freshDb();
    await db.open();
    const events: SchemaEvent['kind'][] = [];
    const work = new WorkTracker(20);
    let finish!: () => void;
    const running = work.track(() => new Promise<void>((resolve) => (finish = resolve)));
    watchSchemaChanges(
      db,
      (e) => events.push(e.kind),
      () => work.idle()
    );

    const newer = upgrade(db.name, db.verno * 10 + 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(['opened', 'upgrade-elsewhere']);
    expect(newer.blocked(), 'the newer tab waits').toBe(true);
    // The work in flight can still write.
    await db.views.put({ id: 'v', name: 'kept', savedAt: 1 } as never);

    finish();
    await running;
    await newer.done;
    expect(events).toEqual(['opened', 'upgrade-elsewhere', 'closed']);
    await expect(db.views.count()).rejects.toThrow(/closed/i);
  });

  it('counts staged files as work until their import has run', async () => {
    const work = new WorkTracker(10);
    work.staged = true;
    let idle = false;
    void work.idle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(idle).toBe(false);
    work.staged = false;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(idle).toBe(true);
  });
});
