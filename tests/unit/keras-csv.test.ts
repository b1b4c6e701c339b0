// Keras histories as CSV: CSVLogger (epoch first, NA cells), pandas dumps (an unnamed index column,
// or none), other separators; what they must not take from MLflow, Ultralytics and Lightning; and
// broken files named precisely.
import { describe, expect, it } from 'vitest';
import { file, importFiles, metricKeys, points } from './helpers/csv-log-import';

describe('Keras CSV histories', () => {
  it('reads CSVLogger: epoch is the x, NA is no point, val_ names stay', async () => {
    const { runs, formats } = await importFiles([
      file(
        'training.log',
        'epoch,accuracy,loss,lr,val_accuracy,val_loss\n' +
          '0,0.5,1.25,0.0010000000474974513,0.25,2.5\n' +
          '1,0.75,0.5,0.0005000000237487257,NA,NA\n',
        false
      )
    ]);
    expect(formats).toEqual(['keras-csv']);
    const run = runs[0];
    expect(metricKeys(run)).toEqual(['accuracy', 'loss', 'lr', 'val_accuracy', 'val_loss']);
    expect(points(run, 'val_loss')).toBe('0:2.5');
    expect(points(run, 'lr')).toBe('0:0.0010000000474974513 1:0.0005000000237487257');
  });

  it("reads pandas' to_csv: the unnamed index column is the x, not a metric", async () => {
    const { runs } = await importFiles([
      file('history.csv', ',loss,accuracy,val_loss\n0,3.25,0.08988095074892044,\n1,3.1,0.13,2.5\n')
    ]);
    expect(metricKeys(runs[0])).toEqual(['loss', 'accuracy', 'val_loss']);
    expect(points(runs[0], 'val_loss')).toBe('1:2.5');
  });

  it('takes the row order as the epoch when there is neither column', async () => {
    const { runs } = await importFiles([file('hist.csv', 'loss,val_loss\n0.9,1.1\n0.5,0.7\n')]);
    expect(points(runs[0], 'loss')).toBe('0:0.9 1:0.5');
  });

  it("reads CSVLogger's separator option (; or a tab) and appended runs whose epochs restart", async () => {
    const { runs } = await importFiles([
      file('a.csv', 'epoch;loss\n0;1.5\n1;1.0\n0;1.4\n'),
      file('b.tsv', 'epoch\tloss\n0\t2\n')
    ]);
    expect(points(runs[0], 'loss')).toBe('0:1.5 1:1 0:1.4');
    expect(points(runs[1], 'loss')).toBe('0:2');
  });

  it('names the experiment after the folder and the run after the file', async () => {
    const { runs, experiments } = await importFiles([
      file('exp/cnn/training.log', 'epoch,loss\n0,1\n'),
      file('exp/cnn/history.csv', ',loss\n0,1\n'),
      file('training.log', 'epoch,loss\n0,1\n', false)
    ]);
    expect(runs.map((r) => `${r.experimentId} | ${r.id} | ${r.name}`).sort()).toEqual([
      'exp/cnn | history.csv | history.csv',
      'exp/cnn | training.log | training.log',
      'training.log | . | .'
    ]);
    expect(new Set(experiments.map((e) => e.name))).toEqual(new Set(['cnn', 'training.log']));
  });
});

describe('what is not a Keras history', () => {
  it('leaves MLflow, Ultralytics and Lightning CSVs with a loss column to their readers', async () => {
    const { parsed } = await importFiles([
      file('runs.csv', 'run_id,experiment_id,status,metrics.loss\nabc,0,FINISHED,0.5\n'),
      file('results.csv', 'epoch,train/box_loss,metrics/mAP50(B),val/box_loss\n1,1.2,0.3,1.4\n'),
      file('padded.csv', '               epoch,      train/box_loss\n0,1.5\n'),
      file('logs/metrics.csv', 'epoch,step,loss\n0,0,1\n'),
      file('wandb_export.csv', 'Name,loss\n"run-1",0.5\n')
    ]);
    expect(parsed.filter((p) => p.format === 'keras-csv').map((p) => p.file)).toEqual([]);
    expect(parsed.map((p) => `${p.file} ${p.format}`).sort()).toEqual([
      ' ultralytics',
      'logs lightning-csv',
      'runs.csv mlflow-csv'
    ]);
  });
});

describe('broken Keras histories', () => {
  it('names the line and column of a cell that is not a number', async () => {
    const { errors } = await importFiles([
      file('training.log', 'epoch,loss\n0,1\n1,oops\n'),
      file('bad-epoch.log', 'epoch,loss\n0,1\nx,1\n')
    ]);
    expect(errors.map((e) => `${e.file}: ${e.message}`).sort()).toEqual([
      'bad-epoch.log: line 3, column "epoch": expected a number, found "x"',
      'training.log: line 3, column "loss": expected a number, found "oops"'
    ]);
  });

  it('leaves out a column of per-class lists with a warning', async () => {
    const { runs, warnings } = await importFiles([
      file('training.log', 'epoch,f1,loss\n0,"[0.5, 0.25]",1\n1,"[0.75, 0.5]",0.5\n')
    ]);
    expect(metricKeys(runs[0])).toEqual(['loss']);
    expect(warnings.map((w) => w.message)).toEqual([
      'column "f1" holds lists of numbers (one per class), which are not charted; left out'
    ]);
  });
});
