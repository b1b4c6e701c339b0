import { describe, expect, it } from 'vitest';
import {
  defaultCompareSettings,
  fitCompareSettings,
  panelChoice,
  parseCompareSettings
} from '../../../src/lib/compare/compare-settings';
import { runSetSignature } from '../../../src/lib/compare/chart-list';

describe('comparison settings from storage, links and bundles', () => {
  it('keeps every valid field', () => {
    const saved = {
      charts: ['loss', 'acc'],
      chartsFor: '3:abc',
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
      target: 'val/loss',
      labelTemplate: '{params.model} lr={params.lr}',
      lineWidth: 2,
      hiddenRuns: ['e1|a'],
      baselineRun: 'e1|b',
      panelSize: 'small',
      overlays: [['train/loss', 'val/loss']],
      panelRuns: { 'val/loss': ['e1|a', 'e1|b'], 'train/loss + val/loss': ['e1|b'] },
      media: { key: 'samples', step: 40, view: 'wipe', left: 'e1|b', right: 'e1|a' }
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
      target: 42,
      labelTemplate: 'x'.repeat(5000),
      lineWidth: 40
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
    expect(parsed.labelTemplate).toHaveLength(200);
    expect(parsed.lineWidth).toBe(d.lineWidth);
    expect(parseCompareSettings({ labelTemplate: 7 }).labelTemplate).toBe('');
    expect(parseCompareSettings('not an object')).toEqual(d);
    expect(parseCompareSettings(null).charts).toBeNull();
  });
});

describe('settings fitted to the runs in view', () => {
  const runs = (...keys: string[]) => keys.map((key) => ({ key }));
  const set = {
    runs: runs('e1/a', 'e1/b'),
    metricKeys: ['acc', 'loss'],
    paramKeys: ['lr'],
    tagKeys: ['team']
  } as unknown as Parameters<typeof fitCompareSettings>[1];

  it('drops a grouping and an x axis that name what these runs lack', () => {
    const fitted = fitCompareSettings(
      {
        ...defaultCompareSettings(),
        group: { by: { kind: 'param', key: 'batch_size' }, center: 'mean', band: 'std' },
        xAxis: { kind: 'metric', key: 'tokens' }
      },
      set
    );
    expect(fitted.group).toBeNull();
    expect(fitted.xAxis).toEqual({ kind: 'step' });
  });

  it('keeps what applies, and returns the same object when nothing changes', () => {
    const settings = {
      ...defaultCompareSettings(),
      group: { by: { kind: 'tag', key: 'team' }, center: 'median', band: 'ci95' },
      xAxis: { kind: 'metric', key: 'acc' }
    } as const;
    const current = { ...settings, group: { ...settings.group }, xAxis: { ...settings.xAxis } };
    expect(fitCompareSettings(current, set)).toBe(current);
  });

  it('keeps chart picks for the runs they were made for, not for others', () => {
    const mine = runSetSignature(['e1/b', 'e1/a']);
    const picked = { ...defaultCompareSettings(), charts: ['loss'], chartsFor: mine };
    expect(fitCompareSettings(picked, set).charts).toEqual(['loss']);
    const other = { ...picked, chartsFor: runSetSignature(['e2/x']) };
    expect(fitCompareSettings(other, set)).toMatchObject({ charts: null, chartsFor: null });
  });

  it('adopts picks that came without their runs (a share link, an older save)', () => {
    const fromLink = { ...defaultCompareSettings(), charts: ['acc'] };
    expect(fitCompareSettings(fromLink, set)).toMatchObject({
      charts: ['acc'],
      chartsFor: runSetSignature(['e1/a', 'e1/b'])
    });
  });

  it('forgets hidden runs, a baseline and overlaid metrics these runs do not have', () => {
    const keyed = {
      ...set,
      runs: runs('mlflow|e1|a', 'mlflow|e1|b'),
      metricKeys: ['train/loss', 'val/loss', 'acc']
    } as typeof set;
    const fitted = fitCompareSettings(
      {
        ...defaultCompareSettings(),
        hiddenRuns: ['e1|a', 'e9|z'],
        baselineRun: 'e9|z',
        overlays: [
          ['train/loss', 'val/loss', 'gone'],
          ['acc', 'gone']
        ]
      },
      keyed
    );
    expect(fitted.hiddenRuns).toEqual(['e1|a']);
    expect(fitted.baselineRun).toBeNull();
    expect(fitted.overlays).toEqual([['train/loss', 'val/loss']]);
    // A shared space stores the same runs under another format: they are still these runs.
    const shared = {
      ...keyed,
      runs: runs('runlens-share|e1|a', 'runlens-share|e1|b')
    } as typeof set;
    const kept = { ...defaultCompareSettings(), hiddenRuns: ['e1|a'], baselineRun: 'e1|b' };
    expect(fitCompareSettings(kept, shared)).toBe(kept);
  });
});

describe('workspace layout read back from a link', () => {
  it('checks hidden runs, baseline, panel size and overlays field by field', () => {
    const parsed = parseCompareSettings({
      hiddenRuns: ['e|a', 7, null],
      baselineRun: 3,
      panelSize: 'huge',
      overlays: [['a'], ['a', 'a', 'b'], 'x', ['a', 'b', 'c', 'd', 'e']]
    });
    expect(parsed.hiddenRuns).toEqual(['e|a']);
    expect(parsed.baselineRun).toBeNull();
    expect(parsed.panelSize).toBe('medium');
    // One metric is no overlay; repeats collapse; at most four metrics a panel.
    expect(parsed.overlays).toEqual([
      ['a', 'b'],
      ['a', 'b', 'c', 'd']
    ]);
  });
});

describe('media choices read back from a link', () => {
  it('keeps a valid key, step, view and pair, and defaults each malformed field alone', () => {
    const parsed = parseCompareSettings({
      media: { key: 7, step: 'NaN', view: 'carousel', left: 'e|a', right: { x: 1 } }
    });
    expect(parsed.media).toEqual({ key: null, step: null, view: 'grid', left: 'e|a', right: null });
    expect(parseCompareSettings({ media: 'grid' }).media).toEqual(defaultCompareSettings().media);
  });
});

describe("a panel's own choice of runs", () => {
  const set = {
    runs: ['mlflow|e1|a', 'mlflow|e1|b', 'mlflow|e1|c'].map((key) => ({ key })),
    metricKeys: ['loss'],
    paramKeys: [],
    tagKeys: []
  } as unknown as Parameters<typeof fitCompareSettings>[1];

  it('reads lists of run references per panel; drops empty, repeated and malformed ones', () => {
    const parsed = parseCompareSettings({
      panelRuns: { loss: ['e1|a', 'e1|a', 4], acc: [], lr: 'e1|a', ['__proto__']: ['e1|b'] }
    });
    expect(Object.entries(parsed.panelRuns)).toEqual([
      ['loss', ['e1|a']],
      ['__proto__', ['e1|b']]
    ]);
    expect(panelChoice(parsed, '__proto__')).toEqual(['e1|b']);
    expect(panelChoice(parsed, 'constructor')).toBeUndefined();
    expect(parseCompareSettings({ panelRuns: ['e1|a'] }).panelRuns).toEqual({});
  });

  it('keeps the runs of this comparison and forgets a panel left with none', () => {
    const saved = {
      ...defaultCompareSettings(),
      panelRuns: { loss: ['e1|a', 'e9|gone'], acc: ['e9|gone'] }
    };
    expect(fitCompareSettings(saved, set).panelRuns).toEqual({ loss: ['e1|a'] });
    const fits = { ...defaultCompareSettings(), panelRuns: { loss: ['e1|b'] } };
    expect(fitCompareSettings(fits, set)).toBe(fits);
  });
});
