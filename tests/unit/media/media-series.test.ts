// Media series across runs: every tracker's layout recognised from its artifact paths (real
// exports where the fixtures hold images, synthetic paths for the rest), steps sorted, and each
// run showing its newest file at or before the chosen step.
import { describe, expect, it } from 'vitest';
import { parseMediaPath } from '../../../src/lib/media/media-paths';
import {
  indexMedia,
  mediaAt,
  mediaCatalog,
  stepIndexAtOrBefore,
  type ArtifactRef
} from '../../../src/lib/media/media-series';
import type { Run } from '../../../src/lib/model';
import { sampleTable } from '../../../src/lib/media/text-sample';
import { importFromDisk, REAL_FIXTURES } from '../helpers/real-fixtures';

async function runsOf(set: string, inputs: string[]): Promise<Run[]> {
  const result = await importFromDisk(inputs, `${REAL_FIXTURES}/${set}`);
  expect(result.errors).toEqual([]);
  return result.batches.flatMap((b) => b.runs);
}

const refsOf = (runs: Run[]): ArtifactRef[] =>
  runs.flatMap((r) => r.artifacts.map((a) => ({ runKey: r.id, path: a.path })));

describe('the real exports that hold images', () => {
  it('TensorBoard (YOLOv5): six image summaries, each a key at the last epoch', async () => {
    const runs = await runsOf('tensorboard/yolov5-chess-detection-2022', ['runs']);
    const index = indexMedia(
      runs.map((r) => r.id),
      refsOf(runs)
    );
    const catalog = mediaCatalog(index);
    expect(catalog.keys.map((k) => `${k.key} @${k.steps.join(',')} ${k.layouts}`)).toEqual([
      'confusion_matrix @415 tensorboard',
      'F1_curve @415 tensorboard',
      'P_curve @415 tensorboard',
      'PR_curve @415 tensorboard',
      'R_curve @415 tensorboard',
      'results @415 tensorboard'
    ]);
    // Asked at an earlier step, the run has nothing yet and says when it starts.
    expect(mediaAt(index, 'results', 100)[0]).toMatchObject({ path: null, firstStep: 415 });
    expect(mediaAt(index, 'results', 415)[0]).toMatchObject({
      path: 'images/results/step_415.png',
      step: 415
    });
  });

  it('W&B 0.10: the confusion matrix logged at step 8451, its key holding a space', async () => {
    const runs = await runsOf('wandb/cs6910-fashion-mnist-wandb-0.10.21-2021', ['src']);
    const catalog = mediaCatalog(
      indexMedia(
        runs.map((r) => r.id),
        refsOf(runs)
      )
    );
    expect(catalog.keys).toEqual([
      { key: 'Confusion Matrix', kind: 'image', steps: [8451], runCount: 1, layouts: ['wandb'] }
    ]);
    // output.log is a text file logged once: not a sample series.
    expect(catalog.runsWithMedia).toBe(1);
  });

  it('MLflow export: a plot logged once is a key of its own path, with no step', async () => {
    const runs = await runsOf('mlflow-export-import/mlflow-export-import-samples-2022', [
      'samples/oss_mlflow/experiments/sklearn_wine'
    ]);
    const catalog = mediaCatalog(
      indexMedia(
        runs.map((r) => r.id),
        refsOf(runs)
      )
    );
    expect(catalog.keys.map((k) => [k.key, k.steps.length, k.layouts[0]])).toEqual([
      ['plot.png', 0, 'file']
    ]);
  });
});

describe('every layout from its paths', () => {
  const cases: [string, string | null, number | null, string][] = [
    ['images/val/samples/step_120.png', 'val/samples', 120, 'tensorboard'],
    ['images/val/samples/step_120_1.jpg', 'val/samples', 120, 'tensorboard'],
    [
      'images/val#recon%step%30%timestamp%1717000000000%2b1c9a6e-0d3f-4f0e-9a51-7c2d0e1f4a10.png',
      'val/recon',
      30,
      'mlflow'
    ],
    ['media/images/examples_42_9a8b7c6d5e4f3a2b1c0d.png', 'examples', 42, 'wandb'],
    ['media/images/val/pred mask_7_ff997f2e.jpg', 'val/pred mask', 7, 'wandb'],
    ['media/table/generations_300_0123456789abcdef0123.table.json', 'generations', 300, 'wandb'],
    ['train/predictions/step_5/batch.png', 'train/predictions', 5, 'neptune'],
    ['eval/samples/step_2.5/out.txt', 'eval/samples', 2.5, 'neptune'],
    ['plots/images/reconstruction/12.png', 'reconstruction', 12, 'dvclive'],
    ['samples/step_3.txt', 'samples', 3, 'step-folder'],
    ['confusion_matrix.png', 'confusion_matrix.png', null, 'file']
  ];
  for (const [path, key, step, layout] of cases) {
    it(`${layout}: ${path}`, () => {
      expect(parseMediaPath(path)).toMatchObject({ key, step, layout });
    });
  }

  it('leaves out what is not media: models, logs, text files logged once, MLflow metadata', () => {
    for (const path of [
      'model/MLmodel',
      'model/model.pkl',
      'output.log',
      'requirements.txt',
      'images/val%step%3%timestamp%1%abc.json',
      'media/html/report_3_abcdef12.html'
    ]) {
      expect(parseMediaPath(path), path).toBeNull();
    }
  });
});

describe('a comparison of runs that logged at different steps', () => {
  const uuid = (i: number) => `0000000${i}-aaaa-bbbb-cccc-000000000000`;
  const mlflow = (key: string, step: number, i: number, compressed = false) =>
    `images/${key}%step%${step}%timestamp%${1700000000000 + step}%${uuid(i)}${compressed ? '%compressed.webp' : '.png'}`;
  const artifacts: ArtifactRef[] = [
    // a: TensorBoard every 100 steps, logged out of order.
    ...[300, 0, 200, 100].map((s) => ({ runKey: 'a', path: `images/samples/step_${s}.png` })),
    // b: MLflow at 50 and 250, each with its compressed copy; one step with only the copy.
    { runKey: 'b', path: mlflow('samples', 50, 1) },
    { runKey: 'b', path: mlflow('samples', 50, 1, true) },
    { runKey: 'b', path: mlflow('samples', 250, 2) },
    { runKey: 'b', path: mlflow('samples', 250, 2, true) },
    { runKey: 'b', path: mlflow('samples', 260, 3, true) },
    // c: W&B from step 150 only, two images at 150.
    { runKey: 'c', path: 'media/images/samples_150_aaaaaaaa.png' },
    { runKey: 'c', path: 'media/images/samples_150_bbbbbbbb.png' },
    // d: no media at all.
    { runKey: 'd', path: 'model/model.pkl' }
  ];
  const index = indexMedia(['a', 'b', 'c', 'd'], artifacts);

  it('merges one key across trackers, its steps sorted and counted once', () => {
    const catalog = mediaCatalog(index);
    expect(catalog.keys).toEqual([
      {
        key: 'samples',
        kind: 'image',
        steps: [0, 50, 100, 150, 200, 250, 260, 300],
        runCount: 3,
        layouts: ['mlflow', 'tensorboard', 'wandb']
      }
    ]);
    expect([catalog.runCount, catalog.runsWithMedia]).toEqual([4, 3]);
  });

  it('shows each run its newest image at or before the step', () => {
    const at = (step: number) =>
      mediaAt(index, 'samples', step).map((c) =>
        c.path === null
          ? `${c.runKey}: none${c.firstStep !== null ? ` until ${c.firstStep}` : ''}`
          : `${c.runKey}@${c.step}×${c.count}`
      );
    expect(at(0)).toEqual(['a@0×1', 'b: none until 50', 'c: none until 150', 'd: none']);
    expect(at(199)).toEqual(['a@100×1', 'b@50×1', 'c@150×2', 'd: none']);
    expect(at(1000)).toEqual(['a@300×1', 'b@260×1', 'c@150×2', 'd: none']);
  });

  it('prefers the full image to MLflow compressed copy, and keeps a lone copy', () => {
    const [, b] = mediaAt(index, 'samples', 255);
    expect(b!.path).toBe(mlflow('samples', 250, 2));
    expect(mediaAt(index, 'samples', 260)[1]!.path).toBe(mlflow('samples', 260, 3, true));
  });

  it('finds the step at or before by bisection', () => {
    const steps = [0, 10, 10.5, 20];
    expect([-1, 0, 9, 10, 10.5, 15, 20, 99].map((s) => stepIndexAtOrBefore(steps, s))).toEqual([
      -1, 0, 0, 1, 2, 2, 3, 3
    ]);
    expect(stepIndexAtOrBefore([], 5)).toBe(-1);
  });

  it('answers an unknown key with empty cells', () => {
    expect(mediaAt(index, 'nope', 10).every((c) => c.path === null)).toBe(true);
  });
});

describe('text samples', () => {
  it('reads a W&B table as columns and rows of text, and anything else as no table', () => {
    const table = sampleTable(
      JSON.stringify({
        columns: ['prompt', 'output', 'score'],
        data: [
          ['a', '<b>x</b>', 0.5],
          ['b', null, { n: 1 }]
        ]
      })
    );
    expect(table).toEqual({
      columns: ['prompt', 'output', 'score'],
      rows: [
        ['a', '<b>x</b>', '0.5'],
        ['b', '', '{"n":1}']
      ],
      more: 0
    });
    const long = sampleTable(
      JSON.stringify({ columns: ['i'], data: Array.from({ length: 25 }, (_, i) => [i]) })
    );
    expect([long!.rows.length, long!.more]).toEqual([20, 5]);
    for (const text of [
      'plain words',
      '[1,2]',
      '{"columns":["a"]}',
      '{"columns":["a"],"data":[1]}'
    ]) {
      expect(sampleTable(text), text).toBeNull();
    }
  });
});
