// Lightning CSVLogger folders: sparse rows, headers in any order, how runs and experiments are
// named, hparams.yaml in its shapes, lone files, and broken files named precisely.
import { describe, expect, it } from 'vitest';
import { file, importFiles, metricKeys, points } from './helpers/csv-log-import';

const HEADER_EPOCH_FIRST = 'epoch,learning_rate,step,train_loss,val_acc\n';

describe('Lightning metrics.csv', () => {
  it('gives each metric only the cells its rows filled, against the step', async () => {
    const { runs, errors } = await importFiles([
      file(
        'lightning_logs/version_0/metrics.csv',
        HEADER_EPOCH_FIRST +
          '0,0.01,0,,\n' + // LR monitor row
          '0,,49,0.9,\n' + // training row
          '0,,99,,0.5\n' + // validation at epoch end
          '1,0.005,100,,\n' +
          '1,,149,0.4,\n'
      )
    ]);
    expect(errors).toEqual([]);
    const run = runs[0];
    expect(metricKeys(run)).toEqual(['epoch', 'learning_rate', 'train_loss', 'val_acc']);
    expect(points(run, 'learning_rate')).toBe('0:0.01 100:0.005');
    expect(points(run, 'train_loss')).toBe('49:0.9 149:0.4');
    expect(points(run, 'val_acc')).toBe('99:0.5');
    // Lightning logs epoch with every row, so it is a curve of its own.
    expect(points(run, 'epoch')).toBe('0:0 49:0 99:0 100:1 149:1');
    expect(run?.metrics[0]?.timestamps.every(Number.isNaN)).toBe(true);
  });

  it('reads step-first headers, NaN cells as NaN points, and test-only rows all at step 0', async () => {
    const { runs } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'step,epoch,gen_loss\n0,0,nan\n1,0,-2.5\n'),
      file('lightning_logs/version_1/metrics.csv', 'epoch,step,test_acc\n0,0,0.6\n0,0,0.7\n')
    ]);
    expect(points(runs[0], 'gen_loss')).toBe('0:NaN 1:-2.5');
    expect(points(runs[1], 'test_acc')).toBe('0:0.6 0:0.7');
  });
});

describe('Lightning run and experiment names', () => {
  it('names the experiment after the folder the versions sit in, in natural order', async () => {
    const csv = 'epoch,step,loss\n0,0,1\n';
    const { runs, experiments } = await importFiles([
      file('logs/default/version_100/metrics.csv', csv),
      file('logs/default/version_9/metrics.csv', csv),
      file('logs/default/version_10/metrics.csv', csv),
      file('logs/my_model/version_9/metrics.csv', csv)
    ]);
    expect(runs.map((r) => `${r.experimentId} | ${r.id} | ${r.name}`)).toEqual([
      'logs/default | default/version_9 | version_9',
      'logs/default | default/version_10 | version_10',
      'logs/default | default/version_100 | version_100',
      'logs/my_model | my_model/version_9 | version_9'
    ]);
    expect(new Set(experiments.map((e) => e.name))).toEqual(new Set(['default', 'my_model']));
  });

  it('reads a version folder dropped on its own as run "."', async () => {
    const { runs, experiments } = await importFiles([
      file('version_3/metrics.csv', 'epoch,step,loss\n0,0,1\n')
    ]);
    expect(runs.map((r) => `${r.id} ${r.name}`)).toEqual(['. .']);
    expect(experiments.map((e) => e.name)).toEqual(['version_3']);
  });

  it('reads a metrics.csv dropped alone, or renamed, by its step and epoch columns', async () => {
    const { runs, experiments, formats } = await importFiles([
      file('exported.csv', 'step,epoch,loss\n5,0,1.5\n', false)
    ]);
    expect(formats).toEqual(['lightning-csv']);
    expect(runs.map((r) => r.id)).toEqual(['.']);
    expect(experiments.map((e) => e.name)).toEqual(['exported.csv']);
    expect(points(runs[0], 'loss')).toBe('5:1.5');
  });
});

describe('Lightning hparams.yaml', () => {
  it('flattens nested keys with "/" and gives {} no params', async () => {
    const { runs, warnings } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file(
        'lightning_logs/version_0/hparams.yaml',
        'lr: 0.001\noptimizer:\n  name: adam\n  betas: [0.9, 0.999]\n__proto__: x\n'
      ),
      file('lightning_logs/version_1/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file('lightning_logs/version_1/hparams.yaml', '{}\n')
    ]);
    expect([...runs[0]!.params]).toEqual([
      ['lr', '0.001'],
      ['optimizer/name', 'adam'],
      ['optimizer/betas', '[0.9, 0.999]'],
      ['__proto__', 'x']
    ]);
    expect(runs[1]!.params.size).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('spells numbers as Python prints what PyYAML loads, as the hparams plugin does', async () => {
    // What Lightning's save_hparams_to_yaml (OmegaConf, PyYAML) writes for lr=1e-05 and friends;
    // found by the interop suite (tests/interop/lightning.test.ts).
    const { runs } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file(
        'lightning_logs/version_0/hparams.yaml',
        [
          'lr: 1.0e-05',
          'big: 1.0e+20',
          'whole: 32.0',
          'steps: 12345678901234567890',
          'top: .inf',
          'low: -.inf',
          'odd: .nan',
          'text_not_float: 1e-05',
          'betas: [0.9, 1.0e-08]',
          ''
        ].join('\n')
      )
    ]);
    expect(Object.fromEntries(runs[0]!.params)).toEqual({
      lr: '1e-05',
      big: '1e+20',
      whole: '32.0',
      steps: '12345678901234567890',
      top: 'inf',
      low: '-inf',
      odd: 'nan',
      text_not_float: '1e-05',
      betas: '[0.9, 1e-08]'
    });
  });

  it('keeps a Python object as its YAML text, never loading it, with a warning', async () => {
    const { runs, warnings, errors } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file(
        'lightning_logs/version_0/hparams.yaml',
        'loss: !!python/object:neuralforecast.losses.pytorch.MAE\n  horizon_weight: null\nlr: 0.1\n'
      )
    ]);
    expect(errors).toEqual([]);
    expect(runs[0]!.params.get('loss')).toMatch(/^!!python\/object:neuralforecast/);
    expect(runs[0]!.params.get('lr')).toBe('0.1');
    expect(warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      'lightning_logs/version_0/hparams.yaml: "loss" holds a Python object that only an unsafe YAML loader rebuilds; the YAML text is kept as the value'
    ]);
  });

  it('makes a params-only run of a version folder whose run never logged', async () => {
    const { runs, skipped } = await importFiles([
      file('lightning_logs/version_17/hparams.yaml', 'dropout: 0.05\n'),
      file('lightning_logs/version_18/metrics.csv', 'epoch,step,loss\n0,0,1\n')
    ]);
    expect(
      runs.map((r) => `${r.name}: ${r.params.size} params, ${r.metrics.length} metrics`)
    ).toEqual(['version_17: 1 params, 0 metrics', 'version_18: 0 params, 2 metrics']);
    expect(skipped).toEqual([]);
  });

  it('leaves out params whose aliases would expand without end, with a warning', async () => {
    let bomb = 'a0: &a0 {x: 1, y: 2}\n';
    for (let i = 1; i < 40; i++) bomb += `a${i}: &a${i} {p: *a${i - 1}, q: *a${i - 1}}\n`;
    const { runs, warnings } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file('lightning_logs/version_0/hparams.yaml', bomb)
    ]);
    expect(runs[0]!.params.size).toBe(0);
    expect(warnings.map((w) => w.message)).toEqual([
      'its YAML aliases expand too far (a resource exhaustion attack?); params left out'
    ]);
  });

  it('warns about an hparams.yaml that is not a map and still reads the metrics', async () => {
    const { runs, warnings } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file('lightning_logs/version_0/hparams.yaml', '- just\n- a list\n')
    ]);
    expect(runs).toHaveLength(1);
    expect(warnings.map((w) => w.message)).toEqual(['is not a YAML map of params; left out']);
  });
});

describe('Lightning folders beside other formats', () => {
  it('leaves hparams.yaml beside event files to TensorBoard and reads only the metrics.csv', async () => {
    const { read } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file('lightning_logs/version_0/hparams.yaml', 'lr: 0.1\n'),
      file('lightning_logs/version_0/events.out.tfevents.1.host.1.0', 'not really events')
    ]);
    expect(read.map((r) => `${r.format} ${r.file}`)).toContain(
      'lightning-csv lightning_logs/version_0'
    );
  });

  it('does not claim a metrics.csv without a step column', async () => {
    const { formats } = await importFiles([
      file('run/metrics.csv', 'name,value\naccuracy,0.9\n'),
      file('run/hparams.yaml', 'lr: 0.1\n')
    ]);
    expect(formats).not.toContain('lightning-csv');
  });
});

describe('broken Lightning files', () => {
  it('names the line and column of a cell that is not a number; other versions import', async () => {
    const { runs, errors } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n0,1,tensor(0.5)\n'),
      file('lightning_logs/version_1/metrics.csv', 'epoch,step,loss\n0,0,1\n')
    ]);
    expect(errors).toEqual([
      {
        file: 'lightning_logs/version_0/metrics.csv',
        message: 'line 3, column "loss": expected a number, found "tensor(0.5)"'
      }
    ]);
    expect(runs.map((r) => r.name)).toEqual(['version_1']);
  });

  it('names an empty step and a row of the wrong width', async () => {
    const { errors } = await importFiles([
      file('a/version_0/metrics.csv', 'epoch,step,loss\n0,,1\n'),
      file('a/version_1/metrics.csv', 'epoch,step,loss\n0,0\n0,1,2\n'),
      file('a/version_2/metrics.csv', 'epoch,step,loss,loss\n0,0,1,1\n')
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'line 2, column "step": expected a number, it is empty',
      'line 2: 2 fields, but the header has 3',
      'line 1: two columns are called "loss"'
    ]);
  });

  it('leaves out a last row cut short by a killed run, with a warning', async () => {
    const { runs, warnings } = await importFiles([
      file('lightning_logs/version_0/metrics.csv', 'epoch,step,loss\n0,0,1\n0,1,0.5\n0,2')
    ]);
    expect(points(runs[0], 'loss')).toBe('0:1 1:0.5');
    expect(warnings.map((w) => w.message)).toEqual([
      'line 4: the last row is cut short (2 fields, but the header has 3); left out'
    ]);
  });
});
