/**
 * Where scenario 4's first chart spends its time (not part of `npm run bench`; run by hand):
 *   node --import tsx bench/profile-first-chart.ts [--quick] [--seed N]
 * Imports the curves library as scenario 4 does, then traces (CDP `Tracing` with V8's sampling
 * profiler) one navigation to the compare page until its first draw, and prints the JavaScript
 * functions sampled on the page's main thread and on the app's worker (self time, top 25).
 * Uses build/ as it is; minified names can be found in build/_app/immutable/ at line:column.
 * With `--timeline`, it prints instead each thread's tasks longer than 2 ms, every request and
 * script evaluation, in ms from the navigation: what the first chart waits on, in order
 * (`--timeline-all`: every traced slice over 1 ms, with its arguments). `--grid` opens scenario
 * 18's page instead: every metric charted, 30 panels. `--smoothing` traces scenario 5's change of
 * the EMA weight (19's with `--grid`) instead of the navigation, until the first panel's redraw.
 */
import type { CDPSession } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBuild } from '../scripts/serve.js';
import { parseOptions, sizesFor } from './lib/options';
import { compareSettings, openCompare, openCompareSession } from './scenarios/compare-common';
import { ARMED_DRAW, armDraw, setSmoothingWeight } from './page/chart-probe';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

const CATEGORIES = [
  'devtools.timeline',
  'toplevel',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler'
];

async function trace(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES }
  });
  await run();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** Self time per function of every profiled thread, by thread name. */
function selfTimes(events: TraceEvent[]): Map<string, Map<string, number>> {
  const threadName = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name')
      threadName.set(`${e.pid}:${e.tid}`, String(e.args?.name ?? '?'));
  const profileThread = new Map<string, string>();
  for (const e of events)
    if (e.name === 'Profile') profileThread.set(`${e.pid}:${e.id}`, `${e.pid}:${e.tid}`);
  const nodes = new Map<string, ProfileNode>();
  const out = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const thread = profileThread.get(`${e.pid}:${e.id}`);
    if (!thread) continue;
    const data = e.args?.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(`${thread}:${n.id}`, n);
    const name = threadName.get(thread) ?? thread;
    const table = out.get(name) ?? new Map<string, number>();
    out.set(name, table);
    const deltas = data.timeDeltas ?? [];
    (data.cpuProfile?.samples ?? []).forEach((id, i) => {
      const f = nodes.get(`${thread}:${id}`)?.callFrame;
      const key = f
        ? `${f.functionName || '(anonymous)'} ${(f.url ?? '').split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`
        : '?';
      table.set(key, (table.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
    });
  }
  return out;
}

/** Tasks over 2 ms on the page's and the worker's threads, and script requests, from navigation. */
function timeline(events: TraceEvent[], all: boolean): string[] {
  const threadName = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name')
      threadName.set(`${e.pid}:${e.tid}`, String(e.args?.name ?? '?'));
  const start = events.find((e) => e.name === 'navigationStart')?.ts ?? events[0]?.ts ?? 0;
  const lines: { ts: number; text: string }[] = [];
  for (const e of events) {
    const thread = threadName.get(`${e.pid}:${e.tid}`) ?? '';
    if (!/CrRendererMain|DedicatedWorker/.test(thread) || e.ts < start) continue;
    const at = ((e.ts - start) / 1000).toFixed(1).padStart(7);
    const who = thread.startsWith('Dedicated') ? 'worker' : 'page  ';
    const ms = ((e.dur ?? 0) / 1000).toFixed(1);
    if (all && e.ph === 'X' && (e.dur ?? 0) > 1000) {
      const args = JSON.stringify(e.args ?? {}).slice(0, 120);
      lines.push({ ts: e.ts, text: `${at} ${who} ${e.name} ${ms} ms ${args}` });
    } else if (e.name.endsWith('RunTask') && e.ph === 'X' && (e.dur ?? 0) > 2000) {
      lines.push({ ts: e.ts, text: `${at} ${who} task ${ms} ms` });
    } else if (e.name === 'ResourceSendRequest') {
      const url = String((e.args?.data as { url?: string } | undefined)?.url ?? '');
      lines.push({ ts: e.ts, text: `${at} ${who} request ${url.split('/').pop()?.slice(0, 60)}` });
    } else if (e.name === 'EvaluateScript' || e.name === 'v8.evaluateModule') {
      const url = String((e.args?.data as { url?: string } | undefined)?.url ?? '');
      lines.push({
        ts: e.ts,
        text: `${at} ${who} evaluate ${url.split('/').pop()?.slice(0, 60)} ${ms} ms`
      });
    }
  }
  return lines.sort((a, b) => a.ts - b.ts).map((l) => l.text);
}

async function main(): Promise<void> {
  const flags = new Set(['--timeline', '--timeline-all', '--grid', '--smoothing']);
  const options = parseOptions(process.argv.slice(2).filter((a) => !flags.has(a)));
  // --grid: scenario 18's page (every metric charted, 30 panels) instead of scenario 4's.
  const grid = process.argv.includes('--grid');
  const sizes = sizesFor(options);
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const server = await serveBuild({ port: 0, root: join(resolve(benchDir, '..'), 'build') });
  const { port } = server.address() as AddressInfo;
  const cs = await openCompareSession(
    `http://127.0.0.1:${port}`,
    join(benchDir, 'out'),
    options.seed,
    sizes,
    grid ? sizes.panels : 1
  );
  // --smoothing: traces scenario 5's (19's with --grid) change of the EMA weight instead.
  const smoothing = process.argv.includes('--smoothing');
  const settings = compareSettings({
    ...(grid ? { charts: null } : {}),
    ...(smoothing ? { smoothing: { kind: 'ema', weight: 0.6 } } : {})
  });
  try {
    // One untraced navigation first (the HTTP cache and code cache warm, as in the bench's pairs).
    await openCompare(cs, settings);
    cs.page.on('console', (m) => {
      if (m.text().startsWith('PROF')) console.log(m.text());
    });
    for (let i = 0; i < 3; i++) await openCompare(cs, settings);
    const cdp = await cs.page.context().newCDPSession(cs.page);
    let firstDraw = 0;
    const events = smoothing
      ? await trace(cdp, async () => {
          await cs.page.evaluate(armDraw('input', null, 60_000));
          await cs.page.evaluate(setSmoothingWeight(0.75));
          const wait = await cs.page.evaluate<{ start: number; end: number }>(ARMED_DRAW);
          firstDraw = wait.end - wait.start;
        })
      : await trace(cdp, async () => {
          firstDraw = (await openCompare(cs, settings)).firstDraw;
        });
    console.log(
      `${smoothing ? 'redraw after the change' : 'first draw'} at ${firstDraw.toFixed(0)} ms (traced, so slower than untraced)`
    );
    const all = process.argv.includes('--timeline-all');
    if (all || process.argv.includes('--timeline')) {
      for (const line of timeline(events, all)) console.log(line);
      return;
    }
    for (const [thread, table] of selfTimes(events)) {
      const total = [...table.values()].reduce((a, b) => a + b, 0);
      if (total < 5) continue;
      console.log(`\n${thread}: ${total.toFixed(0)} ms sampled`);
      for (const [fn, ms] of [...table].sort((a, b) => b[1] - a[1]).slice(0, 25))
        console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
    }
  } finally {
    await cs.session.close();
    server.close();
  }
}

await main();
