import { describe, expect, it } from 'vitest';
import type { HyperAxis, HyperTable } from '../../../src/lib/charts/hyper/hyper-types';
import {
  axisScale,
  axisTicks,
  brushFromDrag,
  countActive,
  parallelGeometry,
  pixelToValue,
  runsPassingBrushes,
  valueToPixel
} from '../../../src/lib/charts/hyper/parallel-axes';

function numeric(id: string, values: number[]): HyperAxis {
  return {
    id,
    source: 'param',
    key: id,
    name: id,
    label: id,
    kind: 'numeric',
    values: Float64Array.from(values),
    categories: [],
    logSuggested: false
  };
}

function categorical(id: string, categories: string[], values: number[]): HyperAxis {
  return {
    id,
    source: 'param',
    key: id,
    name: id,
    label: id,
    kind: 'categorical',
    values: Float64Array.from(values),
    categories,
    logSuggested: false
  };
}

function table(axes: HyperAxis[]): HyperTable {
  const n = axes[0]?.values.length ?? 0;
  const keys = Array.from({ length: n }, (_, i) => `r${i}`);
  return { runKeys: keys, runNames: keys, colors: keys.map(() => '#123456'), axes };
}

const passing = (mask: Uint8Array) => [...mask].flatMap((m, i) => (m === 1 ? [i] : []));

describe('axis scales', () => {
  it('puts the smallest value at the bottom and the largest at the top', () => {
    const scale = axisScale(numeric('x', [2, 4, 10]), false, 300, 100);
    expect(valueToPixel(scale, 2)).toBe(300);
    expect(valueToPixel(scale, 10)).toBe(100);
    expect(valueToPixel(scale, 6)).toBe(200);
    expect(pixelToValue(scale, 200)).toBe(6);
  });

  it('maps each decade of a log axis to the same distance', () => {
    const scale = axisScale(numeric('lr', [1e-5, 1e-3, 1e-1]), true, 400, 0);
    const decades = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1].map((v) => valueToPixel(scale, v));
    expect(decades.map((p) => Math.round(p))).toEqual([400, 300, 200, 100, 0]);
    expect(pixelToValue(scale, 300)).toBeCloseTo(1e-4, 12);
    expect(axisTicks(scale).map((t) => t.label)).toEqual(['1e-5', '1e-4', '1e-3', '0.01', '0.1']);
  });

  it('treats zero and negative values on a log axis as missing', () => {
    const axis = numeric('x', [-1, 0, 10, 1000]);
    const scale = axisScale(axis, true, 100, 0);
    expect(valueToPixel(scale, 0)).toBeNaN();
    expect(valueToPixel(scale, -1)).toBeNaN();
    expect(valueToPixel(scale, 10)).toBe(100);
    const geometry = parallelGeometry(table([axis]), ['x'], new Set(['x']), 200, 300);
    expect(geometry.missing[0]).toBe(2);
    expect(geometry.ys[0]).toBe(geometry.layout.missingY);
  });

  it('spaces categories evenly with the first at the bottom', () => {
    const scale = axisScale(
      categorical('opt', ['adam', 'sgd', 'rmsprop'], [0, 1, 2]),
      false,
      300,
      0
    );
    expect([0, 1, 2].map((i) => valueToPixel(scale, i))).toEqual([250, 150, 50]);
    expect(axisTicks(scale).map((t) => t.label)).toEqual(['adam', 'sgd', 'rmsprop']);
  });

  it('gives nice linear ticks inside the domain', () => {
    const scale = axisScale(numeric('x', [0.03, 0.97]), false, 100, 0);
    expect(axisTicks(scale).map((t) => t.label)).toEqual(['0.2', '0.4', '0.6', '0.8']);
  });

  it('ignores axes that are not in the table', () => {
    const t = table([numeric('a', [1, 2])]);
    const geometry = parallelGeometry(t, ['nope', 'a'], new Set(), 400, 300);
    expect(geometry.axes.map((a) => a.id)).toEqual(['a']);
  });
});

describe('brushes', () => {
  const t = table([
    numeric('loss', [0.1, 0.5, 0.9, NaN, 0.3]),
    categorical('opt', ['adam', 'sgd', 'lion'], [0, 1, 2, 0, NaN])
  ]);

  it('keeps exactly the runs inside a range, ends included', () => {
    expect(
      passing(runsPassingBrushes(t, [{ axis: 'loss', kind: 'range', lo: 0.3, hi: 0.9 }]))
    ).toEqual([1, 2, 4]);
  });

  it('fails runs that lack the brushed value', () => {
    const mask = runsPassingBrushes(t, [{ axis: 'loss', kind: 'range', lo: -10, hi: 10 }]);
    expect(passing(mask)).toEqual([0, 1, 2, 4]);
    expect(countActive(mask)).toBe(4);
  });

  it('keeps the chosen categories and combines brushes with AND', () => {
    const cats = runsPassingBrushes(t, [{ axis: 'opt', kind: 'categories', keep: [0, 2] }]);
    expect(passing(cats)).toEqual([0, 2, 3]);
    const both = runsPassingBrushes(t, [
      { axis: 'opt', kind: 'categories', keep: [0, 2] },
      { axis: 'loss', kind: 'range', lo: 0, hi: 0.5 }
    ]);
    expect(passing(both)).toEqual([0]);
  });

  it('passes every run with no brushes, and ignores brushes on unknown axes', () => {
    expect(countActive(runsPassingBrushes(t, []))).toBe(5);
    expect(countActive(runsPassingBrushes(t, [{ axis: 'x', kind: 'range', lo: 0, hi: 1 }]))).toBe(
      5
    );
  });

  it('turns a drag on a numeric axis into the value range under it', () => {
    const axis = t.axes[0]!;
    const scale = axisScale(axis, false, 400, 0); // 0.1 at 400, 0.9 at 0
    const brush = brushFromDrag(axis, scale, 100, 310);
    expect(brush).toMatchObject({ axis: 'loss', kind: 'range' });
    if (brush?.kind !== 'range') throw new Error('range expected');
    expect(brush.lo).toBeCloseTo(0.28, 12);
    expect(brush.hi).toBeCloseTo(0.7, 12);
    expect(passing(runsPassingBrushes(t, [brush]))).toEqual([1, 4]);
  });

  it('clamps a drag past the axis end and treats a click as no brush', () => {
    const axis = t.axes[0]!;
    const scale = axisScale(axis, false, 400, 0);
    expect(brushFromDrag(axis, scale, 200, 201)).toBeNull();
    const brush = brushFromDrag(axis, scale, -50, 200);
    if (brush?.kind !== 'range') throw new Error('range expected');
    expect(brush.hi).toBeCloseTo(0.9, 12);
  });

  it('turns a drag on a log axis into a range in values, not exponents', () => {
    const axis = numeric('lr', [1e-5, 1e-1]);
    const scale = axisScale(axis, true, 400, 0);
    const brush = brushFromDrag(axis, scale, 100, 300); // 1e-2 .. 1e-4
    if (brush?.kind !== 'range') throw new Error('range expected');
    expect(brush.lo).toBeCloseTo(1e-4, 12);
    expect(brush.hi).toBeCloseTo(1e-2, 12);
  });

  it('turns a drag on a categorical axis into the categories it covers', () => {
    const axis = t.axes[1]!;
    const scale = axisScale(axis, false, 300, 0); // adam 250, sgd 150, lion 50
    expect(brushFromDrag(axis, scale, 290, 120)).toEqual({
      axis: 'opt',
      kind: 'categories',
      keep: [0, 1]
    });
    // A short drag between centres keeps the category under it.
    expect(brushFromDrag(axis, scale, 60, 90)).toEqual({
      axis: 'opt',
      kind: 'categories',
      keep: [2]
    });
  });
});
