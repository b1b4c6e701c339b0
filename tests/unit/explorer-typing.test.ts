// Filtering at the speed of typing (issue 19): every keystroke asks the worker for a view, a
// request overtaken by a newer one in the queue is not computed, and a filtered view walks the
// order of all runs under the sort instead of sorting its matches, with the same rows.
import { describe, expect, it } from 'vitest';
import { prepareImport } from '../../src/lib/db/prepare';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import { ExplorerService } from '../../src/lib/explorer/explorer-service';
import type { ExplorerRequest } from '../../src/lib/explorer/explorer-types';
import type { RunStatus } from '../../src/lib/model';
import { filterRuns, sortRows, type SortKey } from '../../src/lib/query';
import { experiment, run, series } from './helpers/batches';
import { viewRequest } from './helpers/explorer';

const STATUSES: RunStatus[] = ['FINISHED', 'FAILED', 'RUNNING', 'KILLED'];

/** A library full of ties and gaps: the cases where sorting a subset could differ. */
function library(count: number) {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const runs = Array.from({ length: count }, (_, i) =>
    run(`r${i}`, i % 3 === 0 ? 'a' : 'b', {
      name: `run-${Math.floor(next() * 40)}`,
      status: STATUSES[Math.floor(next() * 4)]!,
      startTime: 1_700_000_000_000 + Math.floor(next() * 20) * 1000,
      params: new Map([
        ['model', ['tree', 'mlp', 'cnn'][Math.floor(next() * 3)]!],
        // numbers and texts in one param, and runs without it
        ...(next() < 0.8
          ? [['lr', next() < 0.2 ? 'auto' : String(Math.floor(next() * 5) / 100)]]
          : [])
      ] as [string, string][]),
      metrics: next() < 0.85 ? [series('loss', [Math.floor(next() * 10) / 10])] : []
    })
  );
  const prepared = prepareImport(
    'imp-0',
    [
      {
        file: 'lib.json',
        format: 'runlens-json',
        batch: { experiments: [experiment('a'), experiment('b', 'zeta')], runs }
      }
    ],
    0
  );
  return prepared;
}

/** Flat lists with the person's own columns: what typing in the filter asks for. */
const request = (over: Partial<ExplorerRequest> = {}) =>
  viewRequest({ tree: false, defaultColumns: false, ...over });

describe('filtering as a person types', () => {
  const { runs, experiments } = library(400);
  const service = () =>
    new ExplorerService({
      readLibrary: async () => ({ runs, experiments, imports: [] }),
      readSeries: () => Promise.reject(new Error('not needed'))
    });

  it('computes only the newest of the keystrokes waiting in the queue', async () => {
    const s = service();
    const typed = ['params.model = "t', 'params.model = "tr', 'params.model = "tree"'];
    const views = await Promise.all(typed.map((query) => s.latestView(request({ query }))));
    expect(views.slice(0, 2)).toEqual([null, null]);
    const expected = runs.filter((r) => r.params.get('model') === 'tree').length;
    expect(views[2]?.matching).toBe(expected);
    // One at a time, each keystroke gets its view.
    expect((await s.latestView(request({ query: 'params.model = "mlp"' })))?.matching).toBe(
      runs.filter((r) => r.params.get('model') === 'mlp').length
    );
  });

  const sorts: [string, SortKey[]][] = [
    [
      'loss, missing values last',
      [{ column: { kind: 'metric', key: 'loss', summary: 'last' }, direction: 'desc' }]
    ],
    [
      'lr: numbers, then texts, then missing',
      [{ column: { kind: 'param', key: 'lr' }, direction: 'asc' }]
    ],
    [
      'status then name',
      [
        { column: { kind: 'attribute', key: 'status' }, direction: 'asc' },
        { column: { kind: 'attribute', key: 'name' }, direction: 'desc' }
      ]
    ],
    [
      'experiment name then start time',
      [
        { column: { kind: 'attribute', key: 'experiment' }, direction: 'desc' },
        { column: { kind: 'attribute', key: 'start_time' }, direction: 'asc' }
      ]
    ]
  ];
  const queries = [
    '',
    'params.model = "tree"',
    'metrics.loss < 0.5 OR params.lr = "auto"',
    'status != "RUNNING"'
  ];

  it.each(sorts)('lists the matches in the order sorting them gives: %s', async (_, sort) => {
    const s = service();
    const cols = buildRunColumns(runs);
    const experimentNames = new Map(experiments.map((e) => [e.key, e.name]));
    for (const query of queries) {
      const view = (await s.view(request({ query, sort })))!;
      const shown = await s.rows(view.generation, 0, view.shown, []);
      const filtered = filterRuns(cols, query);
      if (!filtered.ok) throw new Error(filtered.error.message);
      const matching = Uint32Array.from([...filtered.mask].flatMap((m, i) => (m ? [i] : [])));
      const expected = sortRows(cols, matching, sort, { experimentNames });
      expect(
        shown?.map((r) => r.key),
        query
      ).toEqual([...expected].map((i) => cols.keys[i]));
    }
  });

  it('compiles a filter once and still counts the runs of each text, sort and library', async () => {
    let library = runs;
    const s = new ExplorerService({
      readLibrary: async () => ({ runs: library, experiments, imports: [] }),
      readSeries: () => Promise.reject(new Error('not needed'))
    });
    const count = (model: string, of = library) =>
      of.filter((r) => r.params.get('model') === model).length;
    const tree = 'params.model = "tree"';
    const loss = { kind: 'metric', key: 'loss', summary: 'last' } as const;
    expect((await s.view(request({ query: tree }))).matching).toBe(count('tree'));
    // A sort click keeps the text: the same runs, the first one the lowest loss among them.
    const sorted = await s.view(
      request({ query: tree, sort: [{ column: loss, direction: 'asc' }] })
    );
    expect(sorted.matching).toBe(count('tree'));
    const first = (await s.rows(sorted.generation, 0, 1, []))![0]!;
    expect(runs.find((r) => r.key === first.key)?.params.get('model')).toBe('tree');
    expect((await s.view(request({ query: 'params.model = "mlp"' }))).matching).toBe(count('mlp'));
    expect((await s.view(request({ query: tree }))).matching).toBe(count('tree'));
    // The same text over a library that changed counts the new runs.
    library = runs.slice(0, 100);
    s.invalidate();
    expect((await s.view(request({ query: tree }))).matching).toBe(count('tree', library));
    expect(count('tree', library)).toBeLessThan(count('tree', runs));
  });

  it('never carries what it kept for typing across an import that lands mid-view', async () => {
    let library: typeof runs = [];
    const s = new ExplorerService({
      readLibrary: async () => ({ runs: library, experiments, imports: [] }),
      readSeries: () => Promise.reject(new Error('not needed'))
    });
    const before = s.view(request()); // starts on the empty library…
    library = runs; // …an import lands and the service is told
    s.invalidate();
    expect((await before).matching).toBe(0);
    expect((await s.view(request())).matching).toBe(runs.length);
  });
});
