import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  columnOf,
  envelopeOnGrid,
  gridSlotsX,
  visibleIndexRange,
  type PixelGrid
} from '../../../src/lib/stats/envelope';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const slots = (columns: number): Float64Array => new Float64Array(2 * columns);
/** Slots as numbers with NaN spelled null, so whole envelopes compare with toEqual. */
const show = (a: Float64Array): (number | null)[] =>
  Array.from(a, (v) => (Number.isNaN(v) ? null : v));

/** Seeded PRNG so failures reproduce (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per column: min, max and how many points, computed the slow, obvious way. */
function bruteForce(x: Float64Array, y: Float64Array, grid: PixelGrid) {
  const cols = Array.from({ length: grid.columns }, () => ({
    min: Infinity,
    max: -Infinity,
    n: 0
  }));
  for (let i = 0; i < x.length; i++) {
    const c = columnOf(x[i]!, grid);
    if (c < 0) continue;
    const col = cols[c]!;
    col.min = Math.min(col.min, y[i]!);
    col.max = Math.max(col.max, y[i]!);
    col.n++;
  }
  return cols;
}

function expectMatchesBruteForce(x: Float64Array, y: Float64Array, grid: PixelGrid): void {
  const out = slots(grid.columns);
  const inside = envelopeOnGrid(x, y, grid, out);
  const ref = bruteForce(x, y, grid);
  expect(inside).toBe(ref.reduce((s, c) => s + c.n, 0));
  ref.forEach((col, c) => {
    const a = out[2 * c]!;
    const b = out[2 * c + 1]!;
    if (col.n === 0) {
      expect([a, b].every(Number.isNaN), `column ${c}`).toBe(true);
    } else if (col.min === col.max) {
      expect([a, Number.isNaN(b)], `column ${c}`).toEqual([col.min, true]);
    } else {
      expect([Math.min(a, b), Math.max(a, b)], `column ${c}`).toEqual([col.min, col.max]);
    }
  });
}

describe('gridSlotsX and columnOf', () => {
  it('puts two slots per column at 1/4 and 3/4 of its width', () => {
    const grid = { xMin: 0, xMax: 100, columns: 4, logX: false };
    expect(Array.from(gridSlotsX(grid))).toEqual([
      6.25, 18.75, 31.25, 43.75, 56.25, 68.75, 81.25, 93.75
    ]);
  });

  it('log-spaces the slots on a log grid', () => {
    const grid = { xMin: 1, xMax: 10_000, columns: 2, logX: true };
    const xs = gridSlotsX(grid);
    // log10 range 0..4, columns of 2 decades: slots at 10^0.5, 10^1.5, 10^2.5, 10^3.5
    [0.5, 1.5, 2.5, 3.5].forEach((e, i) => expect(xs[i]).toBeCloseTo(Math.pow(10, e), 9));
  });

  it('places every slot in its own column', () => {
    for (const grid of [
      { xMin: -3.7, xMax: 1234.5, columns: 977, logX: false },
      { xMin: 0.001, xMax: 1e9, columns: 1500, logX: true }
    ]) {
      const xs = gridSlotsX(grid);
      for (let s = 0; s < xs.length; s++) expect(columnOf(xs[s]!, grid)).toBe(s >> 1);
    }
  });

  it('maps the edges and rejects what is outside', () => {
    const grid = { xMin: 10, xMax: 20, columns: 5, logX: false };
    expect(columnOf(10, grid)).toBe(0);
    expect(columnOf(20, grid)).toBe(4);
    expect(columnOf(11.999, grid)).toBe(0);
    expect(columnOf(12, grid)).toBe(1);
    expect(columnOf(9.999, grid)).toBe(-1);
    expect(columnOf(20.001, grid)).toBe(-1);
    expect(columnOf(NaN, grid)).toBe(-1);
    const log = { xMin: 1, xMax: 1000, columns: 3, logX: true };
    expect(columnOf(1000, log)).toBe(2);
    expect(columnOf(0, log)).toBe(-1);
    expect(columnOf(-5, log)).toBe(-1);
    expect(columnOf(5, { xMin: 0, xMax: 100, columns: 3, logX: true })).toBe(-1);
    expect(columnOf(7, { xMin: 7, xMax: 7, columns: 3, logX: false })).toBe(0);
  });
});

describe('envelopeOnGrid', () => {
  it('orders the two slots of a column by occurrence', () => {
    const grid = { xMin: 0, xMax: 4, columns: 2, logX: false };
    // column 0: x 0..1.9 → max 9 first, then min 1; column 1: x 2..4 → min -2 first, then max 7
    const x = f64([0, 0.5, 1, 1.9, 2, 3, 4]);
    const y = f64([5, 9, 1, 4, -2, 7, 0]);
    const out = slots(2);
    expect(envelopeOnGrid(x, y, grid, out)).toBe(7);
    expect(show(out)).toEqual([9, 1, -2, 7]);
  });

  it('fills only the first slot for a single point or a flat column, and leaves empty ones NaN', () => {
    const grid = { xMin: 0, xMax: 3, columns: 3, logX: false };
    const out = slots(3).fill(123); // stale values from a previous frame must go
    envelopeOnGrid(f64([0.5, 2.1, 2.2, 2.9]), f64([4, 6, 6, 6]), grid, out);
    expect(show(out)).toEqual([4, null, null, null, 6, null]);
  });

  it('uses the first occurrence on ties', () => {
    const grid = { xMin: 0, xMax: 1, columns: 1, logX: false };
    const out = slots(1);
    // max 3 at i=0 and i=3, min 1 at i=1: max occurs first
    envelopeOnGrid(f64([0, 0.2, 0.4, 0.6]), f64([3, 1, 2, 3]), grid, out);
    expect(show(out)).toEqual([3, 1]);
    envelopeOnGrid(f64([0, 0.2, 0.4, 0.6]), f64([2, 1, 3, 1]), grid, out);
    expect(show(out)).toEqual([1, 3]);
  });

  it('puts a last point exactly at xMax in the last column and skips points outside', () => {
    const grid = { xMin: 10, xMax: 20, columns: 2, logX: false };
    const out = slots(2);
    const inside = envelopeOnGrid(f64([5, 10, 15, 20, 25]), f64([100, 1, 2, 3, 100]), grid, out);
    expect(inside).toBe(3);
    expect(show(out)).toEqual([1, null, 2, 3]);
  });

  it('honours from and to, and skips NaN values', () => {
    const grid = { xMin: 0, xMax: 10, columns: 1, logX: false };
    const x = f64([0, 1, 2, 3, 4, 5]);
    const y = f64([50, 1, NaN, 9, 2, -50]);
    const out = slots(1);
    expect(envelopeOnGrid(x, y, grid, out, 1, 5)).toBe(3);
    expect(show(out)).toEqual([1, 9]);
  });

  it('bins on a log grid by decade', () => {
    const grid = { xMin: 1, xMax: 1000, columns: 3, logX: true };
    const x = f64([0, 1, 5, 9.99, 10, 50, 99, 100, 999, 1000]);
    const y = f64([-99, 1, 3, 2, 10, 12, 11, 7, 8, 6]);
    const out = slots(3);
    // x = 0 is off a log axis; [1, 10): 1..3, [10, 100): 10..12, [100, 1000]: max 8 before min 6
    expect(envelopeOnGrid(x, y, grid, out)).toBe(9);
    expect(show(out)).toEqual([1, 3, 10, 12, 8, 6]);
  });

  it('throws when out is too short', () => {
    const grid = { xMin: 0, xMax: 1, columns: 3, logX: false };
    expect(() => envelopeOnGrid(f64([]), f64([]), grid, new Float64Array(5))).toThrow(RangeError);
  });

  it('keeps a one-point spike in ten million points', () => {
    const n = 10_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const rand = mulberry32(1);
    for (let i = 0; i < n; i++) {
      x[i] = i;
      y[i] = rand();
    }
    const spikeAt = 6_543_210;
    y[spikeAt] = 1000;
    y[spikeAt + 1_000_000] = -1000;
    const grid = { xMin: 0, xMax: n - 1, columns: 1200, logX: false };
    const out = slots(grid.columns);
    const started = performance.now();
    expect(envelopeOnGrid(x, y, grid, out)).toBe(n);
    expect(performance.now() - started).toBeLessThan(2000);
    const up = columnOf(spikeAt, grid);
    const down = columnOf(spikeAt + 1_000_000, grid);
    expect(Math.max(out[2 * up]!, out[2 * up + 1]!)).toBe(1000);
    expect(Math.min(out[2 * down]!, out[2 * down + 1]!)).toBe(-1000);
    // nowhere else
    expect(out.filter((v) => Math.abs(v) > 1).length).toBe(2);
  });

  it('is exact against brute force on seeded random data', () => {
    const rand = mulberry32(42);
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(rand() * 20_000);
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      let at = rand() * 100 - 50;
      for (let i = 0; i < n; i++) {
        // Uneven spacing with repeats and bursts, values with ties.
        at += rand() < 0.1 ? 0 : rand() < 0.01 ? rand() * 500 : rand();
        x[i] = at;
        y[i] = Math.round(rand() * 40) / 4;
      }
      const logX = round % 3 === 0;
      const xMin = logX ? Math.max(1e-3, x[0]! + rand() * 100) : x[0]! + (rand() - 0.3) * 200;
      const grid = {
        xMin,
        xMax: xMin + rand() * 3000,
        columns: 1 + Math.floor(rand() * 900),
        logX
      };
      expectMatchesBruteForce(x, y, grid);
    }
  });

  it('is exact against brute force for any ascending data (property)', () => {
    const data = fc
      .array(
        fc.tuple(
          fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          fc.double({ min: -1e6, max: 1e6, noNaN: true })
        ),
        { maxLength: 300 }
      )
      .map((pts) => {
        pts.sort((a, b) => a[0] - b[0]);
        return { x: f64(pts.map((p) => p[0])), y: f64(pts.map((p) => p[1])) };
      });
    const grid = fc
      .record({
        a: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        w: fc.double({ min: 0, max: 2e3, noNaN: true }),
        columns: fc.integer({ min: 1, max: 64 }),
        logX: fc.boolean()
      })
      .map(({ a, w, columns, logX }) => {
        const xMin = logX ? Math.abs(a) + 1e-6 : a;
        return { xMin, xMax: xMin + w, columns, logX };
      });
    fc.assert(
      fc.property(data, grid, ({ x, y }, g) => {
        expectMatchesBruteForce(x, y, g);
        // And the slot order follows occurrence: the first slot's value appears first.
        const out = slots(g.columns);
        envelopeOnGrid(x, y, g, out);
        for (let c = 0; c < g.columns; c++) {
          if (Number.isNaN(out[2 * c + 1]!)) continue;
          let first = -1;
          let second = -1;
          for (let i = 0; i < x.length; i++) {
            if (columnOf(x[i]!, g) !== c) continue;
            if (first < 0 && y[i] === out[2 * c]) first = i;
            if (second < 0 && y[i] === out[2 * c + 1]) second = i;
          }
          if (!(first >= 0 && first < second)) return false;
        }
        return true;
      })
    );
  });
});

describe('visibleIndexRange', () => {
  const x = f64([0, 10, 20, 30, 40]);

  it('adds one neighbour on each side', () => {
    expect(visibleIndexRange(x, 15, 25)).toEqual([1, 4]);
    expect(visibleIndexRange(x, 12, 38)).toEqual([1, 5]);
    expect(visibleIndexRange(x, -100, 100)).toEqual([0, 5]);
  });

  it('treats exact hits as inside', () => {
    expect(visibleIndexRange(x, 10, 30)).toEqual([0, 5]);
    expect(visibleIndexRange(x, 0, 0)).toEqual([0, 2]);
    expect(visibleIndexRange(x, 40, 40)).toEqual([3, 5]);
    expect(visibleIndexRange(x, 20, 20)).toEqual([1, 4]);
  });

  it('keeps the segment that crosses a window with no point inside', () => {
    expect(visibleIndexRange(x, 12, 18)).toEqual([1, 3]);
  });

  it('is empty when nothing can be drawn', () => {
    expect(visibleIndexRange(f64([]), 0, 1)).toEqual([0, 0]);
    expect(visibleIndexRange(x, 41, 50)).toEqual([5, 5]); // all before the window
    expect(visibleIndexRange(x, -9, -1)).toEqual([0, 0]); // all after the window
    expect(visibleIndexRange(x, 30, 20)).toEqual([0, 0]); // inverted window
  });

  it('handles repeated x values', () => {
    const r = f64([1, 2, 2, 2, 3]);
    expect(visibleIndexRange(r, 2, 2)).toEqual([0, 5]);
    expect(visibleIndexRange(r, 2.5, 9)).toEqual([3, 5]);
  });
});
