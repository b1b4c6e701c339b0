// Library → bundle → fresh database: the same runs, bit-exact series, params, tags, notes,
// parents, deletions, artifacts and views; re-importing replaces; exports of part of a library.
import { describe, expect, it } from 'vitest';
import { BUNDLE_VERSION } from '../../src/lib/bundle/upgrades';
import { writeBundle } from '../../src/lib/bundle/write-bundle';
import { collectBundle } from '../../src/lib/bundle/from-store';
import { countRows } from '../../src/lib/db/repo';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { createWorkerApi } from '../../src/lib/worker/worker-api';
import { freshDb } from './helpers/db';
import { hardLibrary, importBytes, snapshot, storeLibrary, VIEWS } from './helpers/bundle-fixtures';
import { detectImporter } from '../../src/lib/importers/registry';

async function exportAll(artifacts = true): Promise<Uint8Array> {
  const db = freshDb();
  await storeLibrary(db);
  const blob = await createWorkerApi(db).exportBundle({ kind: 'all' }, { artifacts });
  return new Uint8Array(await blob.arrayBuffer());
}

describe('bundle round trip', () => {
  it('restores the whole library exactly into a fresh database', async () => {
    const original = freshDb();
    await storeLibrary(original);
    const blob = await createWorkerApi(original).exportBundle({ kind: 'all' }, { artifacts: true });

    const restored = freshDb();
    const outcome = await importBytes(
      restored,
      'backup.runlens',
      new Uint8Array(await blob.arrayBuffer())
    );
    expect(outcome.errors).toEqual([]);
    expect(outcome).toMatchObject({ state: 'done', runs: 5, experiments: 4 });

    const before = await snapshot(original);
    const after = await snapshot(restored);
    expect(after).toEqual(before);
    // Spot checks of what matters most, so a failure says what broke.
    const parent = after.runs.find((r) => r.key === 'mlflow-filestore|1|parent')!;
    expect(parent.tags.get('mlflow.note.content')).toContain('<script>');
    expect(parent.params.get('__proto__')).toBe('{"isAdmin":true}');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
    expect(after.runs.find((r) => r.id === 'child')!.parentId).toBe('parent');
    expect(after.runs.filter((r) => r.deleted).map((r) => r.id)).toEqual(['old']);
    expect(after.runs.map((r) => r.key)).toContain('runlens-json|a|b|x|y');
    const loss = after.series['mlflow-filestore|1|parent train/loss']!;
    expect(loss.values.slice(7 * 16, 8 * 16)).toBe('3412efbe0100f87f'); // the NaN payload
    expect(after.artifacts.map((a) => [a.path, a.blob === null])).toEqual([
      ['model/model.pt', true],
      ['notes/ünïcode ✓.txt', false],
      ['plots/x.png', false]
    ]);
    expect(after.views).toEqual(VIEWS);
  });

  it('replaces the same runs when the same bundle is imported again', async () => {
    const bytes = await exportAll();
    const db = freshDb();
    await importBytes(db, 'backup.runlens', bytes);
    const once = await countRows(db);
    const first = await snapshot(db);
    const outcome = await importBytes(db, 'backup-again.runlens', bytes);
    expect(outcome.state).toBe('done');
    expect(await countRows(db)).toEqual({ ...once, imports: once.imports! + 1 });
    expect(await snapshot(db)).toEqual(first);
  });

  it('restores over the library it came from without duplicating anything', async () => {
    const db = freshDb();
    await storeLibrary(db);
    const before = await snapshot(db);
    const counts = await countRows(db);
    const blob = await createWorkerApi(db).exportBundle({ kind: 'all' }, { artifacts: true });
    await importBytes(db, 'backup.runlens', new Uint8Array(await blob.arrayBuffer()));
    expect(await countRows(db)).toEqual({ ...counts, imports: counts.imports! + 1 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('lists artifacts without their bytes when asked to leave them out', async () => {
    const db = freshDb();
    await importBytes(db, 'light.runlens', await exportAll(false));
    const artifacts = await db.artifacts.toArray();
    expect(artifacts).toHaveLength(3);
    expect(artifacts.every((a) => a.blob === null)).toBe(true);
  });

  it('exports a selection, an experiment or an import, without the saved views', async () => {
    const db = freshDb();
    await storeLibrary(db);
    const runs = await collectBundle(
      db,
      { kind: 'runs', keys: ['mlflow-filestore|1|child'] },
      { artifacts: false }
    );
    expect(runs.batches.flatMap((b) => b.batch.runs.map((r) => r.id))).toEqual(['child']);
    expect(runs.batches.flatMap((b) => b.batch.experiments.map((e) => e.name))).toEqual(['vision']);
    expect(runs.views).toEqual([]);
    const experiment = await collectBundle(
      db,
      { kind: 'experiment', key: 'runlens-json|a|b' },
      { artifacts: false }
    );
    expect(experiment.batches).toHaveLength(1);
    expect(experiment.batches[0]!.batch.runs.map((r) => r.id)).toEqual(['x|y']);
    const imported = await collectBundle(
      db,
      { kind: 'import', id: 'import-1' },
      { artifacts: false }
    );
    expect(imported.batches.flatMap((b) => b.batch.runs)).toHaveLength(5);
  });

  it('writes the same bytes for the same library (CI artifacts diff)', async () => {
    const chunksA: Uint8Array[] = [];
    const chunksB: Uint8Array[] = [];
    const contents = { batches: hardLibrary(), views: VIEWS };
    const statsA = writeBundle(contents, { artifacts: true }, (c) => chunksA.push(c));
    writeBundle({ batches: hardLibrary(), views: VIEWS }, { artifacts: true }, (c) =>
      chunksB.push(c)
    );
    expect(Buffer.concat(chunksA).equals(Buffer.concat(chunksB))).toBe(true);
    expect(statsA).toMatchObject({ experiments: 4, runs: 5, artifacts: 2 });
    expect(statsA.points).toBe(5000 + 4 + 3 * 3);
  });

  it('is recognised by content under any name, ahead of the zip archive path', async () => {
    const bytes = await exportAll();
    const importer = await detectImporter(
      new ImportSource(sourceFromBytes('unknown', bytes)),
      IMPORTERS
    );
    expect(importer.id).toBe('runlens-bundle');
    const db = freshDb();
    const outcome = await importBytes(db, 'unknown', bytes);
    expect(outcome).toMatchObject({ state: 'done', runs: 5 });
    expect((await db.imports.toArray())[0]!.formats).toEqual(['mlflow-filestore', 'runlens-json']);
    expect(BUNDLE_VERSION).toBe(2);
  });
});
