import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/lib/cli/disk-source';
import { runCli } from '../../src/lib/cli/main';
import type { SummaryDocument, SummaryRun } from '../../src/lib/cli/summary';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { prepareImport } from '../../src/lib/db/prepare';
import type { Experiment, ImportedBatch, MetricSeries, Run } from '../../src/lib/model';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { eventFile } from './helpers/tensorboard-events';

const SAMPLE = 'static/sample/runlens-sample.json';
const noop = () => {};

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t)
  });
  return { code, stdout, stderr };
}

async function summaryJson(argv: string[]) {
  const out = await cli(['summary', ...argv, '--json']);
  return { ...out, doc: JSON.parse(out.stdout) as SummaryDocument };
}

function series(
  key: string,
  values: number[],
  steps?: number[],
  timestamps?: number[]
): MetricSeries {
  return {
    key,
    values: Float64Array.from(values),
    steps: Float64Array.from(steps ?? values.map((_, i) => i)),
    timestamps: Float64Array.from(timestamps ?? values.map((_, i) => 1_700_000_000_000 + i))
  };
}

function experiment(id: string, name: string, deleted = false): Experiment {
  return { id, name, deleted, tags: new Map() };
}

function run(id: string, experimentId: string, extra: Partial<Run> = {}): Run {
  return {
    id,
    experimentId,
    name: `run-${id}`,
    status: 'FINISHED',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_060_000,
    deleted: false,
    parentId: null,
    params: new Map(),
    tags: new Map(),
    metrics: [],
    artifacts: [],
    source: { format: 'runlens-json', file: 'in-memory' },
    ...extra
  };
}

/** Small but awkward: every rule of SUMMARY.md has something to bite on. */
function awkwardBatch(): ImportedBatch {
  return {
    experiments: [experiment('1', 'vision'), experiment('2', 'old-sweep', true)],
    runs: [
      run('parent', '1', {
        params: new Map([
          ['__proto__', 'not a prototype'],
          ['lr', ' 0.01 '],
          ['cafe\u0301', 'nfd key']
        ]),
        tags: new Map([['mlflow.runName', 'run-parent']]),
        metrics: [
          // The record with the largest (step, timestamp, value) is the third, not the last one.
          series('val/loss', [0.9, NaN, 0.5, 0.7], [0, 1, 2, 2], [10, 20, 40, 30]),
          series('all-nan', [NaN, NaN]),
          series('grad', [1, Infinity, -Infinity, 2], [0, 1, 2, 0]),
          series('bias', [3, -0])
        ]
      }),
      run('child', '1', { parentId: 'parent', status: 'FAILED', name: null }),
      run('gone', '2', { status: 'KILLED' })
    ]
  };
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runlens-cli-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, text: string | Uint8Array): string {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function byId(doc: SummaryDocument, id: string): SummaryRun {
  const found = doc.runs.find((r) => r.id === id);
  if (!found) throw new Error(`run ${id} not in the summary`);
  return found;
}

describe('runlens summary --json over a folder', () => {
  it('lists every run with params, flags and MLflow-style metric figures', async () => {
    write('export/batch.json', writeRunlensJson(awkwardBatch()));
    const { code, stdout, doc } = await summaryJson([join(dir, 'export')]);

    expect(code).toBe(0);
    expect(doc.errors).toEqual([]);
    expect(doc.runs.map((r) => r.id)).toEqual(['parent', 'child', 'gone']);

    const parent = byId(doc, 'parent');
    expect(parent.source).toBe('runlens-json');
    expect(parent.file).toBe('export/batch.json');
    expect(parent.experiment).toEqual({ id: '1', name: 'vision' });
    expect(Object.hasOwn(parent.params, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(parent.params, '__proto__')?.value).toBe(
      'not a prototype'
    );
    expect(parent.params['lr']).toBe(' 0.01 ');
    expect(Object.keys(parent.params)).toContain('caf\u00e9');
    expect(parent.tags).toEqual({ 'mlflow.runName': 'run-parent' });

    expect(parent.metrics['val/loss']).toEqual({
      points: 4,
      last: 0.5,
      min: 0.5,
      max: 0.9,
      lastStep: 2,
      first: 0.9,
      firstStep: 0
    });
    expect(parent.metrics['all-nan']).toEqual({
      points: 2,
      last: 'NaN',
      min: 'NaN',
      max: 'NaN',
      lastStep: 1,
      first: 'NaN',
      firstStep: 0
    });
    expect(parent.metrics['grad']).toMatchObject({
      last: '-Infinity',
      min: '-Infinity',
      max: 'Infinity',
      lastStep: 2
    });
    expect(Object.is(parent.metrics['bias']?.last, -0)).toBe(true);
    expect(stdout).toContain('"NaN"');

    expect(byId(doc, 'child')).toMatchObject({ parentId: 'parent', name: null, status: 'FAILED' });
    expect(parent.parentId).toBeNull();
    expect(byId(doc, 'gone')).toMatchObject({
      deleted: true,
      experiment: { id: '2', name: 'old-sweep' }
    });
    expect(parent.deleted).toBe(false);
  });

  it('adds the earliest point, artifact counts and the import warnings (the interop suite checks them)', async () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0];
    const file = eventFile(
      { wallTime: 1700000003, step: 7, values: [{ tag: 'loss', simple: 0.25 }] },
      // Step 5 logged twice: the earliest point is the one with the smaller wall time.
      { wallTime: 1700000002, step: 5, values: [{ tag: 'loss', simple: 0.75 }] },
      { wallTime: 1700000001, step: 5, values: [{ tag: 'loss', simple: 0.5 }] },
      { wallTime: 1700000004, step: 7, values: [{ tag: 'samples', image: png }] },
      { wallTime: 1700000005, step: 8, values: [{ tag: 'samples', image: png }] }
    );
    const events = join(dir, 'logs', 'trial', 'events.out.tfevents.1.host');
    mkdirSync(join(events, '..'), { recursive: true });
    // A writer killed mid-record: the file stops 5 bytes into its last record.
    writeFileSync(events, Buffer.concat([file, file.subarray(0, 5)]));
    const { code, doc } = await summaryJson([join(dir, 'logs')]);

    expect(code).toBe(0);
    const trial = byId(doc, 'trial');
    expect(trial.metrics['loss']).toMatchObject({ points: 3, first: 0.5, firstStep: 5 });
    expect(trial.artifacts).toBe(2);
    expect(doc.warnings).toEqual([
      {
        file: 'logs/trial/events.out.tfevents.1.host',
        message: expect.stringContaining(`cut-off record at byte ${file.length}`) as string
      }
    ]);
  });

  it('walks nested folders in name order, skipping OS junk and links out of the folder', async () => {
    const one = (id: string) =>
      writeRunlensJson({ experiments: [experiment('e', 'exp')], runs: [run(id, 'e')] });
    write('root/b/run.json', one('b'));
    write('root/a.json', one('a'));
    write('root/__MACOSX/copy.json', one('junk-macosx'));
    write('root/._a.json', one('junk-appledouble'));
    write('root/.DS_Store', one('junk-ds-store'));
    const outside = write('outside.json', one('outside'));
    symlinkSync(outside, join(dir, 'root', 'link.json'));

    const { code, doc } = await summaryJson([join(dir, 'root')]);
    expect(code).toBe(0);
    expect(doc.runs.map((r) => [r.id, r.file])).toEqual([
      ['a', 'root/a.json'],
      ['b', 'root/b/run.json']
    ]);
  });

  it('names a file by its real place when a link inside the folder leads to it too', async () => {
    const one = (id: string) =>
      writeRunlensJson({ experiments: [experiment('e', 'exp')], runs: [run(id, 'e')] });
    // W&B's latest-run: a link that sorts before the folder it points at.
    write('root/run-2/run.json', one('r2'));
    symlinkSync(join(dir, 'root', 'run-2'), join(dir, 'root', 'latest-run'));

    const { code, doc } = await summaryJson([join(dir, 'root')]);
    expect(code).toBe(0);
    expect(doc.runs.map((r) => [r.id, r.file])).toEqual([['r2', 'root/run-2/run.json']]);
  });

  it('prints a short table without --json', async () => {
    write('batch.json', writeRunlensJson(awkwardBatch()));
    const { code, stdout } = await cli(['summary', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatchInlineSnapshot(`
      "EXPERIMENT  RUN         STATUS            PARAMS  METRICS  POINTS
      vision      run-parent  FINISHED               3        4      12
      vision      child       FAILED                 0        0       0
      old-sweep   run-gone    KILLED (deleted)       0        0       0

      3 runs (1 deleted) in 2 experiments, 12 metric points; 0 files rejected.
      "
    `);
  });
});

describe('runlens summary: rejected inputs', () => {
  const broken = '{"format":"runlens","version":1,"experiments":[';

  it('names a broken file given directly and exits 1', async () => {
    const path = write('broken.json', broken);
    const { code, doc, stderr } = await summaryJson([path]);
    expect(code).toBe(1);
    expect(doc.runs).toEqual([]);
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]?.file).toBe('broken.json');
    expect(doc.errors[0]?.message).toMatch(/JSON/);
    expect(stderr).toMatch(/rejected/);
  });

  it('lists a recognised file inside a folder that fails to parse', async () => {
    write('export/good.json', writeRunlensJson(awkwardBatch()));
    write('export/sub/broken.json', broken);
    const { code, doc } = await summaryJson([join(dir, 'export')]);
    expect(code).toBe(1);
    expect(doc.runs).toHaveLength(3);
    expect(doc.errors.map((e) => e.file)).toEqual(['export/sub/broken.json']);
  });

  it('rejects an unrecognised file named directly but skips it inside a folder', async () => {
    const notes = write('export/notes.txt', 'lr sweep, see wiki\n');
    write('export/empty.json', '');
    write('export/good.json', writeRunlensJson(awkwardBatch()));

    const direct = await summaryJson([notes]);
    expect(direct.code).toBe(1);
    expect(direct.doc.errors).toEqual([{ file: 'notes.txt', message: expect.any(String) }]);

    const folder = await summaryJson([join(dir, 'export')]);
    expect(folder.code).toBe(0);
    expect(folder.doc.errors).toEqual([]);
    expect(folder.doc.runs).toHaveLength(3);
  });

  it('lists every file it did not read, with a reason, and summarises them in the table', async () => {
    write('export/good.json', writeRunlensJson(awkwardBatch()));
    write('export/notes.txt', 'lr sweep, see wiki\n');
    write('export/empty.json', '');
    // Pickles (protocol 2) named as checkpoints: weights, never run data.
    write('export/checkpoints/epoch-1.ckpt', Uint8Array.of(0x80, 0x02, 0x8a, 0x0a));
    write('export/checkpoints/epoch-2.ckpt', Uint8Array.of(0x80, 0x02, 0x8a, 0x0a));
    write('export/lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1.5\n');

    const { code, doc } = await summaryJson([join(dir, 'export')]);
    expect(code).toBe(0);
    expect(doc.skipped).toEqual([
      { file: 'export/checkpoints/epoch-1.ckpt', reason: 'PyTorch checkpoint: not run data' },
      { file: 'export/checkpoints/epoch-2.ckpt', reason: 'PyTorch checkpoint: not run data' },
      { file: 'export/empty.json', reason: 'empty file: nothing to read' },
      { file: 'export/notes.txt', reason: 'text file: not run data' }
    ]);
    expect(doc.read).toEqual([
      { file: 'export/lightning_logs/version_0', source: 'lightning-csv', runs: 1 },
      { file: 'export/good.json', source: 'runlens-json', runs: 3 }
    ]);

    const table = (await cli(['summary', join(dir, 'export')])).stdout;
    // After the header and the four runs (one of them the Lightning version folder):
    expect(table.split('\n').slice(5)).toEqual([
      '',
      'Not read (the skipped list of --json names every file):',
      '  2 PyTorch checkpoints: not run data, e.g. export/checkpoints/epoch-1.ckpt',
      '  1 empty file: nothing to read, e.g. export/empty.json',
      '  1 text file: not run data, e.g. export/notes.txt',
      '',
      '4 runs (1 deleted) in 3 experiments, 14 metric points; 0 files rejected, 4 skipped.',
      ''
    ]);
  });

  it('says there are no runs, and why, when a folder holds none', async () => {
    write('logs/epoch-1.ckpt', Uint8Array.of(0x80, 0x02, 0x8a, 0x0a));
    write('logs/model.ckpt', '\u0080\u0002\u008a\n');
    const table = await cli(['summary', join(dir, 'logs')]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^No runs in these 2 files\.\n/);
    expect(table.stdout).toContain('1 PyTorch checkpoint: not run data');
    const alone = await summaryJson([join(dir, 'logs/epoch-1.ckpt')]);
    expect(alone.code).toBe(1);
    expect(alone.doc.errors).toEqual([
      {
        file: 'epoch-1.ckpt',
        message: 'looks like a PyTorch checkpoint, which is not run data'
      }
    ]);
  });

  it('reports a PATH that does not exist', async () => {
    const { code, doc } = await summaryJson([join(dir, 'nope')]);
    expect(code).toBe(1);
    expect(doc.errors).toEqual([{ file: join(dir, 'nope'), message: 'does not exist' }]);
  });
});

describe('runlens command line', () => {
  it.each([[[]], [['summary']], [['summary', '--jsno', '.']], [['sumary', '.']], [['--bogus']]])(
    'exits 2 with a message on stderr for %j',
    async (argv) => {
      const { code, stdout, stderr } = await cli(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^runlens: .+\nRun 'runlens --help'/);
    }
  );

  it('prints help and the package version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('runlens summary PATH... [--json]');

    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('works as the installed bin, in a separate node process', async () => {
    write('batch.json', writeRunlensJson(awkwardBatch()));
    const { stdout } = await promisify(execFile)(process.execPath, [
      'bin/runlens.js',
      'summary',
      dir,
      '--json'
    ]);
    const doc = JSON.parse(stdout) as SummaryDocument;
    expect(doc.runs.map((r) => r.file)).toEqual([
      `${basename(dir)}/batch.json`,
      `${basename(dir)}/batch.json`,
      `${basename(dir)}/batch.json`
    ]);
  }, 30_000);
});

describe('the bundled sample', () => {
  it('holds the CIFAR grid and the BERT cross-validation runs', async () => {
    const { code, doc } = await summaryJson([SAMPLE]);
    expect(code).toBe(0);
    expect(doc.errors).toEqual([]);
    expect(doc.runs).toHaveLength(33);
    const experiments = new Set(doc.runs.map((r) => r.experiment.name));
    expect(experiments).toContain('cifar10-resnet-grid');
    expect(experiments).toContain('bert-finetune-cv');

    const children = doc.runs.filter((r) => r.parentId !== null);
    expect(children).toHaveLength(5);
    const parents = new Set(children.map((r) => r.parentId));
    expect(parents.size).toBe(1);
    expect(doc.runs.map((r) => r.id)).toContain([...parents][0]);
  });
});

describe('experiments, counted as the app counts them', () => {
  const WHEAT = 'tests/fixtures/real/mlflow-filestore/global-wheat-detection';
  const EXPORT_2026 = 'tests/fixtures/real/mlflow-export-import/mlflow-export-import-samples-2026';

  it('empty experiments count too: the same number as the import report', async () => {
    const { doc } = await summaryJson([`${WHEAT}/mlruns`]);
    const { stdout } = await cli(['summary', `${WHEAT}/mlruns`]);
    const { inputs } = await collectInputs([`${WHEAT}/mlruns`], '.');
    const parsed = await parseFiles(inputs, undefined, noop, noop);
    const app = prepareImport('i', parsed.parsed, 0).importRow.experimentCount;
    expect(app).toBe(7);
    expect(doc.experiments).toHaveLength(app);
    expect(doc.experiments.filter((e) => e.runs === 0).map((e) => e.name)).toEqual([
      'Default',
      'sample'
    ]);
    expect(stdout).toContain(`in ${app} experiments`);
  });

  it('a run is named by its experiment.json, even from another file', async () => {
    const { doc } = await summaryJson([
      `${EXPORT_2026}/samples/oss_mlflow/single/experiments/basic`
    ]);
    expect(doc.runs.map((r) => r.experiment)).toEqual([{ id: '1', name: 'sklearn_wine' }]);
    expect(doc.experiments).toEqual([
      { source: 'mlflow-export-import', id: '1', name: 'sklearn_wine', deleted: false, runs: 1 }
    ]);
  });
});
