import { describe, expect, it } from 'vitest';
import { defaultChartOrder, runSetSignature } from '../../../src/lib/compare/chart-list';

describe('the default chart list', () => {
  it('charts every metric, those most runs recorded first', () => {
    const keys = ['a_rare', 'b_half', 'c_all', 'd_all'];
    expect(defaultChartOrder(keys, [1, 5, 10, 10], null)).toEqual([
      'c_all',
      'd_all',
      'b_half',
      'a_rare'
    ]);
  });

  it('puts the target first, then results before schedules and bookkeeping, among equals', () => {
    const keys = ['epoch', 'lr', 'system/gpu_util', 'train/loss', 'val/acc'];
    expect(defaultChartOrder(keys, [4, 4, 4, 4, 4], 'val/acc')).toEqual([
      'val/acc',
      'train/loss',
      'epoch',
      'lr',
      'system/gpu_util'
    ]);
  });
});

describe('a run set signature', () => {
  it('ignores order and tells different sets apart', () => {
    expect(runSetSignature(['x/1', 'x/2'])).toBe(runSetSignature(['x/2', 'x/1']));
    expect(runSetSignature(['ab'])).not.toBe(runSetSignature(['a', 'b']));
    expect(runSetSignature(['x/1'])).not.toBe(runSetSignature(['x/1', 'x/2']));
  });
});

describe('bands in the chart list', () => {
  it("gives a metric's __min/__max band no charts of its own, but keeps a lone __min", () => {
    const keys = ['acc__min', 'loss', 'loss__max', 'loss__min'];
    expect(defaultChartOrder(keys, [3, 3, 3, 3], null)).toEqual(['acc__min', 'loss']);
  });
});

describe('schedules after results', () => {
  it('charts a result few runs logged before a learning rate every run logged', () => {
    // The real Ultralytics set: all 12 runs log lr/pg0, only the 3 detect runs log mAP.
    const keys = ['epoch', 'lr/pg0', 'metrics/mAP50(B)', 'train/box_loss'];
    expect(defaultChartOrder(keys, [12, 12, 3, 5], null)).toEqual([
      'train/box_loss',
      'metrics/mAP50(B)',
      'epoch',
      'lr/pg0'
    ]);
  });
});
