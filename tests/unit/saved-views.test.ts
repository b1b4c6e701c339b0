import { describe, expect, it } from 'vitest';
import { deleteEverything, deleteView, listViews, saveView } from '../../src/lib/db/repo';
import type { SavedViewRow } from '../../src/lib/db/rows';
import { freshDb } from './helpers/db';

const view = (id: string, name: string, savedAt: number): SavedViewRow => ({
  id,
  name,
  savedAt,
  explorer: { query: 'metrics.loss < 0.5' },
  compare: null,
  runs: null
});

describe('saved views', () => {
  it('lists newest first, replaces a view of the same name, deletes', async () => {
    const db = freshDb();
    await saveView(db, view('a', 'good runs', 1));
    await saveView(db, view('b', 'recent', 2));
    await saveView(db, view('c', 'good runs', 3));
    expect((await listViews(db)).map((v) => [v.id, v.name])).toEqual([
      ['c', 'good runs'],
      ['b', 'recent']
    ]);
    await deleteView(db, 'b');
    expect((await listViews(db)).map((v) => v.id)).toEqual(['c']);
    await deleteEverything(db);
    expect(await listViews(db)).toEqual([]);
  });
});
