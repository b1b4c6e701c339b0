// Every real W&B run-folder set (0.8 to 0.21, with and without .wandb logs), checked three ways
// against counts taken by tests/fixtures/scripts/count_wandb.py (its own framing and protobuf
// walk), plus what a person sees of the odd runs: statuses, step metrics, media and warnings.
// The two W&B UI CSV exports in tests/fixtures/real/wandb are checked in wandb-csv-real.test.ts.
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src/lib/model';
import {
  checkThreeWays,
  importFromDisk,
  readManifest,
  REAL_FIXTURES
} from './helpers/real-fixtures';

describe('real W&B sets', () => {
  for (const entry of readManifest('wandb')) {
    const label = entry.inputs ? `${entry.set} (${entry.inputs.join(', ')})` : entry.set;
    it(label, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});

async function runsOf(set: string, inputs: string[]) {
  const result = await importFromDisk(inputs, `${REAL_FIXTURES}/wandb/${set}`);
  const runs = result.batches.flatMap((b) => b.runs);
  return { ...result, runs, byId: (id: string) => runs.find((r) => r.id === id)! };
}

const statuses = (runs: Run[]) => Object.fromEntries(runs.map((r) => [r.id, r.status]));

describe('what the real W&B runs show', () => {
  it('0.21: define_metric puts the Keras epoch metrics on epoch/epoch, not on _step', async () => {
    const { byId } = await runsOf('honours-keras-wandb-0.21.4-2025', ['src']);
    const loss = byId('5kli3fop').metrics.find((m) => m.key === 'epoch/loss')!;
    const epochs = byId('5kli3fop').metrics.find((m) => m.key === 'epoch/epoch')!;
    expect([...loss.steps]).toEqual([...epochs.values]);
    expect(byId('5kli3fop').tags.get('wandb.gpu')).toBe('NVIDIA GeForce RTX 3090');
  });

  it('reads statuses from exit records, and a missing one as KILLED', async () => {
    const vq = await runsOf('vq-vae-wandb-0.19.8-2025', ['wandb']);
    expect(statuses(vq.runs)).toEqual({
      '1xeytjab': 'KILLED',
      '3h5xqzg5': 'KILLED',
      '6uznqj8h': 'FAILED',
      dqf4h4fc: 'FAILED',
      jefjnqy9: 'KILLED',
      x7n9fszq: 'FAILED'
    });
    expect(vq.byId('6uznqj8h').tags.get('wandb.exit_code')).toBe('255');
  });

  it('0.10: the confusion-matrix image is an artifact, not a metric', async () => {
    const { runs } = await runsOf('cs6910-fashion-mnist-wandb-0.10.21-2021', ['src']);
    const run = runs[0]!;
    expect(run.artifacts.map((a) => `${a.path}:${a.size}`)).toEqual([
      'media/images/Confusion Matrix_8451_ff997f2e.png:48227',
      `output.log:${run.artifacts.find((a) => a.path === 'output.log')!.size}`
    ]);
    expect(run.metrics.some((m) => m.key.startsWith('Confusion Matrix'))).toBe(false);
    expect(run.metrics.find((m) => m.key === 'batch_loss')!.values).toHaveLength(8440);
  });

  it('0.16: keeps the trailing space of "train_Loss "', async () => {
    const { byId } = await runsOf('cs6910-ffnn-sweeps-wandb-0.16.3-2024', ['wandb']);
    expect(
      byId('b32vxjgr')
        .metrics.map((m) => m.key)
        .filter((k) => !k.startsWith('system/'))
    ).toEqual(['train_Accuracy', 'train_Loss ', 'val_Accuracy', 'val_loss']);
  });
});
