import { describe, expect, it } from 'vitest';
import { buildParamLines, suggestParamAxes } from '../../../src/lib/compare/param-lines';
import type { ResultsRun } from '../../../src/lib/results-table/build-table';

/** A run of a sweep: params, and one metric whose summary is last/min/max. */
function run(params: Record<string, string>, acc?: { last: number; min: number; max: number }) {
  return {
    params: new Map(Object.entries(params)),
    tags: new Map<string, string>(),
    metrics: new Map(acc ? [['val/acc', acc]] : [])
  } satisfies ResultsRun;
}

// Two models × three learning rates × two seeds; acc = base + lr effect + seed noise.
const sweep: ResultsRun[] = [];
for (const model of ['resnet', 'vit'])
  for (const lr of ['0.1', '1e-3', '0.01'])
    for (const seed of ['1', '2']) {
      const last = (model === 'vit' ? 0.8 : 0.7) + (lr === '0.01' ? 0.1 : 0) + Number(seed) / 100;
      sweep.push(run({ model, lr, seed }, { last, min: last - 0.3, max: last + 0.05 }));
    }

const spec = {
  x: { kind: 'param' as const, key: 'lr' },
  lines: { kind: 'param' as const, key: 'model' },
  metric: 'val/acc',
  value: 'final' as const,
  directions: {}
};

describe('buildParamLines', () => {
  it('puts numeric params in numeric order and pools the seeds at each point', () => {
    const lines = buildParamLines(sweep, spec);
    expect(lines.numeric).toBe(true);
    expect(lines.logSuggested).toBe(true); // 1e-3 … 0.1 spans two decades
    expect(lines.lines.map((l) => l.label)).toEqual(['resnet', 'vit']);
    const vit = lines.lines[1]!;
    expect(vit.points.map((p) => p.label)).toEqual(['1e-3', '0.01', '0.1']);
    const at001 = vit.points[1]!;
    expect(at001.n).toBe(2);
    expect(at001.mean).toBeCloseTo(0.915, 10); // (0.91 + 0.92) / 2
    expect(at001.std).toBeCloseTo(Math.SQRT1_2 * 0.01, 10);
    expect(lines.runCount).toBe(12);
  });

  it('reads best by the metric direction and counts the runs it leaves out', () => {
    const runs = [...sweep, run({ model: 'mlp' }), run({ lr: '0.5' })];
    const lines = buildParamLines(runs, { ...spec, value: 'best' });
    // val/acc reads as higher-is-better: best is the max.
    expect(lines.direction).toBe('higher');
    expect(lines.lines[0]!.points[0]!.mean).toBeCloseTo(0.7 + 0.015 + 0.05, 10);
    expect({ withoutX: lines.withoutX, withoutValue: lines.withoutValue }).toEqual({
      withoutX: 1,
      withoutValue: 1
    });
  });

  it('draws a param that is not numeric as categories in natural order, one line without a line param', () => {
    const runs = ['opt10', 'opt2', 'adam'].map((o, i) =>
      run({ optimizer: o }, { last: i, min: i, max: i })
    );
    const lines = buildParamLines(runs, {
      ...spec,
      x: { kind: 'param', key: 'optimizer' },
      lines: null
    });
    expect(lines.numeric).toBe(false);
    expect(lines.categories).toEqual(['adam', 'opt2', 'opt10']);
    expect(lines.lines).toHaveLength(1);
    expect(lines.lines[0]!.label).toBe('val/acc');
    expect(lines.lines[0]!.points.map((p) => [p.x, p.label])).toEqual([
      [0, 'adam'],
      [1, 'opt2'],
      [2, 'opt10']
    ]);
  });
});

describe('suggestParamAxes', () => {
  it('chooses the numeric param with the most values for x and a small param for the lines, never a seed', () => {
    const runs = sweep.map((r, i) => ({
      ...r,
      params: new Map([...r.params, ['seed', String(i)]])
    }));
    expect(suggestParamAxes(runs)).toEqual({
      x: { kind: 'param', key: 'lr' },
      lines: { kind: 'param', key: 'model' }
    });
  });

  it('says so when no param varies as a number in three values', () => {
    expect(suggestParamAxes([run({ model: 'a' }), run({ model: 'b' })])).toBeNull();
  });
});
