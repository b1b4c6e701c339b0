import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/lib/db/rows';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import type { RunColumns } from '../../src/lib/explorer/run-columns';
import type { MetricSummary } from '../../src/lib/model';
import type { ColumnRef, SortKey } from '../../src/lib/query';
import { naturalCompare, sortRows } from '../../src/lib/query';
import { rankTexts } from '../../src/lib/query/collate';

interface Spec {
  name?: string | null;
  start?: number | null;
  params?: [string, string][];
  metrics?: [string, number][];
}

function toRow(s: Spec, i: number): RunRow {
  const summary = (v: number): MetricSummary => ({
    count: 1,
    last: v,
    lastStep: 0,
    min: v,
    max: v,
    mean: v,
    firstStep: 0
  });
  return {
    key: `f|0|r${i}`,
    importId: 'i',
    experimentKey: 'f|0',
    sourceFormat: 'f',
    sourceFile: 'f',
    id: `r${i}`,
    experimentId: '0',
    name: s.name === undefined ? `r${i}` : s.name,
    status: 'FINISHED',
    startTime: s.start ?? null,
    endTime: null,
    deleted: false,
    parentId: null,
    params: new Map(s.params ?? []),
    tags: new Map(),
    metrics: new Map((s.metrics ?? []).map(([k, v]) => [k, summary(v)])),
    artifactCount: 0
  };
}

const columns = (specs: Spec[]) => buildRunColumns(specs.map(toRow));
const all = (cols: RunColumns) => Uint32Array.from({ length: cols.count }, (_, i) => i);

function sortedIds(specs: Spec[], keys: SortKey[]): string[] {
  const cols = columns(specs);
  return [...sortRows(cols, all(cols), keys)].map((i) => cols.ids[i]!);
}

const by = (column: ColumnRef, direction: 'asc' | 'desc' = 'asc'): SortKey => ({
  column,
  direction
});
const loss: ColumnRef = { kind: 'metric', key: 'loss', summary: 'last' };

describe('sortRows', () => {
  const runs: Spec[] = [
    { metrics: [['loss', 0.5]] },
    { metrics: [['loss', NaN]] },
    {},
    { metrics: [['loss', -Infinity]] },
    { metrics: [['loss', 0.1]] },
    { metrics: [['loss', Infinity]] }
  ];

  it('puts missing values last both ways, NaN after numbers ascending and before them descending', () => {
    expect(sortedIds(runs, [by(loss)])).toEqual(['r3', 'r4', 'r0', 'r5', 'r1', 'r2']);
    expect(sortedIds(runs, [by(loss, 'desc')])).toEqual(['r1', 'r5', 'r0', 'r4', 'r3', 'r2']);
  });

  it('sorts params as numbers when they are numbers, before texts in natural order', () => {
    const p = (v: string): Spec => ({ params: [['lr', v]] });
    const specs = [p('10'), p('9'), p('run-10'), p('1e-3'), {}, p('run-9'), p('Run-9'), p('abc')];
    const col: ColumnRef = { kind: 'param', key: 'lr' };
    expect(sortedIds(specs, [by(col)])).toEqual(['r3', 'r1', 'r0', 'r7', 'r5', 'r6', 'r2', 'r4']);
    expect(sortedIds(specs, [by(col, 'desc')])).toEqual([
      'r2',
      'r6',
      'r5',
      'r7',
      'r0',
      'r1',
      'r3',
      'r4'
    ]);
  });

  it('sorts on several keys and keeps the input order of ties', () => {
    const specs: Spec[] = [
      { name: 'b', start: 2 },
      { name: 'a', start: 1 },
      { name: 'b', start: 1 },
      { name: null, start: 1 },
      { name: 'a', start: 1 }
    ];
    const name: ColumnRef = { kind: 'attribute', key: 'name' };
    const start: ColumnRef = { kind: 'attribute', key: 'start_time' };
    expect(sortedIds(specs, [by(name)])).toEqual(['r1', 'r4', 'r0', 'r2', 'r3']);
    expect(sortedIds(specs, [by(start), by(name, 'desc')])).toEqual(['r2', 'r1', 'r4', 'r3', 'r0']);
    expect(sortedIds(specs, [])).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('sorts only the rows it is given and sorts an unknown column as all missing', () => {
    const cols = columns(runs);
    expect([...sortRows(cols, Uint32Array.from([4, 0, 2]), [by(loss)])]).toEqual([4, 0, 2]);
    const unknown: ColumnRef = { kind: 'metric', key: 'nope', summary: 'max' };
    expect([...sortRows(cols, Uint32Array.from([5, 1, 3]), [by(unknown, 'desc')])]).toEqual([
      5, 1, 3
    ]);
  });

  it('returns a permutation in key order (property)', () => {
    const specArb = fc.record({
      name: fc.option(fc.constantFrom('a', 'B', 'run-2', 'run-10', 'Ä', ''), { nil: null }),
      start: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      params: fc
        .option(fc.constantFrom('1', '02', 'x', '1e1', 'nan'), { nil: undefined })
        .map((v) => (v === undefined ? [] : [['p', v] as [string, string]])),
      metrics: fc
        .option(fc.constantFrom(0, 1, -1, NaN, Infinity), { nil: undefined })
        .map((v) => (v === undefined ? [] : [['loss', v] as [string, number]]))
    });
    const columnArb = fc.constantFrom<ColumnRef>(
      loss,
      { kind: 'param', key: 'p' },
      { kind: 'attribute', key: 'name' },
      { kind: 'attribute', key: 'start_time' }
    );
    const keyArb = fc.record({
      column: columnArb,
      direction: fc.constantFrom('asc' as const, 'desc' as const)
    });
    fc.assert(
      fc.property(
        fc.array(specArb, { maxLength: 30 }),
        fc.array(keyArb, { maxLength: 3 }),
        (specs, keys) => {
          const cols = columns(specs);
          const out = sortRows(cols, all(cols), keys);
          expect([...out].sort((a, b) => a - b)).toEqual([...all(cols)]);
          // Each adjacent pair is in order: compare with a naive comparator over the same keys.
          for (let k = 1; k < out.length; k++) {
            expect(naiveCompare(cols, keys, out[k - 1]!, out[k]!)).toBeLessThanOrEqual(0);
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('sorts 100,000 runs by a metric', () => {
    const n = 100_000;
    const specs: Spec[] = Array.from({ length: n }, (_, i) => ({
      name: `run-${(i * 7919) % n}`,
      metrics: i % 10 === 0 ? [] : [['loss', ((i * 2654435761) % 1000) / 1000]]
    }));
    const cols = columns(specs);
    const t = performance.now();
    const out = sortRows(cols, all(cols), [by(loss)]);
    const ms = performance.now() - t;
    expect(out.length).toBe(n);
    const { last, present } = cols.metrics.get('loss')!;
    const smallest = Math.min(...last.filter((_, i) => present[i] === 1));
    expect(last[out[0]!]).toBe(smallest);
    expect(present[out[n - 1]!]).toBe(0);
    // Timing is measured in the benchmark harness; this bound only catches a quadratic slip.
    expect(ms).toBeLessThan(5000);
  });
});

/** A direct comparator for the property test: same rules, written the slow way. */
function naiveCompare(cols: RunColumns, keys: SortKey[], a: number, b: number): number {
  for (const { column, direction } of keys) {
    const va = cell(cols, column, a);
    const vb = cell(cols, column, b);
    const c = naiveCell(va, vb, direction);
    if (c !== 0) return c;
  }
  return 0;
}

type Cell = { missing: true } | { missing: false; rank: number; value: number | string };

function cell(cols: RunColumns, column: ColumnRef, i: number): Cell {
  if (column.kind === 'metric') {
    const m = cols.metrics.get(column.key);
    if (!m || !m.present[i]) return { missing: true };
    const v = m.last[i]!;
    return Number.isNaN(v)
      ? { missing: false, rank: 1, value: 0 }
      : { missing: false, rank: 0, value: v };
  }
  if (column.kind === 'param') {
    const v = cols.params.get(column.key)?.[i];
    if (v === undefined) return { missing: true };
    const x = Number(v);
    return v !== 'nan' && v.trim() !== '' && !Number.isNaN(x)
      ? { missing: false, rank: 0, value: x }
      : { missing: false, rank: 1, value: v };
  }
  if (column.kind === 'attribute' && column.key === 'name') {
    const v = cols.names[i];
    return v === null || v === undefined
      ? { missing: true }
      : { missing: false, rank: 0, value: v };
  }
  const t = cols.startTimes[i]!;
  return Number.isNaN(t) ? { missing: true } : { missing: false, rank: 0, value: t };
}

function naiveCell(a: Cell, b: Cell, direction: 'asc' | 'desc'): number {
  if (a.missing || b.missing) return (a.missing ? 1 : 0) - (b.missing ? 1 : 0);
  const sign = direction === 'asc' ? 1 : -1;
  if (a.rank !== b.rank) return sign * (a.rank - b.rank);
  const c =
    typeof a.value === 'number' && typeof b.value === 'number'
      ? Math.sign(a.value - b.value) || 0
      : naturalCompare(String(a.value), String(b.value));
  return sign * Math.sign(c);
}

describe('naturalCompare', () => {
  const collator = new Intl.Collator(undefined, { numeric: true });

  it('orders like the numeric collator', () => {
    const names = [
      'run-10',
      'run-9',
      'Run-9',
      'run_9',
      'run 9',
      'a',
      'A',
      'b',
      'é',
      '',
      'run-09',
      'x1.5',
      'x1.10'
    ];
    const mine = [...names].sort(naturalCompare);
    const theirs = [...names].sort(collator.compare);
    expect(mine).toEqual(theirs);
  });

  it('agrees with Intl.Collator on printable ASCII (property)', () => {
    const ascii = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 8
    });
    const digitsAndLetters = fc.string({
      unit: fc.constantFrom(...'0019aAbZ_- .'.split('')),
      maxLength: 8
    });
    fc.assert(
      fc.property(fc.oneof(ascii, digitsAndLetters), fc.oneof(ascii, digitsAndLetters), (a, b) => {
        expect(
          Math.sign(naturalCompare(a, b)),
          `${JSON.stringify(a)} vs ${JSON.stringify(b)}`
        ).toBe(Math.sign(collator.compare(a, b)));
      }),
      { numRuns: 5000 }
    );
  });

  it('ranks many texts consistently with naturalCompare, ASCII or not (property)', () => {
    const unit = fc.constantFrom(...'009aAbB-_ .éÄß😀'.split(''), 'run-', 'run-1', '10');
    const text = fc.array(unit, { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(text, { maxLength: 60 }), (texts) => {
        const rank = rankTexts(texts);
        for (let i = 0; i < texts.length; i++) {
          for (let j = 0; j < texts.length; j++) {
            const expected = Math.sign(naturalCompare(texts[i]!, texts[j]!));
            expect(Math.sign(rank[i]! - rank[j]!), `${texts[i]} vs ${texts[j]}`).toBe(expected);
          }
        }
      }),
      { numRuns: 300 }
    );
  });
});
