/**
 * Where scenario 7's "delivery" goes (not part of `npm run bench`; run by hand):
 *   node --import tsx bench/profile-compare.ts [--quick] [--seed N] [--changes N]
 * Imports the curves library of scenarios 4, 5 and 7, opens the compare page as scenario 7 does,
 * then records a Chromium trace (CDP `Tracing`: the timeline and V8's sampling profiler) over a
 * few group changes. For each change it prints the window between the app worker posting the
 * chart's answer and the page's `message` event for it: the main thread's tasks in that window
 * and the JavaScript functions sampled in it (self time, and the app frames on the stack).
 * Uses build/ as it is; minified names can be found in build/_app/immutable/ at line:column.
 */
import type { CDPSession, Page } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBuild } from '../scripts/serve.js';
import { GROUP_PARAM, GROUPS } from './generate/curves-library';
import { parseOptions, sizesFor } from './lib/options';
import { ARMED_DRAW, armDraw, WORKER_TIMINGS, type ArmedDraw } from './page/chart-probe';
import type { WorkerTiming } from './page/chart-probe';
import {
  WAIT_MS,
  compareSettings,
  installBaseline,
  lastCall,
  openCompare,
  openCompareSession,
  settle
} from './scenarios/compare-common';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** A sampled stack: its time (trace µs) and leaf node id. */
interface Sample {
  ts: number;
  node: number;
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
  'disabled-by-default-v8.gc'
].join(',');

async function recordTrace(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES.split(',') }
  });
  await run();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** The renderer main thread of the page: the thread that has the user-timing mark. */
function mainThread(events: TraceEvent[], mark: string): { pid: number; tid: number } {
  const e = events.find((ev) => ev.name === mark);
  if (!e) throw new Error(`the mark ${mark} is not in the trace`);
  return { pid: e.pid, tid: e.tid };
}

/** V8's samples of one thread, with the profile's nodes (ProfileChunk events). */
function samplesOf(events: TraceEvent[], pid: number, tid: number) {
  const nodes = new Map<number, ProfileNode>();
  const samples: Sample[] = [];
  const profiles = new Map<string, number>();
  for (const e of events) {
    if (e.pid !== pid) continue;
    const id = String((e as unknown as { id?: string }).id ?? '');
    if (e.name === 'Profile' && e.tid === tid) {
      const data = e.args?.data as { startTime?: number } | undefined;
      profiles.set(id, data?.startTime ?? e.ts);
    }
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid) continue;
    const id = String((e as unknown as { id?: string }).id ?? '');
    if (!profiles.has(id)) continue;
    const data = e.args?.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    let t = profiles.get(id)!;
    const deltas = data.timeDeltas ?? [];
    (data.cpuProfile?.samples ?? []).forEach((node, i) => {
      t += deltas[i] ?? 0;
      samples.push({ ts: t, node });
    });
    profiles.set(id, t);
  }
  return { nodes, samples };
}

function frameText(n: ProfileNode | undefined): string {
  if (!n?.callFrame || typeof n.callFrame.url !== 'string') return '?';
  const f = n.callFrame;
  const file = f.url.split('/').pop() ?? '';
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
}

/** The nearest frames of the app's own code (build/_app) on a sample's stack, leaf first. */
function appStack(nodes: Map<number, ProfileNode>, leaf: number, depth = 4): string {
  const out: string[] = [];
  for (let n = nodes.get(leaf); n && out.length < depth; n = nodes.get(n.parent ?? -1)) {
    if (n.callFrame?.url?.includes('/_app/')) out.push(frameText(n));
  }
  return out.join(' ← ') || '(no app frame)';
}

function parentsOf(nodes: Map<number, ProfileNode>): void {
  for (const n of nodes.values()) {
    for (const c of (n as unknown as { children?: number[] }).children ?? []) {
      const child = nodes.get(c);
      if (child) child.parent = n.id;
    }
  }
}

const top = (m: Map<string, number>, n: number, unit = 'ms') =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `      ${v.toFixed(1).padStart(7)} ${unit}  ${k}`);

async function groupChange(page: Page, value: string, mode: string | null): Promise<ArmedDraw> {
  await page.evaluate(armDraw('change', mode, WAIT_MS));
  await page.getByTestId('group-by').selectOption(value);
  return page.evaluate<ArmedDraw>(ARMED_DRAW);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2).filter((a) => a !== '--no-trace');
  const at = argv.indexOf('--changes');
  const changes = at >= 0 ? Number(argv.splice(at, 2)[1]) : 3;
  const options = parseOptions(argv);
  const sizes = sizesFor(options);
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const root = resolve(benchDir, '..');
  const server = await serveBuild({ port: 0, root: join(root, 'build') });
  const { port } = server.address() as AddressInfo;
  const cs = await openCompareSession(
    `http://127.0.0.1:${port}`,
    join(benchDir, 'out'),
    options.seed,
    sizes
  );
  try {
    const { page } = cs;
    const opened = await openCompare(cs, compareSettings({}));
    // As scenario 7: uPlot and the baseline in the page, the baseline worker holding the lines.
    const runKeys = lastCall(opened.log, 'compareChart', 0, opened.firstDraw)?.out.request?.runKeys;
    if (!runKeys) throw new Error('the app never posted a compareChart request');
    await installBaseline(page);
    const index = new Map(cs.library.ids.map((id, r) => [id, r]));
    const groups = runKeys.map((key) => index.get(key.split('|').pop()!)! % GROUPS.length);
    await page.evaluate(
      `window.__benchChartBaseline.keep(${JSON.stringify({ runKeys, metric: 'loss', groups, groupCount: GROUPS.length })})`
    );
    await page.evaluate('window.__benchChart.marks = true');
    // One untimed change first: the runs' lines are then in the worker's cache, as in scenario 7.
    await groupChange(page, `param:${GROUP_PARAM}`, 'group');
    await settle(page);
    await groupChange(page, '', null);
    await settle(page);
    const cdp = await page.context().newCDPSession(page);
    const waits: ArmedDraw[] = [];
    let origin = 0;
    const traced = !process.argv.includes('--no-trace');
    const body = async () => {
      origin = await page.evaluate<number>(
        "(performance.mark('bench-align'), performance.getEntriesByName('bench-align').at(-1).startTime)"
      );
      for (let i = 0; i < changes; i++) {
        await page.evaluate('window.__benchChartBaseline.groupSum()');
        waits.push(await groupChange(page, `param:${GROUP_PARAM}`, 'group'));
        await settle(page);
        await groupChange(page, '', null);
        await settle(page);
      }
    };
    const events = traced ? await recordTrace(cdp, body) : (await body(), []);
    if (!traced) {
      // The same changes without the tracer (its sampling changes timings): page clocks only.
      const timings = await page.evaluate<Record<string, WorkerTiming>>(WORKER_TIMINGS);
      for (const wait of waits) {
        const call = lastCall(wait.log, 'compareChart', wait.start ?? 0, wait.end);
        const w = call ? timings[call.out.id] : undefined;
        if (!call || !w) continue;
        const names = new Map(wait.log.filter((e) => e.dir === 'out').map((e) => [e.id, e.method]));
        const order = wait.log
          .filter((e) => e.dir === 'in')
          .map((e) => `${names.get(e.id)} @${(e.t - wait.start!).toFixed(1)}`);
        console.log(
          `untraced: event → draw ${(wait.end - wait.start!).toFixed(1)} ms, queue ${(w.received - call.out.t).toFixed(1)}, handler ${(w.posting - w.received).toFixed(1)}, ` +
            `delivery ${(call.in.t - w.posted).toFixed(1)} ms; answers: ${order.join(', ')}`
        );
      }
      return;
    }
    const timings = await page.evaluate<Record<string, WorkerTiming>>(WORKER_TIMINGS);
    const { pid, tid } = mainThread(events, 'bench-align');
    const markTs = events.find((e) => e.name === 'bench-align')!.ts;
    /** Page time (ms, performance.now()) to trace time (µs). */
    const toTs = (t: number) => markTs + (t - origin) * 1000;
    const { nodes, samples } = samplesOf(events, pid, tid);
    parentsOf(nodes);
    const tasks = events.filter(
      (e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined
    );
    console.log(
      `\nTrace: ${events.length} events, ${samples.length} V8 samples on the page's main thread.`
    );
    for (const [k, wait] of waits.entries()) {
      const call = lastCall(wait.log, 'compareChart', wait.start ?? 0, wait.end);
      const w = call ? timings[call.out.id] : undefined;
      if (!call || !w) {
        console.log(`\nChange ${k + 1}: no compareChart call with worker timings`);
        continue;
      }
      // On the trace's clock: the worker's mark after posting, the page's mark on arrival.
      const posted = events.find((e) => e.name === `bench-posted:${call.out.id}`);
      const arrived = events.find((e) => e.name === `bench-in:${call.out.id}`);
      const from = posted ? posted.ts : toTs(w.posted);
      const to = arrived ? arrived.ts : toTs(call.in.t);
      console.log(
        `  on the trace clock: answer posted → page message event ${((to - from) / 1000).toFixed(1)} ms` +
          (posted && arrived ? '' : ' (marks missing: page clocks used)')
      );
      console.log(
        `\nChange ${k + 1}: event → draw ${(wait.end - wait.start!).toFixed(1)} ms; request posted +${(call.out.t - wait.start!).toFixed(1)} ms, ` +
          `handler ${(w.posting - w.received).toFixed(1)} ms, answer posted at +${(w.posted - wait.start!).toFixed(1)} ms, ` +
          `page message event at +${(call.in.t - wait.start!).toFixed(1)} ms: delivery ${(call.in.t - w.posted).toFixed(1)} ms`
      );
      const names = new Map(wait.log.filter((e) => e.dir === 'out').map((e) => [e.id, e.method]));
      const calls = wait.log.map((e) => {
        const t = `@${(e.t - wait.start!).toFixed(1)}`;
        const tw = timings[e.id];
        const posted =
          e.dir === 'in' && tw ? ` (posted @${(tw.posted - wait.start!).toFixed(1)})` : '';
        return `${e.dir === 'out' ? 'ask' : 'answer'} ${names.get(e.id) ?? '?'} ${t}${posted}`;
      });
      console.log(`  worker messages: ${calls.join(', ')}`);
      if (posted) {
        // The app worker's own time: its samples while the handler ran (the worker marks
        // `bench-posted` on its own thread, so the mark names the thread).
        const handlerFrom = posted.ts - (w.posted - w.received) * 1000;
        console.log(
          `  window the worker's handler: ${((posted.ts - handlerFrom) / 1000).toFixed(1)} ms`
        );
        workerReport(posted.pid, posted.tid, handlerFrom, posted.ts);
      }
      const eventTs = toTs(wait.start!);
      for (const [label, a0, b0] of [
        [
          'change event → answer posted (what the answer waits behind when the worker is quicker)',
          eventTs,
          from
        ],
        ['answer posted → page message event', from, to]
      ] as const) {
        console.log(`  window ${label}: ${((b0 - a0) / 1000).toFixed(1)} ms`);
        report(a0, b0);
      }
    }
    function workerReport(wpid: number, wtid: number, from: number, to: number): void {
      const worker = samplesOf(events, wpid, wtid);
      parentsOf(worker.nodes);
      sampleReport(worker.nodes, worker.samples, from, to);
    }
    function report(from: number, to: number): void {
      const byName = new Map<string, number>();
      for (const e of tasks) {
        const a = Math.max(from, e.ts);
        const b = Math.min(to, e.ts + e.dur!);
        if (b <= a) continue;
        const data = (e.args?.data ?? {}) as Record<string, unknown>;
        const detail =
          e.name === 'FunctionCall'
            ? ` ${String(data.functionName ?? '')} ${String(data.url ?? '')
                .split('/')
                .pop()}:${String(data.lineNumber ?? '')}`
            : e.name === 'EventDispatch'
              ? ` ${String(data.type ?? '')}`
              : '';
        const key = `${e.name}${detail}`;
        byName.set(key, (byName.get(key) ?? 0) + (b - a) / 1000);
      }
      console.log('    main-thread trace slices in the window (ms of overlap, nested ones too):');
      console.log(top(byName, 18).join('\n'));
      sampleReport(nodes, samples, from, to);
    }
    function sampleReport(
      nodes: Map<number, ProfileNode>,
      samples: Sample[],
      from: number,
      to: number
    ): void {
      const inWindow = samples.filter((s) => s.ts >= from && s.ts <= to);
      const self = new Map<string, number>();
      const stacks = new Map<string, number>();
      const interval = inWindow.length > 1 ? (to - from) / 1000 / inWindow.length : 0;
      for (const s of inWindow) {
        const leaf = frameText(nodes.get(s.node));
        self.set(leaf, (self.get(leaf) ?? 0) + interval);
        const stack = appStack(nodes, s.node);
        stacks.set(stack, (stacks.get(stack) ?? 0) + interval);
      }
      console.log(`    V8 samples in the window: ${inWindow.length}; self time by function:`);
      console.log(top(self, 12).join('\n'));
      console.log('    by the nearest app frames on the stack:');
      console.log(top(stacks, 8).join('\n'));
    }
  } finally {
    await cs.session.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
