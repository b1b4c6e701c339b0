/**
 * Where a filter keystroke's time goes on the page (not part of `npm run bench`; run by hand):
 *   node --import tsx bench/trace-explorer.ts [--quick] [--seed N] [--keys 8]
 * Imports scenario 6's library into Chromium (build/ as it is), sorts by loss as the scenario
 * does, then fills the scenario's query and clears it `--keys` times under a Chrome trace. For
 * each keystroke it prints the renderer main thread's tasks from the `input` event to the count
 * on screen (a MutationObserver on `data-count`, as the scenario's own wait): what each task was
 * and what it spent on script, style, layout and paint.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBuild } from '../scripts/serve.js';
import { generateRunsLibrary } from './generate/runs-library';
import { openApp, openSession } from './lib/browser';
import { parseOptions, sizesFor } from './lib/options';
import { median } from './lib/stats';
import { appImport } from './scenarios/import-common';

const QUERY = 'params.model = "tree" AND metrics.loss < 0.5 AND tags.team != "t3"';

/** Marks the keystroke and the count's change in the trace (blink.user_timing). */
const MARKS_INIT = String.raw`(() => {
  document.addEventListener('input', () => performance.mark('rl-input'), { capture: true });
  new MutationObserver((records) => {
    if (records.some((r) => r.attributeName === 'data-count')) performance.mark('rl-count');
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-count'] });
})()`;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

/** Kinds of work inside a task, summed by their own (exclusive) time. */
const KINDS: Record<string, string> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.run': 'script',
  TimerFire: 'script',
  EventDispatch: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  Layout: 'layout',
  Paint: 'paint',
  PrePaint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'paint',
  ScheduleStyleRecalculation: 'style',
  HitTest: 'other',
  ParseHTML: 'other',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MC_BACKGROUND': 'gc'
};

function describe(task: TraceEvent, inside: TraceEvent[]): string {
  const firsts = inside
    .filter(
      (e) =>
        e.name === 'EventDispatch' ||
        e.name === 'TimerFire' ||
        e.name === 'FireAnimationFrame' ||
        e.name === 'FunctionCall'
    )
    .slice(0, 2)
    .map((e) => {
      const d = e.args?.data ?? {};
      if (e.name === 'EventDispatch') return `event ${String(d.type)}`;
      if (e.name === 'FunctionCall') return `fn ${String(d.functionName || '?')}`;
      return e.name;
    });
  // Exclusive time per kind: each known event's duration minus its known direct children's.
  const known = inside
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .sort((x, y) => x.ts - y.ts || y.dur! - x.dur!);
  const self = new Map<TraceEvent, number>(known.map((e) => [e, e.dur!]));
  const stack: TraceEvent[] = [];
  for (const e of known) {
    while (stack.length > 0 && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent, self.get(parent)! - e.dur!);
    stack.push(e);
  }
  const by = new Map<string, number>();
  for (const [e, us] of self) {
    const kind = KINDS[e.name] ?? e.name;
    by.set(kind, (by.get(kind) ?? 0) + Math.max(0, us));
  }
  const parts = [...by.entries()]
    .sort((x, y) => y[1] - x[1])
    .filter(([, us]) => us >= 100)
    .map(([k, us]) => `${k} ${(us / 1000).toFixed(1)}`)
    .join(', ');
  return `${(task.dur! / 1000).toFixed(1).padStart(5)} ms  ${firsts.join(' > ') || '(no script)'}  [${parts}]`;
}

async function trace(seed: number, n: number, keys: number, outDir: string): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const library = generateRunsLibrary(outDir, seed, n);
  const server = await serveBuild({ port: 0, root: join(root, 'build') });
  const { port } = server.address() as AddressInfo;
  const session = await openSession(`http://127.0.0.1:${port}`, outDir);
  const { page } = session;
  const file = join(outDir, 'explorer-trace.json');
  try {
    await session.context.addInitScript({ content: MARKS_INIT });
    await openApp(page);
    await appImport(page, 'import-input', library.file, n);
    const header = page.getByRole('button', { name: /^metric\s*loss/ });
    await header.click();
    await page.waitForTimeout(1000);
    const browser = session.context.browser();
    if (!browser) throw new Error('no browser to trace');
    const input = page.getByTestId('run-filter');
    await browser.startTracing(page, {
      path: file,
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'v8',
        'toplevel'
      ]
    });
    // As scenario 6 does: the query, cleared, then a sort click (which flips the direction).
    for (let i = 0; i < keys; i++) {
      await input.fill(QUERY);
      await page.waitForTimeout(300);
      await input.fill('');
      await page.waitForTimeout(300);
      await header.click();
      await page.waitForTimeout(300);
    }
    await browser.stopTracing();
  } finally {
    await session.close();
    server.close();
  }
  const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] })
    .traceEvents;
  rmSync(file, { force: true });
  const mainTid = events.find(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      events.some((m) => m.pid === e.pid && m.name === 'rl-input')
  );
  if (!mainTid) throw new Error('no renderer main thread in the trace');
  const main = events.filter((e) => e.pid === mainTid.pid && e.tid === mainTid.tid);
  const workerThreads = new Set(
    events
      .filter(
        (e) =>
          e.name === 'thread_name' && e.pid === mainTid.pid && /Worker/.test(e.args?.name ?? '')
      )
      .map((e) => e.tid)
  );
  const worker = events.filter((e) => e.pid === mainTid.pid && workerThreads.has(e.tid));
  const workerTasks = worker
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur! >= 30)
    .sort((a, b) => a.ts - b.ts);
  const marks = main
    .filter((e) => e.name === 'rl-input' || e.name === 'rl-count')
    .sort((a, b) => a.ts - b.ts);
  const tasks = main
    .filter((e) => e.name === 'RunTask' && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  const totals: number[] = [];
  let k = 0;
  for (let i = 0; i < marks.length; i++) {
    if (marks[i]!.name !== 'rl-input') continue;
    const count = marks.slice(i + 1).find((m) => m.name === 'rl-count');
    if (!count) continue;
    k++;
    const from = marks[i]!.ts;
    const to = count.ts;
    const filling = k % 2 === 1;
    totals.push(to - from);
    console.log(
      `\n${filling ? 'fill' : 'clear'} ${Math.ceil(k / 2)}: input → count ${((to - from) / 1000).toFixed(1)} ms`
    );
    for (const t of tasks) {
      if (t.ts + t.dur! < from - 2000 || t.ts > to) continue;
      const inside = main.filter((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur! && e !== t);
      console.log(`  +${((t.ts - from) / 1000).toFixed(1).padStart(5)}  ${describe(t, inside)}`);
    }
    for (const t of workerTasks) {
      if (t.ts + t.dur! < from || t.ts > to) continue;
      const inside = worker.filter(
        (e) => e.tid === t.tid && e.ts >= t.ts && e.ts <= t.ts + t.dur! && e !== t
      );
      console.log(
        `  worker +${((t.ts - from) / 1000).toFixed(1).padStart(5)}  ${describe(t, inside)}`
      );
    }
  }
  const fills = totals.filter((_, i) => i % 2 === 0);
  console.log(`\nfill median ${(median(fills) / 1000).toFixed(1)} ms over ${fills.length}`);
}

const argv = process.argv.slice(2);
const keysAt = argv.indexOf('--keys');
const keys = keysAt >= 0 ? Number(argv[keysAt + 1]) : 8;
const rest = keysAt >= 0 ? argv.filter((_, i) => i !== keysAt && i !== keysAt + 1) : argv;
const options = parseOptions(rest);
await trace(
  options.seed,
  sizesFor(options).explorerRuns,
  keys,
  join(dirname(fileURLToPath(import.meta.url)), 'out')
);
