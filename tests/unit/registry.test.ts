// The detection order: archives open first, folder importers claim before file importers sniff,
// and recognisers only name what no importer read.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { FolderImporter, Importer } from '../../src/lib/importers/importer';
import { IMPORTERS, REGISTRY } from '../../src/lib/importers/registry';
import { sourceFromBytes, type SourceFile } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { batchFile, experiment, run } from './helpers/batches';

const noop = () => {};
const inFolder = (file: SourceFile): SourceFile => ({ ...file, fromFolder: true });
// A CatBoost training log (catboost_info/learn_error.tsv): recognised, not read yet.
const CATBOOST_LOG = new TextEncoder().encode('iter\tLogloss\n0\t0.6\n');

/** A Runlens JSON file with one run, as a folder importer would also like to read it. */
const runFile = (path: string, id = 'a') =>
  inFolder({
    ...batchFile(path, { experiments: [experiment('1', 'grid')], runs: [run(id, '1')] }),
    path
  });

/** A folder format that owns every folder called `owned/` and reads its files one by one. */
const ownedFolders: FolderImporter = {
  id: 'owned-folder',
  label: 'Owned folder',
  claim: async (tree) =>
    tree.dirs('').includes('owned')
      ? [{ root: 'owned', files: tree.under('owned').map((f) => f.source) }]
      : [],
  parseFolder: async (claim, tree) => {
    for (const f of claim.files) await tree.get(f.path)!.text();
    return {
      batch: { experiments: [experiment('9', 'owned')], runs: [run('from-folder', '9')] },
      problems: []
    };
  }
};

describe('the registry order', () => {
  it('lists archives, folder importers, file importers, then recognisers', () => {
    expect(REGISTRY.archives.map((a) => a.id)).toEqual(['zip']);
    expect(REGISTRY.folders.map((f) => f.id)).toEqual([
      'mlflow-filestore',
      'sacred',
      'mlflow-export-import',
      'wandb',
      'tensorboard',
      'tensorboard-dev',
      'hf-trainer',
      'ultralytics',
      'lightning-csv',
      'dvclive',
      'keras-tuner',
      'neptune-exporter'
    ]);
    expect(REGISTRY.files[0]!.id).toBe('runlens-json');
    expect(REGISTRY.recognisers.at(-1)!.id).toBe('other-text');
  });

  it('lets a folder importer claim its files before any file importer sniffs them', async () => {
    const files = [runFile('owned/x.json'), runFile('loose/y.json', 'b')];
    const result = await parseFiles(files, IMPORTERS, noop, noop, [ownedFolders]);
    expect(result.read).toEqual([
      { file: 'owned', format: 'owned-folder', runs: 1 },
      { file: 'loose/y.json', format: 'runlens-json', runs: 1 }
    ]);
  });

  it('opens a zip first and reads its entries as if found in a folder', async () => {
    const zip = zipSync({
      'runs/grid.json': await runFile('grid.json').read(),
      'runs/learn_error.tsv': CATBOOST_LOG
    });
    const result = await parseFiles([sourceFromBytes('export.zip', zip)], IMPORTERS, noop, noop);
    expect(result.read).toEqual([
      { file: 'export.zip/runs/grid.json', format: 'runlens-json', runs: 1 }
    ]);
    expect(result.skipped).toEqual([
      {
        file: 'export.zip/runs/learn_error.tsv',
        reason: 'CatBoost training log: not supported yet'
      }
    ]);
  });

  it('keeps a zip-based format whole instead of unpacking it', async () => {
    const checkpoint = zipSync({
      'model/data.pkl': Uint8Array.from([0x80, 2]),
      'model/data/0': new Uint8Array(8)
    });
    const files = [inFolder(sourceFromBytes('ckpt/model.pt', checkpoint))];
    const result = await parseFiles(files, IMPORTERS, noop, noop);
    expect(result.skipped).toEqual([
      { file: 'ckpt/model.pt', reason: 'PyTorch checkpoint: not run data' }
    ]);
  });

  it('asks recognisers only about files no importer read', async () => {
    const exportReader: Importer = {
      id: 'catboost-test',
      label: 'CatBoost test reader',
      extensions: ['.tsv'],
      sniff: async (source) => ((await source.headText()).startsWith('iter\t') ? 1 : null),
      parse: async () => ({ experiments: [experiment('w', 'w')], runs: [run('w1', 'w')] })
    };
    const files = [inFolder(sourceFromBytes('logs/learn_error.tsv', CATBOOST_LOG))];
    const withReader = await parseFiles(files, [...IMPORTERS, exportReader], noop, noop);
    expect(withReader.skipped).toEqual([]);
    expect(withReader.read).toEqual([
      { file: 'logs/learn_error.tsv', format: 'catboost-test', runs: 1 }
    ]);
    const without = await parseFiles(files, IMPORTERS, noop, noop);
    expect(without.skipped.map((s) => s.reason)).toEqual([
      'CatBoost training log: not supported yet'
    ]);
  });
});
