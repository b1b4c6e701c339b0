import { describe, expect, it } from 'vitest';
import { displayOrder } from '../../src/lib/explorer/display-order';

// A small forest:   0 ─ 1 ─ 2        5
//                     └ 3            6 ─ 7
//                   4
const parents = Int32Array.from([-1, 0, 1, 0, -1, -1, -1, 6]);

function show(sorted: number[], collapsed: number[] = [], asTree = true) {
  const hidden = new Set(collapsed);
  const d = displayOrder(Uint32Array.from(sorted), parents, (r) => hidden.has(r), asTree);
  return [...d.rows].map((r, i) => `${'  '.repeat(d.depths[i]!)}${r}${d.context[i] ? '*' : ''}`);
}

describe('displayOrder', () => {
  it('nests children under parents in sort order', () => {
    expect(show([4, 3, 0, 2, 1, 7, 6, 5])).toEqual([
      '4',
      '3*'.slice(0, 0) + '0',
      '  3',
      '  1',
      '    2',
      '6',
      '  7',
      '5'
    ]);
  });

  it('brings the ancestors of a matching child along, dimmed', () => {
    expect(show([2])).toEqual(['0*', '  1*', '    2']);
    expect(show([7, 4])).toEqual(['6*', '  7', '4']);
  });

  it('places a context parent where its best child sorts', () => {
    expect(show([5, 2, 4])).toEqual(['5', '0*', '  1*', '    2', '4']);
  });

  it('hides the subtree of a collapsed row but keeps the row', () => {
    expect(show([0, 1, 2, 3], [1])).toEqual(['0', '  1', '  3']);
  });

  it('is flat when asked', () => {
    expect(show([2, 0], [], false)).toEqual(['2', '0']);
  });

  it('survives a 5,000-deep chain and a parent cycle', () => {
    const n = 5000;
    const chain = Int32Array.from({ length: n }, (_, i) => i - 1);
    const d = displayOrder(Uint32Array.from([n - 1]), chain, () => false, true);
    expect(d.rows.length).toBe(n);
    expect(d.depths[n - 1]).toBe(n - 1);
    const cycle = Int32Array.from([1, 0]);
    expect(displayOrder(Uint32Array.from([0, 1]), cycle, () => false, true).rows.length).toBe(2);
  });
});
