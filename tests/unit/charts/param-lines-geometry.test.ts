import { describe, expect, it } from 'vitest';
import { paramLinesGeometry } from '../../../src/lib/charts/param-lines-geometry';
import { buildParamLines } from '../../../src/lib/compare/param-lines';
import type { ResultsRun } from '../../../src/lib/results-table/build-table';

const run = (lr: string, model: string, acc: number): ResultsRun => ({
  params: new Map([
    ['lr', lr],
    ['model', model]
  ]),
  tags: new Map(),
  metrics: new Map([['acc', { last: acc, min: acc, max: acc }]])
});

const runs = [
  run('0', 'a', 0.5),
  run('0.001', 'a', 0.6),
  run('0.001', 'a', 0.62),
  run('0.01', 'a', 0.7),
  run('0.1', 'b', 0.4)
];
const data = buildParamLines(runs, {
  x: { kind: 'param', key: 'lr' },
  lines: { kind: 'param', key: 'model' },
  metric: 'acc',
  value: 'final',
  directions: {}
});

describe('paramLinesGeometry', () => {
  it('keeps every point and bar inside the plot, in x order, named in its hover text', () => {
    const g = paramLinesGeometry(data, 600, 320, { logX: false, spread: 'std' });
    const { left, right, top, bottom } = g.frame;
    const a = g.lines[0]!;
    expect(a.points).toHaveLength(3);
    for (const p of g.lines.flatMap((l) => l.points)) {
      expect(p.cx).toBeGreaterThanOrEqual(left);
      expect(p.cx).toBeLessThanOrEqual(right);
      for (const y of [p.cy, ...(p.bar ?? [])]) {
        expect(y).toBeGreaterThanOrEqual(top);
        expect(y).toBeLessThanOrEqual(bottom);
      }
    }
    expect(a.points.map((p) => p.cx)).toEqual([...a.points.map((p) => p.cx)].sort((x, y) => x - y));
    // Only the point pooling two runs has a bar; its text says n.
    expect(a.points.map((p) => p.bar !== null)).toEqual([false, true, false]);
    expect(a.points[1]!.text).toBe('lr = 0.001 · a: 0.61 ± 0.01414 (n = 2)');
    // One point: no path to draw, the dot alone.
    expect(g.lines[1]!.path).toBe('');
    expect(a.path.startsWith('M')).toBe(true);
  });

  it('leaves zero out of a log x and counts it', () => {
    const g = paramLinesGeometry(data, 600, 320, { logX: true, spread: 'std' });
    expect(g.hidden).toBe(1);
    expect(g.lines[0]!.points).toHaveLength(2);
    expect(g.xTicks.map((t) => t.label)).toEqual(['1e-3', '0.01', '0.1']);
  });
});
