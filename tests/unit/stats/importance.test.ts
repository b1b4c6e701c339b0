// Parameter importance on synthetic runs where the answer is known.
import { describe, expect, it } from 'vitest';
import {
  parameterImportance,
  type ImportanceFeature,
  type ImportanceResult
} from '../../../src/lib/stats/importance';

/** A seeded LCG for test data, independent of the forest's own PRNG. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function uniform(n: number, rand: () => number, lo = 0, hi = 1): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

function numeric(id: string, values: Float64Array): ImportanceFeature {
  return { id, kind: 'numeric', values };
}

/** id → importance, for readable failures. */
function shares(result: ImportanceResult): Record<string, number> {
  return Object.fromEntries(result.features.map((f) => [f.id, f.importance]));
}

function byId(result: ImportanceResult, id: string) {
  const f = result.features.find((x) => x.id === id);
  if (!f) throw new Error(`no feature ${id}`);
  return f;
}

describe('parameterImportance', () => {
  it('finds the one parameter a linear target depends on', () => {
    const rand = lcg(1);
    const n = 400;
    const x1 = uniform(n, rand);
    const x2 = uniform(n, rand);
    const x3 = uniform(n, rand);
    const y = x1.map((v) => 3 * v + 0.1 * (rand() - 0.5));
    const r = parameterImportance([numeric('x2', x2), numeric('x1', x1), numeric('x3', x3)], y, {
      seed: 3
    });
    expect(r.rows).toBe(n);
    expect(r.trees).toBe(100);
    expect(r.features[0]!.id).toBe('x1');
    expect(byId(r, 'x1').importance, JSON.stringify(shares(r))).toBeGreaterThan(0.95);
    expect(byId(r, 'x2').importance).toBeLessThan(0.03);
    expect(byId(r, 'x3').importance).toBeLessThan(0.03);
    expect(byId(r, 'x1').correlation).toBeGreaterThan(0.99);
    expect(Math.abs(byId(r, 'x2').correlation!)).toBeLessThan(0.15);
    // Trees approximate a line by steps, so R² stays a little below 1.
    expect(r.oobR2).toBeGreaterThan(0.9);
    expect(r.verdict).toBe('explains');
    // The shares add up to 1 and are never negative.
    const total = r.features.reduce((sum, f) => sum + f.importance, 0);
    expect(total).toBeCloseTo(1, 12);
    for (const f of r.features) expect(f.importance).toBeGreaterThanOrEqual(0);
  });

  it('ranks a categorical parameter first when the target depends on it alone', () => {
    const rand = lcg(2);
    const n = 300;
    const effect = [0, 2, -1, 5, 1];
    const optimizer = Float64Array.from({ length: n }, () => Math.floor(rand() * effect.length));
    const lr = uniform(n, rand, 1e-4, 1e-1);
    const y = optimizer.map((c) => effect[c]! + 0.2 * (rand() - 0.5));
    const r = parameterImportance(
      [numeric('lr', lr), { id: 'optimizer', kind: 'categorical', values: optimizer }],
      y
    );
    expect(r.features[0]!.id).toBe('optimizer');
    expect(r.features[0]!.importance, JSON.stringify(shares(r))).toBeGreaterThan(0.95);
    // Category indices have no order, so there is no signed correlation for them.
    expect(r.features[0]!.correlation).toBeNull();
    expect(r.oobR2).toBeGreaterThan(0.9);
  });

  it('finds both halves of an interaction that correlation misses', () => {
    const rand = lcg(3);
    const n = 1000;
    const x1 = uniform(n, rand, -1, 1);
    const x2 = uniform(n, rand, -1, 1);
    const x3 = uniform(n, rand, -1, 1);
    const y = x1.map((v, i) => v * x2[i]!);
    const r = parameterImportance([numeric('x3', x3), numeric('x1', x1), numeric('x2', x2)], y, {
      seed: 5
    });
    expect(Math.abs(byId(r, 'x1').correlation!)).toBeLessThan(0.1);
    expect(Math.abs(byId(r, 'x2').correlation!)).toBeLessThan(0.1);
    expect(
      r.features
        .map((f) => f.id)
        .slice(0, 2)
        .sort()
    ).toEqual(['x1', 'x2']);
    expect(byId(r, 'x1').importance, JSON.stringify(shares(r))).toBeGreaterThan(0.3);
    expect(byId(r, 'x2').importance).toBeGreaterThan(0.3);
    expect(byId(r, 'x3').importance).toBeLessThan(0.05);
    expect(r.oobR2).toBeGreaterThan(0.5);
  });

  it('learns from missing parameter values instead of dropping the runs', () => {
    const rand = lcg(4);
    const n = 300;
    // dropout is unset (NaN) in a third of the runs, and those runs score much higher.
    const dropout = Float64Array.from({ length: n }, () => (rand() < 1 / 3 ? NaN : rand() * 0.5));
    const seedParam = uniform(n, rand);
    const y = dropout.map((d) => (Number.isNaN(d) ? 5 : d) + 0.05 * rand());
    const r = parameterImportance([numeric('seed', seedParam), numeric('dropout', dropout)], y);
    expect(r.rows).toBe(n);
    expect(r.features[0]!.id).toBe('dropout');
    expect(r.features[0]!.importance).toBeGreaterThan(0.95);
    expect(r.oobR2).toBeGreaterThan(0.9);
  });

  it('drops runs whose target is not finite', () => {
    const rand = lcg(5);
    const x = uniform(50, rand);
    const y = x.map((v, i) => (i % 10 === 0 ? NaN : i % 10 === 1 ? Infinity : v));
    const r = parameterImportance([numeric('x', x)], y, { trees: 10 });
    expect(r.rows).toBe(40);
    expect(r.features[0]!.correlation).toBe(1);
  });

  it('is deterministic for a seed and varies with it', () => {
    const rand = lcg(6);
    const n = 200;
    const features = [numeric('a', uniform(n, rand)), numeric('b', uniform(n, rand))];
    const y = features[0]!.values.map((v, i) => v + features[1]!.values[i]! + rand());
    const first = parameterImportance(features, y, { seed: 42, trees: 30 });
    expect(parameterImportance(features, y, { seed: 42, trees: 30 })).toEqual(first);
    const other = parameterImportance(features, y, { seed: 43, trees: 30 });
    expect(other.features.map((f) => f.rawIncrease)).not.toEqual(
      first.features.map((f) => f.rawIncrease)
    );
  });

  it('says that params explain nothing of a target that is noise, whatever the shares', () => {
    const rand = lcg(11);
    const n = 40;
    const r = parameterImportance(
      [numeric('lr', uniform(n, rand)), numeric('batch', uniform(n, rand))],
      uniform(n, rand)
    );
    expect(r.oobR2).toBeLessThan(0);
    expect(r.verdict).toBe('explains-nothing');
    // The shares still add up to 1: alone they would read as a confident answer.
    expect(r.features.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
  });

  it('copes with 0, 1 and 2 runs and with a constant target', () => {
    for (const n of [0, 1, 2]) {
      const r = parameterImportance(
        [
          numeric('x', uniform(n, lcg(n))),
          { id: 'c', kind: 'categorical', values: new Float64Array(n) }
        ],
        Float64Array.from({ length: n }, (_, i) => i)
      );
      expect(r).toEqual({
        rows: n,
        trees: 0,
        oobR2: null,
        verdict: 'too-few-runs',
        features: [
          { id: 'x', correlation: null, importance: 0, rawIncrease: 0 },
          { id: 'c', correlation: null, importance: 0, rawIncrease: 0 }
        ]
      });
    }
    // Three runs: a forest is grown, but with leaves of at least 5 it never splits.
    const three = parameterImportance(
      [numeric('x', uniform(3, lcg(3)))],
      new Float64Array([1, 2, 3])
    );
    expect(three.trees).toBe(100);
    expect(three.oobR2).toBeNull();
    expect(three.verdict).toBe('explains-nothing');
    expect(three.features[0]!.importance).toBe(0);
    const constant = parameterImportance(
      [numeric('x', uniform(100, lcg(7)))],
      new Float64Array(100).fill(0.1)
    );
    expect(constant.rows).toBe(100);
    expect(constant.oobR2).toBeNull();
    expect(constant.verdict).toBe('explains-nothing');
    expect(constant.features).toEqual([
      { id: 'x', correlation: null, importance: 0, rawIncrease: 0 }
    ]);
  });

  it('copes with no parameters, and with a parameter that is always missing', () => {
    const y = uniform(20, lcg(8));
    expect(parameterImportance([], y).features).toEqual([]);
    const r = parameterImportance([numeric('unset', new Float64Array(20).fill(NaN))], y);
    expect(r.features).toEqual([{ id: 'unset', correlation: null, importance: 0, rawIncrease: 0 }]);
  });

  it('rejects a parameter with the wrong number of values', () => {
    expect(() =>
      parameterImportance([numeric('x', new Float64Array(3))], new Float64Array(4))
    ).toThrow(RangeError);
  });
});
