// How dropped TensorBoard folders become runs: run folders, train/validation folders merged with
// prefixed keys, several files of one run, profiler output, hparams.yaml, and a broken file.
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes, type SourceFile } from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { eventFile, f, type EventSpec } from './helpers/tensorboard-events';

const scalar = (tag: string, step: number, value: number): EventSpec => ({
  wallTime: 1700000000 + step,
  step,
  values: [{ tag, simple: value }]
});

function file(path: string, bytes: Uint8Array | string, fromFolder = true): SourceFile {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { ...sourceFromBytes(path, data), fromFolder };
}

async function importFiles(files: SourceFile[]) {
  const noop = () => {};
  const result = await parseFiles(files, IMPORTERS, noop, noop);
  const runs = result.parsed.flatMap((p) => p.batch.runs);
  const experiments = result.parsed.flatMap((p) => p.batch.experiments);
  return { ...result, runs, experiments };
}

function keys(run: Run | undefined): string[] {
  return (run?.metrics ?? []).map((m) => m.key).sort();
}

describe('TensorBoard run folders', () => {
  it('reads a Keras trial as one run with train/ and validation/ metrics side by side', async () => {
    const trial = 'logs/fit/20240101-120000';
    const { runs, experiments, skipped, errors } = await importFiles([
      file(
        `${trial}/train/events.out.tfevents.1704110400.DESKTOP-7QK2.1234.0.v2`,
        eventFile(scalar('epoch_loss', 0, 0.9), scalar('epoch_loss', 1, 0.5))
      ),
      file(`${trial}/train/events.out.tfevents.1704110400.DESKTOP-7QK2.profile-empty`, eventFile()),
      file(`${trial}/train/plugins/profile/2024_01_01_12_00_00/DESKTOP-7QK2.xplane.pb`, 'xplane'),
      file(
        `${trial}/validation/events.out.tfevents.1704110405.DESKTOP-7QK2.1234.1.v2`,
        eventFile(scalar('epoch_loss', 0, 1.1), scalar('epoch_loss', 1, 0.7))
      ),
      file(
        'logs/fit/20240102-120000/train/events.out.tfevents.1704196800.host.1.0.v2',
        eventFile(scalar('epoch_loss', 0, 0.8))
      )
    ]);
    expect(errors).toEqual([]);
    expect(runs.map((r) => r.id)).toEqual(['fit/20240101-120000', 'fit/20240102-120000']);
    expect(keys(runs[0])).toEqual(['train/epoch_loss', 'validation/epoch_loss']);
    expect([...runs[0]!.metrics.find((m) => m.key === 'validation/epoch_loss')!.values]).toEqual([
      Math.fround(1.1),
      Math.fround(0.7)
    ]);
    expect(new Set(experiments.map((e) => `${e.id} → ${e.name}`))).toEqual(
      new Set(['logs/fit → fit'])
    );
    expect(skipped).toEqual([
      {
        file: `${trial}/train/events.out.tfevents.1704110400.DESKTOP-7QK2.profile-empty`,
        reason: 'TensorBoard profiler data: not run data'
      },
      {
        file: `${trial}/train/plugins/profile/2024_01_01_12_00_00/DESKTOP-7QK2.xplane.pb`,
        reason: 'TensorBoard profiler data: not run data'
      }
    ]);
  });

  it('names the dropped folder "." when it is the run, and its eval/ folder goes into it', async () => {
    const { runs, experiments } = await importFiles([
      file(
        'model_dir/events.out.tfevents.1520430462.Mac.local',
        eventFile(scalar('loss', 100, 0.3))
      ),
      file(
        'model_dir/eval/events.out.tfevents.1520430899.Mac.local',
        eventFile(scalar('accuracy', 100, 0.9))
      ),
      file('model_dir/checkpoint', 'model_checkpoint_path: "model.ckpt-100"')
    ]);
    expect(runs.map((r) => [r.id, r.name, keys(r)])).toEqual([
      ['.', '.', ['eval/accuracy', 'loss']]
    ]);
    expect(experiments.map((e) => e.name)).toEqual(['model_dir']);
  });

  it('merges the files of one run in file-name order', async () => {
    const dir = 'runs/exp';
    const { runs } = await importFiles([
      file(
        `${dir}/events.out.tfevents.1700000200.host.2.0`,
        eventFile(scalar('loss', 3, 3), scalar('loss', 4, 4))
      ),
      file(
        `${dir}/events.out.tfevents.1700000100.host.1.0`,
        eventFile(scalar('loss', 1, 1), scalar('loss', 2, 2))
      )
    ]);
    expect(runs).toHaveLength(1);
    expect([...runs[0]!.metrics[0]!.steps]).toEqual([1, 2, 3, 4]);
  });

  it('rejects a corrupt file of a run by name and keeps the run from its other files', async () => {
    const good = eventFile(scalar('loss', 1, 1));
    const broken = eventFile(scalar('loss', 2, 2), scalar('acc', 2, 0.5), scalar('loss', 3, 3));
    // Corrupt the length of the last record: the two before it must not stay in the run either.
    const lastRecord =
      broken.length - (eventFile(scalar('loss', 3, 3)).length - eventFile().length);
    broken[lastRecord]! ^= 0x01;
    const { runs, errors } = await importFiles([
      file('runs/a/events.out.tfevents.1', good),
      file('runs/a/events.out.tfevents.2', broken)
    ]);
    expect(errors).toEqual([
      {
        file: 'runs/a/events.out.tfevents.2',
        message: `record 4 at byte ${lastRecord}: the length checksum does not match, so the file is corrupt from there`
      }
    ]);
    expect(runs.map((r) => [r.id, keys(r)])).toEqual([['a', ['loss']]]);
    expect([...runs[0]!.metrics[0]!.steps]).toEqual([1]);
    // Its times do not stretch the run either.
    expect(runs[0]).toMatchObject({ startTime: 1700000000000, endTime: 1700000001000 });
  });

  it("takes Lightning's hparams.yaml when the event files carry no hparams, never running its tags", async () => {
    const yaml = [
      'lr: 0.001',
      'batch_size: 32',
      'use_amp: true',
      'dropout: null',
      'sizes: [64, 128]',
      'model:',
      '  name: resnet',
      '  depth: &d 50',
      'depth_again: *d',
      'loss: !!python/object:neuralforecast.losses.pytorch.MAE',
      '  horizon_weight: null',
      "dist: !!python/name:torch.distributions.poisson.Poisson ''",
      ''
    ].join('\n');
    const { runs } = await importFiles([
      file(
        'lightning_logs/version_0/events.out.tfevents.1.host.1.0',
        eventFile(scalar('loss', 1, 1))
      ),
      file('lightning_logs/version_0/hparams.yaml', yaml)
    ]);
    expect(Object.fromEntries(runs[0]!.params)).toEqual({
      lr: '0.001',
      batch_size: '32',
      use_amp: 'True',
      dropout: 'None',
      sizes: '[64, 128]',
      'model/name': 'resnet',
      'model/depth': '50',
      depth_again: '50',
      loss: '!!python/object:neuralforecast.losses.pytorch.MAE\n  horizon_weight: null',
      dist: "!!python/name:torch.distributions.poisson.Poisson ''"
    });
  });

  it('prefers the hparams plugin to hparams.yaml', async () => {
    const start = f.bytes(3, f.bytes(1, [...f.bytes(1, 'lr'), ...f.bytes(2, f.double(2, 0.1))]));
    const { runs } = await importFiles([
      file(
        'lightning_logs/version_1/events.out.tfevents.1.host.1.0',
        eventFile({
          wallTime: 1,
          values: [{ tag: '_hparams_/session_start_info', plugin: 'hparams', content: start }]
        })
      ),
      file('lightning_logs/version_1/hparams.yaml', 'lr: 0.5\nother: 1\n')
    ]);
    expect(Object.fromEntries(runs[0]!.params)).toEqual({ lr: '0.1' });
  });

  it('imports an event file dropped on its own, whatever its name, as run "."', async () => {
    const { runs, experiments, errors } = await importFiles([
      file('events.out.tfevents.1700000000.host', eventFile(scalar('loss', 1, 1)), false),
      file('renamed.bin', eventFile(scalar('acc', 1, 1)), false)
    ]);
    expect(errors).toEqual([]);
    expect(runs.map((r) => [r.id, r.source.format, keys(r)])).toEqual([
      ['.', 'tensorboard', ['loss']],
      ['.', 'tensorboard', ['acc']]
    ]);
    expect(experiments.map((e) => e.name)).toEqual([
      'events.out.tfevents.1700000000.host',
      'renamed.bin'
    ]);
  });
});
