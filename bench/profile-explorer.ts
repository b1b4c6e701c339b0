/**
 * Where scenario 6's time goes (not part of `npm run bench`; run by hand):
 *   node --import tsx bench/profile-explorer.ts [--quick] [--seed N] [--browser]
 * 1. The worker's view computation in Node: the same ExplorerService over the scenario's runs,
 *    each step it takes timed on its own, then a CPU profile of repeated views (top self time).
 * 2. With --browser: the page's main thread during sort clicks in Chromium, profiled through CDP
 *    (imports the library first, ~35 s at full size). Uses build/ as it is.
 */
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRow } from '../src/lib/db/rows';
import { displayOrder } from '../src/lib/explorer/display-order';
import { ExplorerService } from '../src/lib/explorer/explorer-service';
import { buildRunColumns } from '../src/lib/explorer/run-columns';
import { compileQuery, parseQuery, sortRows } from '../src/lib/query';
import { serveBuild } from '../scripts/serve.js';
import { generateRunsLibrary, libraryColumns, MODELS, TEAMS } from './generate/runs-library';
import { openApp, openSession } from './lib/browser';
import { parseOptions, sizesFor } from './lib/options';
import { median } from './lib/stats';
import { appImport } from './scenarios/import-common';

type Request = Parameters<ExplorerService['view']>[0];

const QUERY = 'params.model = "tree" AND metrics.loss < 0.5 AND tags.team != "t3"';

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

function topSelf(profile: { nodes: ProfileNode[] }, total: number, n = 15): string[] {
  const byFrame = new Map<string, number>();
  const hits = profile.nodes.reduce((s, node) => s + (node.hitCount ?? 0), 0) || 1;
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const file = f.url.split('/').slice(-2).join('/');
    const key = `${f.functionName || '(anonymous)'}  ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)'))
    .slice(0, n)
    .map(([k, h]) => `${((h / hits) * total).toFixed(1).padStart(8)} ms  ${k}`);
}

function runRows(seed: number, n: number): RunRow[] {
  const c = libraryColumns(seed, n);
  const t0 = 1_760_000_000_000;
  const rows: RunRow[] = [];
  for (let i = 0; i < n; i++) {
    const loss = c.loss[i]!;
    rows.push({
      key: `runlens-json|sweep|${c.ids[i]}`,
      importId: 'profile',
      experimentKey: 'runlens-json|sweep',
      sourceFormat: 'runlens-json',
      sourceFile: 'sweep.json',
      id: c.ids[i]!,
      experimentId: 'sweep',
      name: `run-${String(i).padStart(6, '0')}`,
      status: i % 10 === 0 ? 'FAILED' : 'FINISHED',
      startTime: t0 + i * 1000,
      endTime: t0 + i * 1000 + 500,
      deleted: false,
      parentId: null,
      params: new Map([
        ['model', MODELS[c.model[i]!]!],
        ['lr', ['0.001', '0.01', '0.1'][i % 3]!]
      ]),
      tags: new Map([['team', TEAMS[c.team[i]!]!]]),
      metrics: new Map([
        [
          'loss',
          { count: 1, last: loss, lastStep: 0, min: loss, max: loss, mean: loss, firstStep: 0 }
        ]
      ]),
      artifactCount: 0
    });
  }
  return rows;
}

/** Median time of `fn` over `times` runs after two warm-ups. */
async function timed(times: number, fn: () => unknown): Promise<number> {
  await fn();
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

async function workerSide(seed: number, n: number): Promise<void> {
  const runs = runRows(seed, n);
  const library = { runs, experiments: [], imports: [] };
  // The service's source is a function in some versions and an object in others: give both.
  const source = Object.assign(async () => library, {
    readLibrary: async () => library,
    readSeries: async () => {
      throw new Error('no histories in this library');
    }
  }) as unknown as ConstructorParameters<typeof ExplorerService>[0];
  const service = new ExplorerService(source);
  const base: Request = {
    query: '',
    quickSearch: '',
    showDeleted: false,
    experiments: null,
    sort: [],
    tree: true,
    collapseAll: false,
    toggled: []
  };
  const loss = { kind: 'metric', key: 'loss', summary: 'last' } as const;
  const requests: [string, Request][] = [
    ['filter (default sort, tree)', { ...base, query: QUERY }],
    [
      'filter (sorted by loss)',
      { ...base, query: QUERY, sort: [{ column: loss, direction: 'asc' }] }
    ],
    ['sort all by loss asc (tree)', { ...base, sort: [{ column: loss, direction: 'asc' }] }],
    [
      'sort all by loss asc (flat)',
      { ...base, tree: false, sort: [{ column: loss, direction: 'asc' }] }
    ]
  ];
  const t0 = performance.now();
  await service.view(base);
  console.log(
    `Worker side in Node, ${n.toLocaleString('en')} runs (first view, columns built: ${Math.round(performance.now() - t0)} ms)`
  );
  for (const [label, request] of requests)
    console.log(`  view: ${label}: ${(await timed(7, () => service.view(request))).toFixed(1)} ms`);
  // Scenario 6's baseline: one plain counting loop over typed columns.
  const c = libraryColumns(seed, n);
  const tree = MODELS.indexOf('tree');
  const t3 = TEAMS.indexOf('t3');
  const bare = () => {
    let count = 0;
    for (let i = 0; i < n; i++)
      if (c.model[i] === tree && c.loss[i]! < 0.5 && c.team[i] !== t3) count++;
    return count;
  };
  const bareMs = await timed(15, bare);
  const viewMs = await timed(15, () => service.view({ ...base, query: QUERY }));
  console.log(
    `  the filter's view ${viewMs.toFixed(2)} ms against the bare loop ${bareMs.toFixed(2)} ms: ${(viewMs / bareMs).toFixed(1)}×`
  );
  // A query with no equality has no listed first condition: its first condition walks every run.
  const scanQuery = 'metrics.loss < 0.5 AND tags.team != "t3"';
  const scanMs = await timed(15, () => service.view({ ...base, query: scanQuery }));
  const bareScan = await timed(15, () => {
    let count = 0;
    for (let i = 0; i < n; i++) if (c.loss[i]! < 0.5 && c.team[i] !== t3) count++;
    return count;
  });
  console.log(
    `  without an equality (${scanQuery}): ${scanMs.toFixed(2)} ms against its bare loop ${bareScan.toFixed(2)} ms: ${(scanMs / bareScan).toFixed(1)}×`
  );
  // What the page asks per keystroke besides: its default columns and the rows on screen.
  const columnsMs = await timed(15, () =>
    service.view({ ...base, query: QUERY, defaultColumns: true })
  );
  const pageMs = await timed(15, async () => {
    const view = await service.view({ ...base, query: QUERY, defaultColumns: true });
    await service.rows(view.generation, 0, 60, null);
  });
  console.log(
    `  with the default columns ${columnsMs.toFixed(2)} ms; and the first 60 rows ${pageMs.toFixed(2)} ms (the page's keystroke)`
  );
  // Typing the query one key at a time, each keystroke's view (the sort stays the same).
  const keystrokes: number[] = [];
  for (let k = 1; k <= QUERY.length; k++) {
    const t = performance.now();
    await service.view({ ...base, query: QUERY.slice(0, k) });
    keystrokes.push(performance.now() - t);
  }
  console.log(
    `  typing it key by key: median ${median(keystrokes).toFixed(2)} ms, slowest ${Math.max(...keystrokes).toFixed(1)} ms per keystroke`
  );

  const cols = buildRunColumns(runs);
  const all = new Uint32Array(n).map((_, i) => i);
  const sorted = sortRows(cols, all, [{ column: loss, direction: 'asc' }]);
  const noParent = () => false;
  const steps: [string, () => unknown][] = [
    [
      'parseQuery + compileQuery + evaluate',
      () => {
        const p = parseQuery(QUERY);
        return p.ok ? compileQuery(p.ast)(cols) : null;
      }
    ],
    ['sortRows: all by loss', () => sortRows(cols, all, [{ column: loss, direction: 'asc' }])],
    [
      'sortRows: all by start_time desc',
      () =>
        sortRows(cols, all, [
          { column: { kind: 'attribute', key: 'start_time' }, direction: 'desc' }
        ])
    ],
    ['displayOrder (tree) of all', () => displayOrder(sorted, cols.parents, noParent, true)],
    ['displayOrder (flat) of all', () => displayOrder(sorted, cols.parents, noParent, false)],
    ['new Map(keys → index)', () => new Map(cols.keys.map((k, i) => [k, i]))]
  ];
  for (const [label, fn] of steps)
    console.log(`  step: ${label}: ${(await timed(7, fn)).toFixed(1)} ms`);

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const p0 = performance.now();
  for (let i = 0; i < 10; i++)
    for (const [, request] of requests.slice(0, 3)) await service.view(request);
  const total = performance.now() - p0;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  console.log(
    `\nCPU profile of 10 × (filter, filter sorted, sort all) views, ${Math.round(total)} ms:`
  );
  console.log(topSelf(profile as { nodes: ProfileNode[] }, total).join('\n'));
}

async function mainThread(seed: number, n: number, outDir: string): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const library = generateRunsLibrary(outDir, seed, n);
  const server = await serveBuild({ port: 0, root: join(root, 'build') });
  const { port } = server.address() as AddressInfo;
  const session = await openSession(`http://127.0.0.1:${port}`, outDir);
  const { page } = session;
  try {
    await openApp(page);
    await appImport(page, 'import-input', library.file, n);
    const header = page.getByRole('button', { name: /^metric\s*loss/ });
    await header.click();
    await page.waitForTimeout(1000);
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const t0 = performance.now();
    for (let i = 0; i < 6; i++) {
      await header.click();
      await page.waitForTimeout(500);
    }
    const total = performance.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    console.log(
      `\nPage main thread over 6 sort clicks (${Math.round(total)} ms with 3 s of pauses):`
    );
    console.log(topSelf(profile as unknown as { nodes: ProfileNode[] }, total, 20).join('\n'));
    // The keystroke that scenario 6 times: the whole query filled in, then cleared (not timed).
    const input = page.getByTestId('run-filter');
    await cdp.send('Profiler.start');
    const filling = performance.now();
    for (let i = 0; i < 6; i++) {
      await input.fill(QUERY);
      await page.waitForTimeout(500);
      await input.fill('');
      await page.waitForTimeout(500);
    }
    const filled = await cdp.send('Profiler.stop');
    const filled_ms = performance.now() - filling;
    console.log(
      `\nPage main thread over 6 filter keystrokes and 6 clears (${Math.round(filled_ms)} ms with 6 s of pauses):`
    );
    console.log(
      topSelf(filled.profile as unknown as { nodes: ProfileNode[] }, filled_ms, 25).join('\n')
    );
  } finally {
    await session.close();
    server.close();
  }
}

const argv = process.argv.slice(2);
const browser = argv.includes('--browser');
const options = parseOptions(argv.filter((a) => a !== '--browser'));
const n = sizesFor(options).explorerRuns;
await workerSide(options.seed, n);
if (browser)
  await mainThread(options.seed, n, join(dirname(fileURLToPath(import.meta.url)), 'out'));
