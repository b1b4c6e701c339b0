// The guessed target metric on the metric names of real runs (see ../../../../shared/fixtures/real).
import { describe, expect, it } from 'vitest';
import {
  metricRole,
  rankTargetMetrics,
  resolveTargetMetric
} from '../../../src/lib/compare/target-metric';

/** Metric keys as real tools write them, and the target a person would pick. */
const REAL: [string, string[], string][] = [
  [
    'the sample grid (lr schedule logged as a metric)',
    ['lr', 'train/accuracy', 'train/loss', 'val/accuracy', 'val/loss'],
    'val/accuracy'
  ],
  [
    'Keras 3 CSVLogger',
    ['accuracy', 'epoch', 'learning_rate', 'loss', 'val_accuracy', 'val_loss'],
    'val_accuracy'
  ],
  [
    'Lightning CSVLogger with epoch and step suffixes',
    [
      'epoch',
      'learning_rate',
      'step',
      'train_loss_epoch',
      'train_loss_step',
      'val_acc',
      'val_loss'
    ],
    'val_acc'
  ],
  [
    'Ultralytics results.csv',
    [
      'epoch',
      'lr/pg0',
      'lr/pg1',
      'metrics/mAP50(B)',
      'metrics/mAP50-95(B)',
      'metrics/precision(B)',
      'time',
      'train/box_loss',
      'val/box_loss',
      'val/cls_loss'
    ],
    'metrics/mAP50(B)'
  ],
  [
    'HF Trainer with WER',
    [
      'epoch',
      'eval_loss',
      'eval_runtime',
      'eval_samples_per_second',
      'eval_wer',
      'grad_norm',
      'learning_rate',
      'loss',
      'total_flos',
      'train_loss'
    ],
    'eval_wer'
  ],
  [
    'HF Trainer, training loss only',
    ['epoch', 'learning_rate', 'loss', 'step', 'total_flos', 'train_runtime'],
    'loss'
  ],
  ['MLflow sklearn autolog', ['mae', 'r2', 'rmse'], 'r2'],
  [
    'MLflow evaluate',
    ['test_mean_squared_error', 'test_r2_score', 'training_r2_score', 'val_r2_score'],
    'test_r2_score'
  ],
  ['Sacred, one training metric', ['training.loss'], 'training.loss'],
  ['Lightning forecasting', ['lr-Ranger', 'train_loss_step', 'val_SMAPE'], 'val_SMAPE']
];

describe('the guessed target metric', () => {
  for (const [what, keys, target] of REAL) {
    it(what, () => expect(rankTargetMetrics(keys)[0]).toBe(target));
  }

  it('never guesses a schedule or bookkeeping, and says so when nothing else is left', () => {
    expect(rankTargetMetrics(['lr', 'epoch', 'system/gpu.0.memory', 'eval_runtime'])).toEqual([]);
    expect(resolveTargetMetric(['lr', 'epoch'], null)).toBeNull();
  });

  it('tells schedules, bookkeeping and results apart', () => {
    expect(
      ['lr', 'learning_rate', 'lr-Adam', 'lr/pg0', 'momentum', 'global_step'].map(metricRole)
    ).toEqual(Array(6).fill('schedule'));
    expect(
      ['eval_runtime', 'train_samples_per_second', 'grad_norm', 'time'].map(metricRole)
    ).toEqual(Array(4).fill('bookkeeping'));
    // A loss logged per epoch is a result, whatever its suffix.
    expect(['val_loss_epoch', 'train_loss_step', 'reward'].map(metricRole)).toEqual(
      Array(3).fill('result')
    );
  });

  it('keeps the person’s choice when these runs have it, else guesses again', () => {
    const keys = ['lr', 'val/accuracy', 'val/loss'];
    expect(resolveTargetMetric(keys, 'val/loss')).toBe('val/loss');
    expect(resolveTargetMetric(keys, 'eval/f1')).toBe('val/accuracy');
  });

  it('falls back to any result metric when no name says what it is', () => {
    expect(rankTargetMetrics(['epoch', 'widgets', 'gadgets'])).toEqual(['widgets', 'gadgets']);
  });
});
