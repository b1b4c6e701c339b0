// NaN, ±Infinity, -0 and subnormals along every path a metric value travels (issue 18, item 7):
// import, store, the run page's chart and table, the history CSV and its re-import, Runlens JSON,
// a bundle and a share link. The same measurements fill docs/reliability.md's numbers table.
import { beforeAll, describe, expect, it } from 'vitest';
import { overflowSafeRange, WIDE_INCREMENTS, withGaps } from '../../src/lib/charts/line-edges';
import { pointsNote } from '../../src/lib/charts/points-note';
import { formatMetric } from '../../src/lib/components/format';
import { historyCsv } from '../../src/lib/export/history-csv';
import { parseNumberToken } from '../../src/lib/model';
import { decodeShareLink, encodeShareLink } from '../../src/lib/share/share-codec';
import { m4Indices, pickPoints } from '../../src/lib/share/share-reduce';
import { toChartSeries } from '../../src/lib/worker/chart-data';
import {
  EDGE_STEPS,
  EDGE_VALUES,
  measureRoundTrips,
  type PathFigure,
  type RoundTrips
} from '../fixtures/numbers/round-trip';
import { series } from './helpers/batches';

let trips: RoundTrips;
beforeAll(async () => {
  trips = await measureRoundTrips();
}, 60_000);

const all = EDGE_VALUES.length;

/** What each path promises: values and steps back bit for bit, and summaries (of 14 or 7). */
const PROMISES: [string, Partial<PathFigure>][] = [
  ['MLflow metric file', { exact: all, stepsExact: all, summariesExact: 14 }],
  ['Keras CSVLogger file', { exact: all, stepsExact: all }],
  ['run page chart', { exact: all, stepsExact: all }],
  ['history CSV export', { exact: all, stepsExact: all, summariesExact: 7 }],
  ['Runlens JSON', { exact: all, stepsExact: all, summariesExact: 14 }],
  ['bundle', { exact: all, stepsExact: all, summariesExact: 14 }],
  // A drawing: NaN, +∞, −∞, the lowest and the highest value exact; every step and summary.
  ['share link', { exact: 5, stepsExact: all, summariesExact: 14 }]
];

describe('numbers round-trip along every path', () => {
  it.each(PROMISES)('%s', (path, promise) => {
    const figure = trips.figures.find((f) => f.path.startsWith(path));
    expect(figure, path).toBeDefined();
    expect(figure).toMatchObject({ values: all, ...promise });
  });

  it('every path is measured', () => {
    expect(trips.figures.map((f) => PROMISES.some(([p]) => f.path.startsWith(p)))).not.toContain(
      false
    );
  });

  it('the run page table says NaN, ∞, −∞, -0 and a subnormal in words, never blank or null', () => {
    const texts = EDGE_VALUES.map((e) => formatMetric(e.value));
    expect(texts.slice(0, 7)).toEqual(['NaN', '∞', '−∞', '-0', '0', '4.9407e-324', '-4.9407e-324']);
    // The stored summary the table reads: min and max are the infinities, the mean is NaN.
    const { min, max, mean, last, count } = trips.summary;
    expect([min, max, mean, last, count].map(formatMetric)).toEqual([
      '−∞',
      '∞',
      'NaN',
      '0.1',
      '12'
    ]);
  });

  it('the chart breaks its line at NaN and ±Infinity and names each kind', () => {
    const { chart } = trips;
    expect({ nan: chart.nan, posInf: chart.posInf, negInf: chart.negInf }).toEqual({
      nan: 1,
      posInf: 1,
      negInf: 1
    });
    expect(pointsNote(chart)).toBe(
      'all 12 points (3 NaN or infinite, not drawn: 1 NaN, 1 ∞, 1 −∞, marked at their steps; 9 drawn)'
    );
    const gapped = withGaps(chart);
    expect(gapped.x).toHaveLength(all);
    // The three marks are gaps (null) at their steps, the rest the values themselves.
    const nullAt = [...gapped.x].filter((_, i) => gapped.y[i] === null);
    expect(nullAt.map((x) => (Object.is(x, -0) ? '-0' : String(x)))).toEqual(['0', '-0', '20']);
  });

  it('a gap sits between the points around it, so the line does not join across it', () => {
    const c = toChartSeries(series('loss', [1, 2, NaN, 4, Infinity, 6], [0, 1, 2, 3, 4, 5]));
    expect(withGaps(c).y).toEqual([1, 2, null, 4, null, 6]);
    expect(Array.from(c.marks.kind)).toEqual([0, 1]);
  });

  it('a history reaching the largest double keeps a finite y range and ticks to label it', () => {
    const max = Number.MAX_VALUE;
    // uPlot pads by 10% and overflows: the range falls back to one that fits.
    const range = overflowSafeRange(-5e-324, max, [-1.8e307, Infinity])!;
    expect(range.every(Number.isFinite) && range[0] <= -5e-324 && range[1] >= max).toBe(true);
    expect(overflowSafeRange(0, 1, [-0.1, 1.1])).toBeNull();
    // A spacing fits five ticks over that range, as 1 fits five over 0–5.
    expect(WIDE_INCREMENTS.some((incr) => max / incr >= 3 && max / incr <= 10)).toBe(true);
    expect(WIDE_INCREMENTS).toContain(2.5e-7);
    expect([...WIDE_INCREMENTS].sort((a, b) => a - b)).toEqual(WIDE_INCREMENTS);
  });

  it('the history CSV spells each value so Number() reads the same bits', () => {
    const rows = trips.csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('Step,edge-numbers - edge/value');
    const cells = rows.slice(1).map((r) => r.split(','));
    expect(cells.map((c) => c[1])).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      '-0',
      '0',
      '5e-324',
      '-5e-324',
      '2.225073858507201e-308',
      '2.2250738585072014e-308',
      '1.7976931348623157e+308',
      '0.3333333333333333',
      '0.1'
    ]);
    for (const [i, c] of cells.entries()) {
      expect(Object.is(parseNumberToken(c[1]!), EDGE_VALUES[i]!.value), c[1]).toBe(true);
      expect(Object.is(parseNumberToken(c[0]!), EDGE_STEPS[i]!), c[0]).toBe(true);
    }
  });

  it('an unnamed run still gives a column the importer reads as "<run> - <metric>"', () => {
    expect(historyCsv('', series('loss', [1])).split('\r\n')[0]).toBe('Step,run - loss');
  });

  it('a share link moves finite values by at most half a level of 65,532 over the range', () => {
    expect(trips.share.maxError).toBeLessThanOrEqual(trips.share.range / 65_532 / 2);
  });

  it('a reduced share series keeps a final NaN, and drops one inside a column like any point', () => {
    const values = Array.from({ length: 6000 }, (_, i) => Math.sin(i / 50));
    values[3001] = NaN; // inside a column of 40 points: neither first, lowest, highest nor last
    values[5999] = NaN; // the last point of the last column
    const s = series('loss', values);
    const kept = pickPoints(s, m4Indices(s, 150));
    expect(Number.isNaN(kept.values[kept.values.length - 1]!)).toBe(true);
    expect(kept.steps).not.toContain(3001);
    // Up to 4 × 150 points travel whole.
    const short = series('loss', values.slice(0, 600));
    expect(m4Indices(short, 150)).toHaveLength(600);
  });

  it('a share link keeps -0 and a subnormal when they are the ends of a series', () => {
    const values = Float64Array.from([5e-324, -0, NaN]);
    const link = encodeShareLink({
      settings: null,
      experiments: [{ id: '1', name: 'e' }],
      runs: [
        {
          id: 'r',
          experimentId: '1',
          name: 'r',
          status: 'FINISHED',
          startTime: null,
          endTime: null,
          parentId: null,
          params: [],
          tags: [],
          series: [
            {
              key: 'm',
              summary: [3, '-0', 1, '-0', 5e-324, 'NaN', '-0'],
              steps: Float64Array.from([0, -0, 2]),
              values,
              timestamps: null
            }
          ]
        }
      ]
    });
    const back = decodeShareLink(link).runs[0]!.series[0]!;
    expect([...back.values].map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual([
      '5e-324',
      '-0',
      'NaN'
    ]);
    expect(Object.is(back.steps[1], -0)).toBe(true);
    expect(back.summary).toEqual([3, '-0', 1, '-0', 5e-324, 'NaN', '-0']);
  });
});
