import { beforeEach, describe, expect, it } from 'vitest';
import { commitImport } from '../../src/lib/db/commit-import';
import { countRows, readLibrary, readSeries } from '../../src/lib/db/repo';
import { prepareImport } from '../../src/lib/db/prepare';
import type { RunlensDb } from '../../src/lib/db/db';
import { ImportError } from '../../src/lib/importers/errors';
import type { Importer } from '../../src/lib/importers/importer';
import { runlensJsonImporter } from '../../src/lib/importers/runlens-json';
import { sourceFromBytes, type SourceFile } from '../../src/lib/importers/source';
import { runImport, type ImportOptions } from '../../src/lib/worker/import-pipeline';
import type { ImportProgress } from '../../src/lib/worker/api';
import { batchFile, experiment, run, series, textFile } from './helpers/batches';
import { dumpDb, freshDb } from './helpers/db';

let db: RunlensDb;
beforeEach(() => {
  db = freshDb();
});

function options(overrides: Partial<ImportOptions> = {}): ImportOptions {
  return { isCancelled: () => false, onProgress: () => {}, ...overrides };
}

const twoRuns = () =>
  batchFile('grid.json', {
    experiments: [experiment('1', 'grid')],
    runs: [
      run('a', '1'),
      run('b', '1', { metrics: [series('loss', [3, 2, 1]), series('acc', [0.1, 0.5])] })
    ]
  });

async function seed(): Promise<unknown> {
  const outcome = await runImport(db, [twoRuns()], options());
  expect(outcome.state).toBe('done');
  return dumpDb(db);
}

describe('runImport', () => {
  it('stores runs, summaries and full histories from a file', async () => {
    const outcome = await runImport(db, [twoRuns()], options());
    expect(outcome).toMatchObject({
      state: 'done',
      experiments: 1,
      runs: 2,
      points: 8,
      errors: []
    });
    const lib = await readLibrary(db);
    expect(lib.runs.map((r) => r.name).sort()).toEqual(['run-a', 'run-b']);
    const b = lib.runs.find((r) => r.id === 'b')!;
    expect(b.metrics.get('loss')).toMatchObject({ count: 3, last: 1, min: 1, max: 3, lastStep: 2 });
    expect(lib.imports).toHaveLength(1);
    expect(lib.imports[0]).toMatchObject({ files: ['grid.json'], runCount: 2, pointCount: 8 });
  });

  it('replaces a re-imported run instead of duplicating it', async () => {
    await seed();
    const again = batchFile('grid (1).json', {
      experiments: [experiment('1', 'grid')],
      runs: [run('a', '1', { metrics: [series('loss', [7])] })]
    });
    await runImport(db, [again], options());
    const counts = await countRows(db);
    expect(counts).toMatchObject({ experiments: 1, runs: 2 });
    const a = (await readLibrary(db)).runs.find((r) => r.id === 'a')!;
    expect(a.metrics.get('loss')).toMatchObject({ count: 1, last: 7 });
    expect((await readSeries(db, a.key, 'loss')).values).toEqual(Float64Array.from([7]));
  });

  it('round-trips NaN, ±Infinity and -0 through the store exactly', async () => {
    const values = [NaN, Infinity, -Infinity, -0, 0.1];
    await runImport(
      db,
      [
        batchFile('odd.json', {
          experiments: [experiment('1')],
          runs: [run('a', '1', { metrics: [series('m', values)] })]
        })
      ],
      options()
    );
    const [row] = (await readLibrary(db)).runs;
    const back = await readSeries(db, row!.key, 'm');
    expect([...back.values].map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      '-0',
      '0.1'
    ]);
  });

  it('keeps a param called __proto__ as data', async () => {
    const params = new Map([
      ['__proto__', 'polluted?'],
      ['constructor', 'x']
    ]);
    await runImport(
      db,
      [batchFile('p.json', { experiments: [experiment('1')], runs: [run('a', '1', { params })] })],
      options()
    );
    const [row] = (await readLibrary(db)).runs;
    expect(row!.params.get('__proto__')).toBe('polluted?');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('imports the good files and names the broken one, storing nothing of it', async () => {
    const broken = textFile('broken.json', '{"format":"runlens","version":1,"runs":[{"id":');
    const outcome = await runImport(db, [twoRuns(), broken], options());
    expect(outcome.state).toBe('error');
    expect(outcome.runs).toBe(2);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]!.file).toBe('broken.json');
    expect(outcome.errors[0]!.message).toMatch(/not valid JSON/);
  });

  it('says where a file breaks the format', async () => {
    const bad = textFile(
      'bad.json',
      JSON.stringify({
        format: 'runlens',
        version: 1,
        experiments: [{ id: '1', name: 'e' }],
        runs: [{ id: 'r', experimentId: '1', metrics: [{ key: 'm', values: [1, 'oops'] }] }]
      })
    );
    const outcome = await runImport(db, [bad], options());
    expect(outcome.errors[0]!.message).toBe(
      'runs[0].metrics[0].values[1]: expected a number, found the text "oops"'
    );
    expect(await countRows(db)).toMatchObject({ runs: 0, series: 0, imports: 0 });
  });

  it('rejects a file from a newer Runlens with a clear message', async () => {
    const newer = textFile(
      'next.json',
      JSON.stringify({ format: 'runlens', version: 99, runs: [] })
    );
    const outcome = await runImport(db, [newer], options());
    expect(outcome.errors[0]!.message).toMatch(/newer Runlens \(format version 99/);
  });

  it('names an unknown file and an empty one', async () => {
    const outcome = await runImport(
      db,
      [textFile('notes.txt', 'hello'), textFile('empty.json', '')],
      options()
    );
    expect(outcome.errors.map((e) => `${e.file}: ${e.message}`)).toEqual([
      'notes.txt: looks like a text file, which is not run data',
      'empty.json: is empty'
    ]);
    const blob = sourceFromBytes('blob.dat', Uint8Array.from([0, 1, 2, 254]));
    const unknown = await runImport(db, [blob], options());
    expect(unknown.errors[0]!.message).toMatch(
      /^is not in a format Runlens can read \(it reads: Runlens JSON, .*MLflow mlruns folder/
    );
  });

  it('skips files no importer claims inside a dropped folder, but names them when dropped alone', async () => {
    const readme = { ...textFile('mlruns/README.md', '# notes'), fromFolder: true };
    const inFolder = { ...twoRuns(), path: 'mlruns/grid.json', fromFolder: true };
    const outcome = await runImport(db, [readme, inFolder], options());
    expect(outcome).toMatchObject({
      state: 'done',
      runs: 2,
      skipped: [{ reason: 'document: not run data', count: 1, files: ['mlruns/README.md'] }],
      errors: []
    });
    const alone = await runImport(db, [textFile('README.md', '# notes')], options());
    expect(alone).toMatchObject({ state: 'error', skipped: [] });
    expect(alone.errors[0]!.file).toBe('README.md');
  });

  it('flags the runs of a deleted experiment as deleted', async () => {
    const gone = { ...experiment('1', 'old'), deleted: true };
    await runImport(
      db,
      [batchFile('d.json', { experiments: [gone], runs: [run('a', '1')] })],
      options()
    );
    expect((await readLibrary(db)).runs[0]!.deleted).toBe(true);
  });

  it('leaves the database unchanged when an importer throws half-way', async () => {
    const before = await seed();
    let parsedRuns = 0;
    const halfway: Importer = {
      id: 'halfway',
      label: 'Half-way',
      extensions: [],
      sniff: async () => 1,
      parse: async () => {
        parsedRuns += 1;
        throw new ImportError('x.json', 'record 3: truncated');
      }
    };
    const outcome = await runImport(db, [twoRuns()], options({ importers: [halfway] }));
    expect(parsedRuns).toBe(1);
    expect(outcome.state).toBe('error');
    expect(await dumpDb(db)).toEqual(before);
  });

  it('rolls the whole write back when storing fails half-way', async () => {
    const before = await seed();
    const big = {
      experiments: [experiment('1', 'grid')],
      runs: Array.from({ length: 30 }, (_, i) =>
        run(`r${i}`, '1', {
          metrics: [
            series(
              'loss',
              Array.from({ length: 9000 }, (_, j) => j)
            )
          ]
        })
      )
    };
    const prepared = prepareImport(
      'imp-2',
      [{ file: 'big.json', format: 'runlens-json', batch: big }],
      1
    );
    let writes = 0;
    await expect(
      commitImport(db, prepared, {
        checkCancelled: () => {},
        onRowsWritten: () => {
          writes += 1;
          if (writes === 1) throw new Error('disk full');
        }
      })
    ).rejects.toThrow('disk full');
    expect(await dumpDb(db)).toEqual(before);
  });

  it('cancelled while reading leaves nothing behind', async () => {
    const before = await seed();
    let cancel = false;
    const outcome = await runImport(db, [twoRuns(), twoRuns()], {
      isCancelled: () => cancel,
      onProgress: (p) => {
        if (p.filesDone === 1) cancel = true;
      }
    });
    expect(outcome.state).toBe('cancelled');
    expect(await dumpDb(db)).toEqual(before);
  });

  it('cancelled while writing leaves nothing behind', async () => {
    const before = await seed();
    let cancel = false;
    const many = batchFile('many.json', {
      experiments: [experiment('9')],
      runs: Array.from({ length: 40 }, (_, i) =>
        run(`m${i}`, '9', { metrics: [series('x', Array.from({ length: 5000 }, Math.random))] })
      )
    });
    const phases: string[] = [];
    const outcome = await runImport(db, [many], {
      isCancelled: () => cancel,
      onProgress: (p: ImportProgress) => {
        phases.push(p.phase);
        if (p.phase === 'writing' && p.points > 0) cancel = true;
      }
    });
    expect(phases).toContain('writing');
    expect(outcome.state).toBe('cancelled');
    expect(await dumpDb(db)).toEqual(before);
  });

  it('reports progress with file, run and point counts up to the end', async () => {
    const seen: ImportProgress[] = [];
    await runImport(db, [twoRuns(), twoRuns()], options({ onProgress: (p) => seen.push(p) }));
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', filesTotal: 2, filesDone: 2, runs: 4, points: 8 });
    expect(seen.some((p) => p.phase === 'reading' && p.file === 'grid.json')).toBe(true);
  });
});

describe('runlens JSON detection', () => {
  it('is by content: a renamed file is read the same', async () => {
    const a = twoRuns();
    const renamed: SourceFile = { ...a, path: 'unknown' };
    const o1 = await runImport(db, [a], options());
    const o2 = await runImport(freshDb(), [renamed], options());
    expect(o2).toMatchObject({ state: 'done', runs: o1.runs, points: o1.points });
    expect(runlensJsonImporter.id).toBe('runlens-json');
  });
});

describe('experiments known only by id', () => {
  it('never replace the real name, within one import or across imports', async () => {
    const real = batchFile('experiment.json', {
      experiments: [experiment('7', 'real name')],
      runs: []
    });
    const placeholder = { ...experiment('7', '7'), placeholder: true };
    const runOnly = () =>
      batchFile('run.json', { experiments: [placeholder], runs: [run('a', '7')] });
    await runImport(db, [real, runOnly()], options());
    expect((await readLibrary(db)).experiments.map((e) => e.name)).toEqual(['real name']);
    await runImport(db, [runOnly()], options());
    expect((await readLibrary(db)).experiments.map((e) => e.name)).toEqual(['real name']);
  });
});

describe('partial experiment records', () => {
  it('a named partial record upgrades one that only knows the id, never a full one', async () => {
    const bare = { ...experiment('7', '7'), placeholder: true };
    const named = { ...experiment('7', 'from the index'), placeholder: true };
    const runFile = batchFile('run.json', { experiments: [bare], runs: [run('a', '7')] });
    const index = batchFile('experiments.json', { experiments: [named], runs: [] });
    await runImport(db, [runFile, index], options());
    expect((await readLibrary(db)).experiments.map((e) => e.name)).toEqual(['from the index']);
    await runImport(
      db,
      [batchFile('full.json', { experiments: [experiment('7', 'full')], runs: [] })],
      options()
    );
    await runImport(db, [index], options());
    expect((await readLibrary(db)).experiments.map((e) => e.name)).toEqual(['full']);
  });
});
