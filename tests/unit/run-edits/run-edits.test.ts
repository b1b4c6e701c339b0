import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../../src/lib/db/rows';
import {
  applyRunEdit,
  changeEdit,
  editedFields,
  isEmptyEdit,
  NOTE_TAG
} from '../../../src/lib/run-edits/run-edits';
import { createWorkerApi } from '../../../src/lib/worker/worker-api';
import type { ExplorerRequest } from '../../../src/lib/explorer/explorer-types';
import { freshDb } from '../helpers/db';
import { importBytes, rezip, storeLibrary } from '../helpers/bundle-fixtures';

function storedRun(tags: Record<string, string>, name: string | null = 'imported'): RunRow {
  return {
    key: 'f|e|r',
    importId: 'i',
    experimentKey: 'f|e',
    sourceFormat: 'f',
    sourceFile: 'x',
    id: 'r',
    experimentId: 'e',
    name,
    status: 'FINISHED',
    startTime: null,
    endTime: null,
    deleted: false,
    parentId: null,
    params: new Map(),
    tags: new Map(Object.entries(tags)),
    metrics: new Map(),
    artifactCount: 0
  };
}

describe('run edits laid over the imported run', () => {
  it('renames, rewrites the note and adds or removes tags, keeping the imported values known', () => {
    const run = storedRun({ team: 'vision', [NOTE_TAG]: 'imported note' });
    let edit = changeEdit(run, undefined, { name: 'baseline v2' }, 1);
    edit = changeEdit(run, edit, { note: 'my note' }, 2);
    edit = changeEdit(run, edit, { setTag: { key: 'reviewed', value: '' } }, 3);
    edit = changeEdit(run, edit, { removeTag: 'team' }, 4);
    const shown = applyRunEdit(run, edit);
    expect(shown.name).toBe('baseline v2');
    expect(Object.fromEntries(shown.tags)).toEqual({ [NOTE_TAG]: 'my note', reviewed: '' });
    // The imported run is untouched.
    expect(run.name).toBe('imported');
    expect(run.tags.get('team')).toBe('vision');
    const fields = editedFields(run, edit);
    expect(fields.name).toBe('imported');
    expect(fields.note).toBe('imported note');
    expect([...fields.setTags]).toEqual([['reviewed', null]]);
    expect([...fields.removedTags]).toEqual([['team', 'vision']]);
    expect(edit.editedAt).toBe(4);
  });

  it('drops changes back to the imported value, so only real differences show as edited', () => {
    const run = storedRun({ team: 'vision' });
    let edit = changeEdit(run, undefined, { name: 'other' }, 1);
    edit = changeEdit(run, edit, { name: 'imported' }, 2);
    edit = changeEdit(run, edit, { removeTag: 'team' }, 3);
    edit = changeEdit(run, edit, { setTag: { key: 'team', value: 'vision' } }, 4);
    // Removing a tag the run never had is no edit either.
    edit = changeEdit(run, edit, { removeTag: 'absent' }, 5);
    expect(isEmptyEdit(edit)).toBe(true);
    expect(applyRunEdit(run, edit)).toBe(run);
    // A blank name or null goes back to the import.
    expect(changeEdit(run, undefined, { name: '   ' }, 1).name).toBeUndefined();
    // An emptied note removes the imported one.
    const cleared = changeEdit(storedRun({ [NOTE_TAG]: 'n' }), undefined, { note: '' }, 1);
    expect(applyRunEdit(storedRun({ [NOTE_TAG]: 'n' }), cleared).tags.has(NOTE_TAG)).toBe(false);
  });
});

const QUERY: ExplorerRequest = {
  query: '',
  quickSearch: '',
  showDeleted: true,
  experiments: null,
  sort: [],
  tree: false,
  collapseAll: false,
  toggled: []
};

async function matching(
  api: ReturnType<typeof createWorkerApi>,
  request: Partial<ExplorerRequest>
) {
  const { view } = await api.explorerView({ ...QUERY, ...request });
  return api.explorerMatchingKeys(view!.generation);
}

describe('run edits in the store', () => {
  it('survive importing the same runs again, are seen by filters, and travel in bundles', async () => {
    const db = freshDb();
    await storeLibrary(db);
    const api = createWorkerApi(db);
    const key = (await db.runs.toArray())[0]!.key;
    const importedName = (await api.readRun(key))!.name;
    await api.editRun(key, { name: 'renamed in runlens' });
    await api.editRun(key, { setTag: { key: 'reviewed', value: 'yes' } });
    expect(await matching(api, { query: "tags.reviewed = 'yes'" })).toEqual([key]);
    expect(await matching(api, { quickSearch: 'renamed in runlens' })).toEqual([key]);
    expect(await matching(api, { query: "attributes.run_name = 'renamed in runlens'" })).toEqual([
      key
    ]);

    // The same files again: the run row is replaced, the edit stays apart and still applies.
    await storeLibrary(db);
    expect((await api.readRun(key))!.name).toBe(importedName);
    expect((await api.readRunEdit(key))!.name).toBe('renamed in runlens');
    expect(await matching(api, { query: "tags.reviewed = 'yes'" })).toEqual([key]);
    const opened = await api.compareOpen([key]);
    expect(opened.runs[0]!.name).toBe('renamed in runlens');

    // A bundle carries the imported run and the edit; opened elsewhere, both come back apart.
    const blob = await api.exportBundle({ kind: 'runs', keys: [key] }, { artifacts: false });
    const elsewhere = freshDb();
    const outcome = await importBytes(
      elsewhere,
      'edited.runlens',
      new Uint8Array(await blob.arrayBuffer())
    );
    expect(outcome.state).toBe('done');
    const other = createWorkerApi(elsewhere);
    expect((await other.readRun(key))!.name).toBe(importedName);
    const carried = await other.readRunEdit(key);
    expect(carried).toMatchObject({ runKey: key, name: 'renamed in runlens' });
    expect([...carried!.setTags]).toEqual([['reviewed', 'yes']]);
    expect(await matching(other, { quickSearch: 'renamed in runlens' })).toEqual([key]);

    // Everything back to the import: the edit row goes.
    await api.editRun(key, { name: null });
    expect(await api.editRun(key, { removeTag: 'reviewed' })).toBeNull();
    expect(await db.edits.count()).toBe(0);
  });
});

describe('run edits in a bundle from elsewhere', () => {
  async function bundleWithEdits(edits: unknown): Promise<Uint8Array> {
    const db = freshDb();
    await storeLibrary(db);
    const blob = await createWorkerApi(db).exportBundle({ kind: 'all' }, { artifacts: false });
    return rezip(new Uint8Array(await blob.arrayBuffer()), (h) => (h.edits = edits));
  }

  it('applies edits of the bundled runs only, and refuses a malformed one by its path', async () => {
    const source = freshDb();
    await storeLibrary(source);
    const key = (await source.runs.toArray())[0]!.key;
    const bytes = await bundleWithEdits([
      { run: key, name: '<b>x</b>', setTags: [['__proto__', '1']], removedTags: [], editedAt: 1 },
      { run: 'runlens-json|elsewhere|not-bundled', name: 'ghost', setTags: [], removedTags: [] }
    ]);
    const db = freshDb();
    expect((await importBytes(db, 'b.runlens', bytes)).state).toBe('done');
    const edits = await db.edits.toArray();
    expect(edits.map((e) => e.runKey)).toEqual([key]);
    // Strings stay data: the name as text, `__proto__` a plain key of the tag map.
    const shown = (await createWorkerApi(db).compareOpen([key])).runs[0]!;
    expect(shown.name).toBe('<b>x</b>');
    expect(edits[0]!.setTags.get('__proto__')).toBe('1');

    const bad = await bundleWithEdits([{ run: key, name: 5, setTags: [], removedTags: [] }]);
    const outcome = await importBytes(freshDb(), 'bad.runlens', bad);
    expect(outcome.state).toBe('error');
    expect(JSON.stringify(outcome)).toContain('edits[0].name');
  });
});
