// The comparison's charts in sections by key prefix (TensorBoard's tag groups, W&B's panel
// sections), with system metrics last and a search over keys.
import { describe, expect, it } from 'vitest';
import {
  chartPrefix,
  chartSections,
  matchChartSearch
} from '../../../src/lib/compare/chart-sections';

const show = (keys: string[]) =>
  chartSections(keys).map((s) => `${s.prefix || '(none)'}: ${s.keys.join(' ')}`);

describe('chart sections', () => {
  it('group by the first prefix, in the order of each section’s first chart, system last', () => {
    expect(
      show([
        'val/accuracy',
        'system/gpu.0.gpu',
        'train/loss',
        'loss',
        'val/loss',
        'train/grad/norm',
        'lr'
      ])
    ).toEqual([
      'val/: val/accuracy val/loss',
      'train/: train/loss train/grad/norm',
      '(none): loss lr',
      'system/: system/gpu.0.gpu'
    ]);
  });

  it('do not make a group of a leading or trailing slash', () => {
    expect(chartPrefix('/abs')).toBe('');
    expect(chartPrefix('odd/')).toBe('');
    expect(chartPrefix('eval/f1')).toBe('eval/');
  });

  it('search every word in any case', () => {
    const keys = ['train/loss', 'val/loss', 'val/accuracy', 'system/gpu.0.memory'];
    expect(matchChartSearch(keys, 'VAL loss')).toEqual(['val/loss']);
    expect(matchChartSearch(keys, '  ')).toEqual(keys);
    expect(matchChartSearch(keys, 'gpu')).toEqual(['system/gpu.0.memory']);
  });
});
