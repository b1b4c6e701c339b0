import { describe, expect, it } from 'vitest';
import {
  defaultCompareSettings,
  parseCompareSettings
} from '../../../src/lib/compare/compare-settings';

describe('comparison settings from storage, links and bundles', () => {
  it('keeps every valid field', () => {
    const saved = {
      charts: ['loss', 'acc'],
      xAxis: { kind: 'metric', key: 'epoch' },
      logX: true,
      logY: false,
      smoothing: { kind: 'gaussian', sigma: 5 },
      showRaw: false,
      ignoreOutliers: true,
      group: { by: { kind: 'tag', key: 'team' }, center: 'median', band: 'ci95' },
      summary: 'mean-last-k',
      k: 20,
      directions: { acc: 'higher' },
      onlyDifferences: false,
      target: 'val/loss'
    };
    expect(parseCompareSettings(saved)).toEqual(saved);
  });

  it('replaces anything unexpected with the default, field by field', () => {
    const d = defaultCompareSettings();
    const parsed = parseCompareSettings({
      charts: ['loss', 3, null],
      xAxis: { kind: 'javascript:alert(1)' },
      logX: 'yes',
      smoothing: { kind: 'magic' },
      group: { by: { kind: 'param', key: 'lr' }, center: 'mode', band: 'std' },
      summary: 'worst',
      k: -4,
      directions: { loss: 'sideways', acc: 'higher', __proto__: 'x' },
      target: 42
    });
    expect(parsed.charts).toEqual(['loss']);
    expect(parsed.xAxis).toEqual(d.xAxis);
    expect(parsed.logX).toBe(false);
    expect(parsed.smoothing).toEqual(d.smoothing);
    expect(parsed.group).toBeNull();
    expect(parsed.summary).toBe('last');
    expect(parsed.k).toBe(d.k);
    expect({ ...parsed.directions }).toEqual({ acc: 'higher' });
    expect(parsed.target).toBeNull();
    expect(parseCompareSettings('not an object')).toEqual(d);
    expect(parseCompareSettings(null).charts).toBeNull();
  });
});
