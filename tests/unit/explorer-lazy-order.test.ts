// A keystroke's view walks the matches in sort order only as far as the rows on screen (issue 19):
// whatever window the table asks for, in whatever order, it gets the rows the whole sorted list
// of matches has there, and the count, columns and "select all matching" are those of all matches.
import { describe, expect, it } from 'vitest';
import { prepareImport } from '../../src/lib/db/prepare';
import { ExplorerService } from '../../src/lib/explorer/explorer-service';
import type { ExplorerRequest } from '../../src/lib/explorer/explorer-types';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import { SortedMatches } from '../../src/lib/explorer/sorted-matches';
import { viewColumns } from '../../src/lib/explorer/view-columns';
import { filterRuns, sortRows, type SortKey } from '../../src/lib/query';
import { experiment, run, series } from './helpers/batches';
import { viewRequest } from './helpers/explorer';

/** A seeded library: a param that is constant among some matches, losses with ties and gaps. */
function library(count: number, nested = false) {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const runs = Array.from({ length: count }, (_, i) =>
    run(`r${i}`, 'a', {
      name: `run-${i}`,
      startTime: 1_700_000_000_000 + Math.floor(next() * 50) * 1000,
      parentId: nested && i % 7 === 3 ? `r${i - 1}` : null,
      params: new Map([
        ['model', ['tree', 'mlp', 'cnn', 'svm'][Math.floor(next() * 4)]!],
        ['lr', String(Math.floor(next() * 6) / 100)]
      ]),
      tags: new Map([['team', `t${Math.floor(next() * 4)}`]]),
      metrics: next() < 0.9 ? [series('loss', [Math.floor(next() * 100) / 100])] : []
    })
  );
  return prepareImport(
    'imp-0',
    [{ file: 'lib.json', format: 'runlens-json', batch: { experiments: [experiment('a')], runs } }],
    0
  );
}

const LOSS_ASC: SortKey[] = [
  { column: { kind: 'metric', key: 'loss', summary: 'last' }, direction: 'asc' }
];
const QUERY = 'params.model = "tree" AND metrics.loss < 0.5 AND tags.team != "t3"';

describe('a view walks its matches only as far as asked', () => {
  const prepared = library(3000);
  const { runs, experiments } = prepared;
  const cols = buildRunColumns(runs);
  const service = () =>
    new ExplorerService({
      readLibrary: async () => ({ runs, experiments, imports: [prepared.importRow] }),
      readSeries: () => Promise.reject(new Error('not needed'))
    });
  /** The keys of the matches of `query` in the order sorting them gives. */
  const expectedKeys = (query: string, sort: SortKey[]) => {
    const filtered = filterRuns(cols, query);
    if (!filtered.ok) throw new Error(filtered.error.message);
    const matching = Uint32Array.from([...filtered.mask].flatMap((m, i) => (m ? [i] : [])));
    return [...sortRows(cols, matching, sort)].map((i) => cols.keys[i]!);
  };
  const request = (over: Partial<ExplorerRequest>) => viewRequest({ tree: false, ...over });

  it('serves windows asked out of order with the rows of the whole sorted list', async () => {
    const s = service();
    const expected = expectedKeys(QUERY, LOSS_ASC);
    expect(expected.length).toBeGreaterThan(100);
    const view = await s.view(request({ query: QUERY, sort: LOSS_ASC }));
    expect(view.matching).toBe(expected.length);
    expect(view.shown).toBe(expected.length);
    // A jump to the end first (the scroll bar dragged down), then the top, then the middle.
    const windows: [number, number][] = [
      [expected.length - 30, expected.length + 10],
      [0, 40],
      [Math.floor(expected.length / 2), Math.floor(expected.length / 2) + 25],
      [35, 300]
    ];
    for (const [start, end] of windows) {
      const rows = await s.rows(view.generation, start, end, []);
      expect(
        rows?.map((r) => r.key),
        `${start}…${end}`
      ).toEqual(expected.slice(start, end));
      expect(rows?.map((r) => r.position)).toEqual(
        expected.slice(start, end).map((_, k) => start + k)
      );
    }
  });

  it('selects all matching runs in sort order, after only the first rows were asked for', async () => {
    const s = service();
    const view = await s.view(request({ query: QUERY, sort: LOSS_ASC }));
    await s.rows(view.generation, 0, 20, []);
    expect(await s.matchingKeys(view.generation)).toEqual(expectedKeys(QUERY, LOSS_ASC));
  });

  it('chooses the default columns from every match, not from the rows walked', async () => {
    const s = service();
    const view = await s.view(request({ query: QUERY, sort: LOSS_ASC }));
    const filtered = filterRuns(cols, QUERY);
    if (!filtered.ok) throw new Error(filtered.error.message);
    const matching = Uint32Array.from([...filtered.mask].flatMap((m, i) => (m ? [i] : [])));
    expect(view.columns).toEqual(viewColumns(cols, matching));
    // Every match is a tree: the model column, constant among them, is not a default.
    expect(view.columns?.params).not.toContain('model');
    expect(view.columns?.params).toContain('lr');
  });

  it('answers each keystroke of a typed query with the count of all matches', async () => {
    const s = service();
    for (let k = 1; k <= QUERY.length; k += 5) {
      const typed = QUERY.slice(0, k);
      const view = await s.view(request({ query: typed, sort: LOSS_ASC }));
      const filtered = filterRuns(cols, typed);
      // A text that does not parse yet says so and leaves every run listed.
      expect(view.error === null, typed).toBe(filtered.ok);
      expect(view.matching, typed).toBe(filtered.ok ? filtered.count : runs.length);
      const top = await s.rows(view.generation, 0, 10, []);
      expect(top?.map((r) => r.key)).toEqual(
        expectedKeys(filtered.ok ? typed : '', LOSS_ASC).slice(0, 10)
      );
    }
  });

  it('never answers rows of a view from the matches of a newer one computed meanwhile', async () => {
    const s = service();
    const first = await s.view(request({ query: QUERY, sort: LOSS_ASC }));
    // Rows with a metric-at-step cell read histories first; a newer view lands while they wait.
    const atStep = { kind: 'metricAtStep', key: 'loss', step: 0 } as const;
    const pending = s.rows(first.generation, 0, 10, [atStep]);
    const newer = await s.view(request({ query: 'params.model = "mlp"', sort: LOSS_ASC }));
    const late = await pending;
    if (late !== null)
      expect(late.map((r) => r.key)).toEqual(expectedKeys(QUERY, LOSS_ASC).slice(0, 10));
    const rows = await s.rows(newer.generation, 0, 10, []);
    expect(rows?.map((r) => r.key)).toEqual(
      expectedKeys('params.model = "mlp"', LOSS_ASC).slice(0, 10)
    );
  });

  it('finds the runs of an import anywhere in a flat view', async () => {
    const s = service();
    const view = await s.view(request({ query: QUERY, sort: LOSS_ASC, focusImport: 'imp-0' }));
    expect(view.focus).toEqual({
      importId: 'imp-0',
      runs: runs.length,
      shown: view.matching,
      first: 0
    });
  });

  it('still builds a tree of nested runs whole, with their ancestors as context', async () => {
    const nested = library(700, true);
    const s = new ExplorerService({
      readLibrary: async () => ({
        runs: nested.runs,
        experiments: nested.experiments,
        imports: []
      }),
      readSeries: () => Promise.reject(new Error('not needed'))
    });
    const view = await s.view(viewRequest({ query: 'params.model = "tree"', sort: LOSS_ASC }));
    const rows = (await s.rows(view.generation, 0, view.shown, []))!;
    expect(rows.length).toBe(view.shown);
    const context = rows.filter((r) => r.context);
    expect(context.length).toBeGreaterThan(0);
    expect(rows.length - context.length).toBe(view.matching);
    // Every nested match sits right under its parent (shown as context when it does not match).
    const byKey = new Map(nested.runs.map((r) => [r.key, r]));
    for (const [p, row] of rows.entries()) {
      if (row.depth === 0) continue;
      const parentId = byKey.get(row.key)!.parentId;
      const above = rows
        .slice(0, p)
        .reverse()
        .find((r) => r.depth === row.depth - 1);
      expect(above?.id).toBe(parentId);
    }
  });
});

describe('SortedMatches', () => {
  it('gives the same prefixes however far each walk went, and grows past its first buffer', () => {
    const n = 5000;
    const order = Uint32Array.from({ length: n }, (_, p) => (p * 7919) % n); // a permutation
    const mask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 || i % 11 === 0 ? 1 : 0));
    const all = [...order].filter((i) => mask[i] === 1);
    const m = new SortedMatches(order, mask, all.length);
    expect([...m.prefix(5)]).toEqual(all.slice(0, 5));
    expect([...m.prefix(1000)]).toEqual(all.slice(0, 1000));
    expect([...m.prefix(3)]).toEqual(all.slice(0, 3));
    expect([...m.all()]).toEqual(all);
    expect([...m.prefix(n * 2)]).toEqual(all);
  });

  it('answers nothing for no match and the order itself when every run matches', () => {
    const order = Uint32Array.from([3, 1, 2, 0]);
    expect([...new SortedMatches(order, new Uint8Array(4), 0).all()]).toEqual([]);
    expect([...new SortedMatches(order, new Uint8Array(4).fill(1), 4).prefix(2)]).toEqual([3, 1]);
  });
});
