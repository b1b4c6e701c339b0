// DVC: `dvc exp show --json` in both shapes and dvclive folders of every generation, built here
// from the shapes in ../shared/FORMATS.md §7; the real folders are in dvc-real.test.ts.
import { describe, expect, it } from 'vitest';
import { summarizeSeries, type Run } from '../../src/lib/model';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/parse-files';

const noop = () => {};

async function importFiles(files: Record<string, string>, fromFolder = true) {
  const sources = Object.entries(files).map(([path, text]) => ({
    ...sourceFromBytes(path, new TextEncoder().encode(text)),
    fromFolder
  }));
  const result = await parseFiles(sources, undefined, noop, noop);
  const runs = result.parsed.flatMap((p) => p.batch.runs);
  return { result, runs, byId: new Map(runs.map((r) => [r.id, r])) };
}

/** What a person sees of a run: params, and each metric's points, last step and last value. */
function seen(run: Run) {
  return {
    name: run.name,
    status: run.status,
    params: Object.fromEntries(run.params),
    metrics: Object.fromEntries(
      run.metrics.map((m) => {
        const s = summarizeSeries(m);
        return [m.key, `${s.count} @${s.lastStep} = ${s.last}`];
      })
    )
  };
}

const NEW_SHAPE = [
  {
    rev: 'workspace',
    name: null,
    error: null,
    experiments: null,
    data: {
      rev: 'workspace',
      timestamp: null,
      params: { 'params.yaml': { data: { train: { lr: 0.001, epochs: 10 } } } },
      metrics: {
        'dvclive/metrics.json': { data: { train: { loss: 0.12 }, step: 9 } },
        'broken.json': { error: { type: 'JSONDecodeError', msg: 'Expecting value' } }
      },
      deps: {},
      outs: {},
      meta: {}
    }
  },
  {
    rev: '3f2a9c0000000000000000000000000000000000',
    name: 'main',
    error: null,
    data: {
      rev: '3f2a9c',
      timestamp: '2025-01-02T10:11:12',
      params: {
        'params.yaml': { data: { train: { lr: 0.01 } } },
        'other.yaml': { data: { train: { lr: 1 } } }
      },
      metrics: { 'm.json': { data: { lr: 5, acc: 'nan', note: 'text' } } }
    },
    experiments: [
      {
        name: 'lucid-pita',
        executor: { state: 'success', name: 'workspace', local: null },
        revs: [
          {
            rev: '9ab1000000000000000000000000000000000000',
            name: 'lucid-pita',
            error: null,
            experiments: null,
            data: {
              timestamp: '2025-01-03T00:00:00',
              params: { 'params.yaml': { data: { train: { lr: 0.1, tags: ['a', 1] } } } },
              metrics: { 'dvclive/metrics.json': { data: { train: { loss: 0.5 }, step: 3 } } }
            }
          }
        ]
      },
      {
        name: 'queued-one',
        executor: { state: 'failed' },
        revs: [
          {
            rev: 'ffff000000000000000000000000000000000000',
            name: null,
            error: { type: 'CollectionError', msg: 'failed to collect' },
            data: null
          }
        ]
      }
    ]
  }
];

describe('dvc exp show --json, list shape (DVC ≥ 2.55)', () => {
  it('reads baselines as experiments and every revision as a run, errors as warnings', async () => {
    const { result, runs, byId } = await importFiles({ 'exp.json': JSON.stringify(NEW_SHAPE) });
    expect(result.errors).toEqual([]);
    expect(result.parsed[0]!.format).toBe('dvc-exp-show');
    expect(result.parsed[0]!.batch.experiments.map((e) => e.name)).toEqual(['workspace', 'main']);
    expect(runs.map((r) => r.name)).toEqual(['workspace', 'main', 'lucid-pita', 'queued-one']);
    expect(seen(byId.get('9ab1000000000000000000000000000000000000')!)).toEqual({
      name: 'lucid-pita',
      status: 'FINISHED',
      params: { 'train.lr': '0.1', 'train.tags': "['a', 1]" },
      metrics: { 'train/loss': '1 @3 = 0.5' }
    });
    // The same key in two files: both get DVC's <file>:<key> form; "nan" is NaN, text is left out.
    expect(seen(byId.get('3f2a9c0000000000000000000000000000000000')!)).toMatchObject({
      params: { 'params.yaml:train.lr': '0.01', 'other.yaml:train.lr': '1' },
      metrics: { lr: '1 @0 = 5', acc: '1 @0 = NaN' }
    });
    expect(byId.get('3f2a9c0000000000000000000000000000000000')!.startTime).toBe(
      Date.UTC(2025, 0, 2, 10, 11, 12)
    );
    expect(byId.get('ffff000000000000000000000000000000000000')!.status).toBe('FAILED');
    expect(result.warnings.map((w) => w.message)).toEqual([
      '[0] (workspace): broken.json: JSONDecodeError: Expecting value',
      '[1] (main): metrics that are not numbers, left out: "note"',
      '[1].experiments[1].revs[0] (queued-one): CollectionError: failed to collect'
    ]);
  });

  it('reads the same file under a meaningless name (by content)', async () => {
    const { result } = await importFiles({ unknown: JSON.stringify(NEW_SHAPE) });
    expect(result.parsed.map((p) => p.format)).toEqual(['dvc-exp-show']);
  });
});

describe('dvc exp show --json, legacy dict shape (DVC < 2.55)', () => {
  it('reads baseline and experiment shas, names and status from data', async () => {
    const legacy = {
      workspace: { baseline: { data: { timestamp: null, params: {}, metrics: {} } } },
      a1b2c3d4e5: {
        baseline: { data: { name: 'main', params: { 'params.yaml': { data: { lr: 0.1 } } } } },
        '0123456789abcdef': {
          data: {
            name: 'exp-1',
            status: 'Running',
            params: { 'params.yaml': { data: { lr: 0.2 } } },
            metrics: { 'metrics.json': { data: { loss: NaN } } }
          }
        },
        fedcba9876: { error: { type: 'FileNotFoundError', msg: 'gone' } }
      }
    };
    const text = JSON.stringify(legacy)
      .replace('null}}', 'null}}')
      .replace('"loss":null', '"loss":NaN');
    const { result, runs } = await importFiles({ 'exp.json': text });
    expect(result.errors).toEqual([]);
    expect(runs.map((r) => [r.id, r.name, r.status])).toEqual([
      ['workspace', 'workspace', 'FINISHED'],
      ['a1b2c3d4e5', 'main', 'FINISHED'],
      ['0123456789abcdef', 'exp-1', 'RUNNING'],
      ['fedcba9876', 'fedcba9', 'FAILED']
    ]);
    expect(seen(runs[2]!).metrics).toEqual({ loss: '1 @0 = NaN' });
    expect(result.warnings.map((w) => w.message)).toEqual([
      '"a1b2c3d4e5"."fedcba9876" (fedcba9): FileNotFoundError: gone'
    ]);
  });
});

describe('dvclive folders', () => {
  it('reads nested histories, summary-only metrics, text rows and CRLF lines', async () => {
    const { result, runs } = await importFiles({
      'proj/results/plots/metrics/train/loss.tsv': 'step\tloss\r\n0\t1.5\r\n1\tnan\r\n2\tbad\r\n',
      'proj/results/plots/metrics/acc.tsv':
        'timestamp\tstep\tacc\n1700000000000\t0\t0.5\n1700000001000\t1\t0.75\n',
      'proj/results/metrics.json':
        '{"train": {"loss": "nan"}, "acc": 0.75, "final": {"score": 0.9, "name": "x"}, "step": 2}',
      'proj/results/params.yaml':
        'lr: 1e-08\nopt:\n  name: adam\n  betas:\n  - 0.9\n  - 0.999\nseed:\namp: false\n',
      'proj/results/report.html': '<html></html>',
      'proj/results/dvc.yaml': 'metrics:\n- metrics.json\n'
    });
    expect(result.errors).toEqual([]);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.id).toBe('results');
    expect(seen(run)).toEqual({
      name: 'results',
      status: 'FINISHED',
      params: {
        lr: '1e-08',
        'opt.name': 'adam',
        'opt.betas': '[0.9, 0.999]',
        seed: 'None',
        amp: 'False'
      },
      metrics: {
        acc: '2 @1 = 0.75',
        'final/score': '1 @2 = 0.9',
        'train/loss': '2 @1 = NaN'
      }
    });
    expect([run.startTime, run.endTime]).toEqual([1700000000000, 1700000001000]);
    expect(result.skipped.map((s) => s.reason).sort()).toEqual([
      'dvclive DVC config: lists files that are read on their own',
      'dvclive report: a rendering of the metrics that are read'
    ]);
    expect(result.warnings.map((w) => `${w.file}: ${w.message}`).sort()).toEqual([
      'proj/results/metrics.json: not numbers, left out: "final/name"',
      'proj/results/plots/metrics/train/loss.tsv: 1 row(s) hold text instead of a number; left out'
    ]);
  });

  it('reads dvclive 0.x: flat histories, the sibling summary and the project params', async () => {
    const { result, runs } = await importFiles({
      'p/dvclive/loss.tsv': 'timestamp\tstep\tloss\n1\t0\t0.5\n2\t1\t0.25\n',
      'p/dvclive/eval/acc.tsv': 'timestamp\tstep\teval/acc\n3\t1\t0.9\n',
      'p/dvclive.json': '{"step": 1, "loss": 0.25, "eval": {"acc": 0.9}, "epochs": 2}',
      'p/params.yaml': 'train:\n  epochs: 2\n',
      'p/dvc.lock': "schema: '2.0'\n"
    });
    expect(result.errors).toEqual([]);
    expect(runs.map(seen)).toEqual([
      {
        name: 'dvclive',
        status: 'FINISHED',
        params: { 'train.epochs': '2' },
        metrics: { epochs: '1 @1 = 2', 'eval/acc': '1 @1 = 0.9', loss: '2 @1 = 0.25' }
      }
    ]);
    expect(runs[0]!.tags.get('dvclive.layout')).toBe('0.x');
    expect(result.skipped).toEqual([
      { file: 'p/dvc.lock', reason: 'DVC pipeline file: not run data' }
    ]);
  });

  it('names the broken file and line, and still imports the rest of the run', async () => {
    const { result, runs } = await importFiles({
      'x/dvclive/plots/metrics/loss.tsv': 'step\tloss\n0\t1\n1\n',
      'x/dvclive/plots/metrics/acc.tsv': 'step\tacc\nzero\t1\n',
      'x/dvclive/plots/metrics/ok.tsv': 'step\tok\n0\t1\n',
      'x/dvclive/params.yaml': 'a: [1, 2\n',
      'x/dvclive/metrics.json': '{"ok": 1, "step": 0'
    });
    expect(runs.map((r) => r.metrics.map((m) => m.key))).toEqual([['ok']]);
    expect(result.errors.map((e) => `${e.file}: ${e.message}`).sort()).toEqual([
      expect.stringMatching(/^x\/dvclive\/metrics\.json: is not valid JSON \(.*line 1/),
      expect.stringMatching(/^x\/dvclive\/params\.yaml: line 2: not valid YAML/),
      'x/dvclive/plots/metrics/acc.tsv: line 2: step "zero" is not a number',
      'x/dvclive/plots/metrics/loss.tsv: line 3: 1 fields, the header has 2'
    ]);
  });

  it('keeps a param called __proto__ as an ordinary key', async () => {
    const { runs } = await importFiles({
      'x/dvclive/plots/metrics/loss.tsv': 'step\tloss\n0\t1\n',
      'x/dvclive/params.yaml': '__proto__:\n  polluted: 1\nconstructor: 2\n'
    });
    expect(Object.fromEntries(runs[0]!.params)).toEqual({
      '__proto__.polluted': '1',
      constructor: '2'
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves TSV files that are not dvclive histories to other importers', async () => {
    const { runs, result } = await importFiles({
      'catboost_info/learn_error.tsv': 'iter\tLogloss\n0\t0.6\n',
      'data/table.tsv': 'step\tvalue\tother\n0\t1\t2\n'
    });
    expect(runs).toEqual([]);
    expect(result.read).toEqual([]);
  });
});
