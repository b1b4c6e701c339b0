// TensorBoard.dev exports (tests/fixtures/generated/tensorboard-dev, written after the exporter's
// source): the export folder, a scalars.json on its own, and broken lines.
import { describe, expect, it } from 'vitest';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { tensorboardDevFileImporter } from '../../src/lib/importers/tensorboard/dev-export';
import { testContext } from './helpers/import-context';
import { countResult, importFromDisk, runSummaries } from './helpers/real-fixtures';

const GENERATED = 'tests/fixtures/generated/tensorboard-dev';
const EXPERIMENT = 'experiment_Xq3bN9hZRkGm2T4vLw8sAA';

describe('TensorBoard.dev exports', () => {
  it('reads an export folder: runs with train/ and validation/ metrics, named from metadata.json', async () => {
    const result = await importFromDisk([EXPERIMENT], GENERATED);
    expect(result.formats).toEqual(['tensorboard-dev']);
    expect(countResult(result)).toEqual({
      experiments: 1,
      runs: 3,
      deleted: 0,
      nested: 0,
      params: 0,
      points: 43,
      errors: 0
    });
    const experiment = result.batches[0]!.experiments[0]!;
    expect(experiment.name).toBe('MNIST learning-rate sweep');
    expect(experiment.tags.get('mlflow.note.content')).toBe(
      'Two learning rates, Keras fit with validation.'
    );
    const runs = new Map(result.batches.flatMap((b) => b.runs).map((r) => [r.id, r]));
    expect([...runs.keys()]).toEqual(['lr_1E-03', 'lr_1E-04', 'lr_1E-03/eval_every_30']);
    const slow = runs.get('lr_1E-04')!;
    expect(slow.metrics.map((m) => m.key)).toEqual([
      'train/epoch_loss',
      'train/epoch_accuracy',
      'validation/epoch_loss',
      'validation/epoch_accuracy'
    ]);
    const loss = slow.metrics[0]!;
    expect([...loss.values]).toEqual([1.44, 0.72, 0.48, 0.36, NaN]);
    expect([...loss.timestamps].slice(0, 2)).toEqual([1614834367125, 1614834379625]);
    expect(slow).toMatchObject({ startTime: 1614834367125, endTime: 1614834417825 });
  });

  it('reads a scalars.json dropped on its own into the same runs (its experiment named after the file)', async () => {
    const folder = await importFromDisk([EXPERIMENT], GENERATED);
    const alone = await importFromDisk([`${EXPERIMENT}/scalars.json`], GENERATED);
    expect(alone.formats).toEqual(['tensorboard-dev']);
    expect(alone.batches[0]!.experiments[0]!.name).toBe('scalars.json');
    const renamed = new Map([['scalars.json', 'MNIST learning-rate sweep']]);
    expect(runSummaries(alone, renamed)).toEqual(runSummaries(folder));
  });

  it('names the line of a broken series', async () => {
    const text = [
      '{"points": {"steps": [0], "values": [1.0], "wall_times": [1.5]}, "run": ".", "tag": "loss"}',
      '{"points": {"steps": [0, 1], "values": [1.0], "wall_times": [1.5]}, "run": ".", "tag": "acc"}'
    ].join('\n');
    const source = new ImportSource(
      sourceFromBytes('scalars.json', new TextEncoder().encode(text))
    );
    expect(await tensorboardDevFileImporter.sniff(source)).toBe(0.95);
    await expect(tensorboardDevFileImporter.parse(source, testContext())).rejects.toThrow(
      'scalars.json: line 2: 2 steps, 1 wall times and 1 values'
    );
  });
});
