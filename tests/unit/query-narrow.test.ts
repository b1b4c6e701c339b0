import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeColumn, rowsByCode } from '../../src/lib/query/encoded';
import {
  intervalNarrower,
  narrowAll,
  textNarrower,
  type NarrowStep
} from '../../src/lib/query/narrow';

const VALUES = ['tree', 'mlp', 'cnn', 'Tree', ''];

describe('rows by dictionary value', () => {
  it('lists, for each value, exactly the rows holding it, in row order', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom(...VALUES)), { maxLength: 60 }), (column) => {
        const encoded = encodeColumn(column);
        const { starts, rows } = rowsByCode(encoded);
        encoded.dict.forEach((value, c) => {
          const expected = column.flatMap((v, i) => (v === value ? [i] : []));
          expect([...rows.subarray(starts[c], starts[c + 1])]).toEqual(expected);
        });
        // Rows without a value are in no list.
        expect(rows.length).toBe(column.filter((v) => v !== null).length);
      })
    );
  });
});

describe('narrowing a conjunction', () => {
  const models = ['tree', 'mlp', 'tree', 'cnn', 'tree', null, 'mlp', 'tree'];
  const loss = Float64Array.from([0.1, 0.2, 0.9, 0.3, 0.4, 0.1, 0.8, 0.6]);
  const model = (test: (v: string) => boolean) =>
    textNarrower({ kind: 'strings', values: models }, test)!;

  it('lists the rows of the one value an equality passes, and of none when no value passes', () => {
    expect([...model((v) => v === 'tree').listed!]).toEqual([0, 2, 4, 7]);
    expect([...model((v) => v === 'svm').listed!]).toEqual([]);
    // Two values pass: no list (the narrower walks the candidates instead).
    expect(model((v) => v !== 'cnn').listed).toBeUndefined();
  });

  it('starts from the listed condition, wherever it stands, and never walks every run', () => {
    const lossBelow = intervalNarrower(
      { values: loss, present: null },
      { lo: -Infinity, hi: 0.5, negated: false }
    );
    // A walk over every run (all = true) would fail the test: the equality's list is enough.
    const noFullWalk = (step: NarrowStep): NarrowStep => ({
      narrow: (rows, k, all) => {
        if (all) throw new Error('walked every run');
        return step.narrow(rows, k, all);
      }
    });
    const narrowing = narrowAll([noFullWalk(lossBelow), model((v) => v === 'tree')]);
    const rows = new Uint32Array(models.length);
    expect([...rows.subarray(0, narrowing(rows, models.length, null))]).toEqual([0, 4]);
    // Runs out of scope (deleted, another experiment) are dropped from the list.
    const candidates = Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1]);
    expect([...rows.subarray(0, narrowing(rows, models.length, candidates))]).toEqual([0]);
  });

  it('walks every candidate when no condition lists its rows', () => {
    const narrowing = narrowAll([model((v) => v !== 'cnn')]);
    const rows = new Uint32Array(models.length);
    expect([...rows.subarray(0, narrowing(rows, models.length, null))]).toEqual([0, 1, 2, 4, 6, 7]);
    expect(narrowAll([])(rows, 3, Uint8Array.from([1, 0, 1]))).toBe(2);
    expect([...rows.subarray(0, 2)]).toEqual([0, 2]);
  });
});
