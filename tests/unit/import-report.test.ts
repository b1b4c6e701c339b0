// How an import ends when files are left out: grouped reasons, an honest state, the new runs'
// keys, and progress that moves while files are examined and read.
import { beforeEach, describe, expect, it } from 'vitest';
import { progressFraction, progressLine } from '../../src/lib/components/import-progress';
import type { RunlensDb } from '../../src/lib/db/db';
import { countRows, readLibrary } from '../../src/lib/db/repo';
import type { FolderImporter, Importer } from '../../src/lib/importers/importer';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes, type SourceFile } from '../../src/lib/importers/source';
import type { ImportProgress } from '../../src/lib/worker/api';
import { parseFiles, runImport, type ImportOptions } from '../../src/lib/worker/import-pipeline';
import {
  describeGroup,
  groupSkipped,
  noRunsHeadline,
  topReasons
} from '../../src/lib/worker/import-report';
import { batchFile, experiment, run, textFile } from './helpers/batches';
import { freshDb } from './helpers/db';

let db: RunlensDb;
beforeEach(() => {
  db = freshDb();
});

const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  isCancelled: () => false,
  onProgress: () => {},
  ...overrides
});
const inFolder = (file: SourceFile): SourceFile => ({ ...file, fromFolder: true });
/** A CatBoost training log (catboost_info/learn_error.tsv): recognised, not read yet. */
const catboostLog = (path: string) => inFolder(textFile(path, 'iter\tLogloss\n0\t0.6\n'));
const checkpoint = (path: string) =>
  inFolder(sourceFromBytes(path, Uint8Array.from([0x80, 2, 0x8a, 10, 0x6c, 0xfc])));
const grid = (path: string) =>
  inFolder({
    ...batchFile(path, {
      experiments: [experiment('1', 'grid')],
      runs: [run('a', '1'), run('b', '1')]
    }),
    path
  });

describe('skipped files grouped by reason', () => {
  const skipped = [
    { file: 'a.wandb', reason: 'W&B transaction log: not supported yet' },
    { file: 'b.wandb', reason: 'W&B transaction log: not supported yet' },
    { file: 'summary.json', reason: 'W&B run summary: not supported yet' },
    { file: 'model.pt', reason: 'PyTorch checkpoint: not run data' },
    { file: 'x', reason: 'an importer said so' }
  ];

  it('counts every file and keeps only the first few names', () => {
    const groups = groupSkipped(skipped, 1);
    expect(groups).toEqual([
      { reason: 'W&B transaction log: not supported yet', count: 2, files: ['a.wandb'] },
      { reason: 'PyTorch checkpoint: not run data', count: 1, files: ['model.pt'] },
      { reason: 'W&B run summary: not supported yet', count: 1, files: ['summary.json'] },
      { reason: 'an importer said so', count: 1, files: ['x'] }
    ]);
    expect(groups.map(describeGroup)).toEqual([
      '2 W&B transaction logs: not supported yet',
      '1 PyTorch checkpoint: not run data',
      '1 W&B run summary: not supported yet',
      '1 file: an importer said so'
    ]);
  });

  it('puts the top reasons in one line, broken files first', () => {
    expect(topReasons(groupSkipped(skipped), 1, 2)).toBe(
      '1 broken file · 2 W&B transaction logs: not supported yet · 1 PyTorch checkpoint: not run data · 2 more kinds'
    );
    expect(noRunsHeadline(14)).toBe('No runs in these 14 files');
    expect(noRunsHeadline(1)).toBe('No runs in this file');
  });
});

describe('the outcome of an import', () => {
  it('is not done when no file held a run: it says why and stores nothing', async () => {
    const files = [
      catboostLog('catboost/learn_error.tsv'),
      catboostLog('catboost/test_error.tsv'),
      checkpoint('catboost/model.ckpt')
    ];
    const outcome = await runImport(db, files, options());
    expect(outcome).toMatchObject({ state: 'empty', importId: null, runs: 0, errors: [] });
    expect(outcome.skipped).toEqual([
      {
        reason: 'CatBoost training log: not supported yet',
        count: 2,
        files: ['catboost/learn_error.tsv', 'catboost/test_error.tsv']
      },
      { reason: 'PyTorch checkpoint: not run data', count: 1, files: ['catboost/model.ckpt'] }
    ]);
    expect(await countRows(db)).toMatchObject({ runs: 0, imports: 0 });
  });

  it('names the format of a lone file it cannot read', async () => {
    const lone = { ...catboostLog('learn_error.tsv'), fromFolder: false };
    const outcome = await runImport(db, [lone], options());
    expect(outcome.state).toBe('error');
    expect(outcome.errors).toEqual([
      {
        file: 'learn_error.tsv',
        message: 'looks like a CatBoost training log, which Runlens cannot read yet'
      }
    ]);
  });

  it('lists runs, errors and skipped files of a mixed folder, with the new runs keys', async () => {
    const broken = inFolder(textFile('exp/broken.json', '{"format": "runlens", "version": 1,'));
    const files = [grid('exp/grid.json'), catboostLog('exp/learn_error.tsv'), broken];
    const outcome = await runImport(db, files, options({ newId: () => 'import-1' }));
    expect(outcome).toMatchObject({ state: 'error', importId: 'import-1', runs: 2 });
    expect(outcome.errors.map((e) => e.file)).toEqual(['exp/broken.json']);
    expect(outcome.skipped.map((g) => [g.reason, g.count])).toEqual([
      ['CatBoost training log: not supported yet', 1]
    ]);
    const stored = (await readLibrary(db)).runs.map((r) => r.key).sort();
    expect([...outcome.runKeys].sort()).toEqual(stored);
    expect(outcome.runKeys).toHaveLength(2);
  });

  it('carries the warnings importers give, the first hundred and the count', async () => {
    const chatty: Importer = {
      id: 'chatty',
      label: 'Chatty',
      extensions: [],
      sniff: async () => 1,
      parse: async (source, ctx) => {
        for (let i = 0; i < 150; i++) ctx.warn({ file: source.path, message: `record ${i}: odd` });
        return { experiments: [experiment('1', 'e')], runs: [run('r', '1')] };
      }
    };
    const outcome = await runImport(
      db,
      [textFile('log.txt', 'x')],
      options({ importers: [chatty] })
    );
    expect(outcome.state).toBe('done');
    expect(outcome.warningCount).toBe(150);
    expect(outcome.warnings).toHaveLength(100);
    expect(outcome.warnings[0]).toEqual({ file: 'log.txt', message: 'record 0: odd' });
  });
});

describe('progress', () => {
  it('counts files examined, then files read, before it writes', async () => {
    const files = Array.from({ length: 300 }, (_, i) => catboostLog(`logs/learn_error-${i}.tsv`));
    files.push(grid('logs/grid.json'));
    const seen: ImportProgress[] = [];
    await runImport(db, files, options({ onProgress: (p) => seen.push(p) }));
    const examining = seen.filter((p) => p.phase === 'examining').map((p) => p.filesDone);
    expect(examining.length).toBeGreaterThan(100);
    expect(examining).toEqual([...examining].sort((a, b) => a - b));
    expect(examining.at(-1)).toBe(301);
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).toEqual(['examining', 'reading', 'writing', 'done']);
  });

  it('moves while a folder importer reads a big folder', async () => {
    const owned: FolderImporter = {
      id: 'owned',
      label: 'Owned',
      claim: async (tree) => [{ root: 'big', files: tree.under('big').map((f) => f.source) }],
      parseFolder: async (claim, tree) => {
        for (const f of claim.files) await tree.get(f.path)!.text();
        return { batch: { experiments: [], runs: [] }, problems: [] };
      }
    };
    const files = Array.from({ length: 50 }, (_, i) => inFolder(textFile(`big/${i}.txt`, 'x')));
    const seen: number[] = [];
    await parseFiles(
      files,
      IMPORTERS,
      () => {},
      (p) => {
        if (p.phase === 'reading') seen.push(p.filesDone);
      },
      [owned]
    );
    expect(new Set(seen).size).toBeGreaterThan(40);
  });

  it('says in words what is happening', () => {
    const base: ImportProgress = {
      phase: 'examining',
      filesTotal: 4068,
      filesDone: 1200,
      bytesTotal: 10 * 2 ** 20,
      bytesDone: 0,
      runs: 0,
      points: 0,
      pointsTotal: 0,
      file: null
    };
    expect(progressLine(base)).toBe('Examining 1,200 of 4,068 files…');
    expect(progressLine({ ...base, phase: 'listing', filesTotal: 0 })).toBe(
      'Listing files… 1,200 found'
    );
    expect(
      progressLine({ ...base, phase: 'reading', runs: 3, points: 1000, bytesDone: 2 ** 20 })
    ).toBe('Reading 1,200 of 4,068 files · 3 runs · 1,000 points · 1.0 MB of 10 MB');
    expect(progressFraction(base)).toBeCloseTo(0.05 + 0.05 * (1200 / 4068));
    expect(progressFraction({ ...base, phase: 'listing', filesTotal: 0 })).toBeUndefined();
  });
});
