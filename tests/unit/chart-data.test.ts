import { describe, expect, it } from 'vitest';
import { guessMetricDirection } from '../../src/lib/model';
import { toChartSeries } from '../../src/lib/worker/chart-data';
import { series } from './helpers/batches';

describe('toChartSeries', () => {
  it('orders by step, leaves out what cannot be drawn, and says where the extremes are', () => {
    const c = toChartSeries(series('loss', [0.5, NaN, 0.2, Infinity, 0.9], [3, 4, 1, 2, 0]));
    expect([...c.x]).toEqual([0, 1, 3]);
    expect([...c.y]).toEqual([0.9, 0.2, 0.5]);
    expect(c).toMatchObject({ points: 5, notDrawn: 2, minStep: 1, maxStep: 0 });
  });
});

describe('guessMetricDirection', () => {
  it('reads the usual names', () => {
    for (const k of ['loss', 'val/loss', 'train_error', 'rmse', 'eval/wer'])
      expect(guessMetricDirection(k), k).toBe('lower');
    for (const k of ['accuracy', 'val/acc', 'eval/f1', 'AUC', 'mAP50', 'reward'])
      expect(guessMetricDirection(k), k).toBe('higher');
  });
});
