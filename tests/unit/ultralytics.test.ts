// Ultralytics YOLO run folders: the odd cases a person would notice in the report.
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/parse-files';

const enc = new TextEncoder();
const noop = () => {};

async function importFolder(files: Record<string, string>) {
  const sources = Object.entries(files).map(([path, text]) => ({
    ...sourceFromBytes(path, enc.encode(text)),
    fromFolder: true
  }));
  const out = await parseFiles(sources, IMPORTERS, noop, noop);
  return {
    ...out,
    runs: out.parsed.flatMap((p) => p.batch.runs),
    experiments: out.parsed.flatMap((p) => p.batch.experiments)
  };
}

const V5_PADDED = [
  '               epoch,      train/box_loss,     metrics/mAP_0.5,metrics/mAP_0.5:0.95,               x/lr0',
  '                   0,             0.11167,             0.0033,             0.00058,              0.0962',
  '                   1,            0.085045,              0.012,              0.0023,            0.091449',
  ''
].join('\n');

function v8Rows(fitness: number[]): string {
  const rows = fitness.map((f, i) => `${i + 1},${i * 2.5},1.5,${f},${f}`);
  return ['epoch,time,train/box_loss,metrics/mAP50(B),metrics/mAP50-95(B)', ...rows].join('\n');
}

describe('Ultralytics YOLO run folders', () => {
  it('reads a padded YOLOv5 results.csv with opt.yaml and hyp.yaml, epochs as written', async () => {
    const { runs, experiments } = await importFolder({
      'runs/train/exp/results.csv': V5_PADDED,
      'runs/train/exp/opt.yaml':
        'weights: yolov5s.pt\nepochs: 2\nhyp:\n  lr0: 0.01\n  mosaic: 1.0\n',
      'runs/train/exp/hyp.yaml': 'lr0: 0.01\nmomentum: 0.937\n'
    });
    const run = runs[0]!;
    expect([run.name, experiments[0]!.name, run.status]).toEqual(['exp', 'train', 'FINISHED']);
    expect(run.metrics.map((m) => m.key)).toEqual([
      'train/box_loss',
      'metrics/mAP_0.5',
      'metrics/mAP_0.5:0.95',
      'x/lr0'
    ]);
    expect([...run.metrics[0]!.steps]).toEqual([0, 1]);
    expect(Object.fromEntries(run.params)).toEqual({
      weights: 'yolov5s.pt',
      epochs: '2',
      'hyp.lr0': '0.01',
      'hyp.mosaic': '1.0',
      lr0: '0.01',
      momentum: '0.937'
    });
  });

  it('names the run after its folder and keeps args name as a param', async () => {
    const { runs } = await importFolder({
      'runs/detect/copied/results.csv': v8Rows([0.1, 0.2]),
      'runs/detect/copied/args.yaml': 'task: detect\nmode: train\nname: train2\nepochs: 2\n'
    });
    expect(runs[0]!.name).toBe('copied');
    expect(runs[0]!.params.get('name')).toBe('train2');
  });

  it('keeps plots as artifacts and lists weights by size', async () => {
    const { runs } = await importFolder({
      'runs/detect/train/results.csv': v8Rows([0.1]),
      'runs/detect/train/results.png': 'png',
      'runs/detect/train/weights/best.pt': 'weights'
    });
    expect(runs[0]!.artifacts.map((a) => [a.path, a.content === null])).toEqual([
      ['results.png', false],
      ['weights/best.pt', true]
    ]);
  });

  it('tells early stopping from a run cut short', async () => {
    const early = await importFolder({
      'runs/detect/train/results.csv': v8Rows([0.1, 0.5, 0.4, 0.4]),
      'runs/detect/train/args.yaml': 'epochs: 10\npatience: 2\n'
    });
    expect(early.runs[0]!.status).toBe('FINISHED');
    const cut = await importFolder({
      'runs/detect/train/results.csv': v8Rows([0.1, 0.2, 0.3]),
      'runs/detect/train/args.yaml': 'epochs: 10\npatience: 2\n'
    });
    expect(cut.runs[0]!.status).toBe('KILLED');
    expect(cut.warnings[0]!.message).toMatch(/^3 of 10 epochs/);
  });

  it('rejects a cell that is not a number, naming the line and column', async () => {
    const { errors, runs } = await importFolder({
      'runs/detect/train/results.csv': v8Rows([0.1]) + '\n2,5,oops,0.1,0.1\n'
    });
    expect(runs).toEqual([]);
    expect(errors).toEqual([
      {
        file: 'runs/detect/train/results.csv',
        message: 'line 3, column "train/box_loss": "oops" is not a number'
      }
    ]);
  });
});
