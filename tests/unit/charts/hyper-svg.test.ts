import { describe, expect, it } from 'vitest';
import { colorBuckets } from '../../../src/lib/charts/hyper/color-ramp';
import type { ChartTheme } from '../../../src/lib/charts/hyper/color-ramp';
import {
  escapeXml,
  parallelCoordinatesSvg,
  scatterSvg
} from '../../../src/lib/charts/hyper/hyper-svg';
import type { HyperTable } from '../../../src/lib/charts/hyper/hyper-types';
import {
  axisScale,
  parallelGeometry,
  projectPoints,
  runsPassingBrushes,
  scatterFrame
} from '../../../src/lib/charts/hyper/parallel-axes';

const theme: ChartTheme = {
  bg: '#fff',
  surface: '#fff',
  text: '#000',
  muted: '#666',
  border: '#ccc',
  accent: '#00f',
  accentSoft: '#eef',
  focus: '#fa0'
};

const evil = '<script>alert(1)</script>';
const table: HyperTable = {
  runKeys: ['a', 'b', 'c'],
  runNames: ['a', 'b', 'c'],
  colors: ['#f00', '#0f0', '#f00'],
  axes: [
    {
      id: 'param:evil',
      source: 'param',
      key: evil,
      name: evil,
      label: evil,
      kind: 'numeric',
      values: Float64Array.from([1, 2, NaN]),
      categories: [],
      logSuggested: false
    },
    {
      id: 'param:opt',
      source: 'param',
      key: 'optimizer',
      name: 'optimizer',
      label: 'optimizer',
      kind: 'categorical',
      values: Float64Array.from([0, 1, 1]),
      categories: ['adam', '"><img src=x onerror=alert(1)>'],
      logSuggested: false
    }
  ]
};

describe('SVG export', () => {
  it('escapes markup in labels and categories', () => {
    const geometry = parallelGeometry(table, ['param:evil', 'param:opt'], new Set(), 600, 300);
    const svg = parallelCoordinatesSvg({
      geometry,
      buckets: colorBuckets(table, null, null),
      active: runsPassingBrushes(table, []),
      brushes: [],
      theme
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('draws one path per colour and a faint path for runs outside the brush', () => {
    const geometry = parallelGeometry(table, ['param:evil', 'param:opt'], new Set(), 600, 300);
    const brushes = [{ axis: 'param:opt', kind: 'categories' as const, keep: [1] }];
    const svg = parallelCoordinatesSvg({
      geometry,
      buckets: colorBuckets(table, null, null),
      active: runsPassingBrushes(table, brushes),
      brushes,
      theme
    });
    const paths = svg.match(/<path /g) ?? [];
    expect(paths.length).toBe(3); // faint (run a), red (run c), green (run b)
    expect(svg).toContain('stroke-opacity="0.15"');
    expect(svg).toContain('∅'); // run c lacks param:evil
  });

  it('escapes axis titles of a scatter plot', () => {
    const frame = scatterFrame(300, 200);
    const [x, y] = table.axes as [HyperTable['axes'][0], HyperTable['axes'][0]];
    const xScale = axisScale(x, false, frame.left, frame.right);
    const yScale = axisScale(y, false, frame.bottom, frame.top);
    const xs = new Float32Array(3);
    const ys = new Float32Array(3);
    expect(projectPoints(x, y, xScale, yScale, xs, ys)).toBe(2);
    const svg = scatterSvg({
      width: 300,
      height: 200,
      frame,
      xScale,
      yScale,
      xLabel: evil,
      yLabel: 'y & z',
      xs,
      ys,
      buckets: colorBuckets(table, null, null),
      theme
    });
    expect(svg).not.toContain('<script');
    expect(svg).toContain('y &amp; z');
  });

  it('escapes quotes and strips control characters', () => {
    expect(escapeXml(`a"b'c&\u0001`)).toBe('a&quot;b&apos;c&amp;\ufffd');
  });
});
