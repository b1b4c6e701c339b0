/**
 * What each main-thread long task of an import is (scenario 9; not part of `npm run bench`; run
 * by hand after a build, an unminified one names the functions: `npx vite build --minify false`):
 *   node --import tsx bench/profile-long-tasks.ts [--quick] [--seed N] [--json] [--repeat N] [--twice]
 *     [--min MS]
 * Imports scenario 1's mlruns/ (or with --json scenario 2's run.json) through the app's picker in
 * a fresh profile (with --twice, once untraced first: the traced import then replaces the same
 * runs in a library the table already lists) while Chromium records a trace (devtools.timeline and V8's sampling profiler),
 * then prints every task over 50 ms (or --min MS) on the page's main thread: the trace events under it (event
 * dispatches, callbacks, style, layout) and the JavaScript functions with the most self time in it.
 */
import type { CDPSession } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBuild } from '../scripts/serve.js';
import { generateExportJson } from './generate/export-json';
import { generateMlruns } from './generate/mlruns';
import { openApp, openSession } from './lib/browser';
import { parseOptions, sizesFor } from './lib/options';
import { appImport } from './scenarios/import-common';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      type?: string;
      functionName?: string;
      url?: string;
      startTime?: number;
      cpuProfile?: {
        nodes?: {
          id: number;
          parent?: number;
          callFrame: { functionName: string; url: string; lineNumber: number };
        }[];
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
}

async function record(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8.execute',
        'disabled-by-default-v8.cpu_profiler',
        'blink.user_timing'
      ]
    }
  });
  await run();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** The renderer's main thread: the thread named CrRendererMain with the most events. */
function mainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const named = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = { pid: 0, tid: 0, n: -1 };
  for (const t of named) {
    const n = events.filter((e) => e.pid === t.pid && e.tid === t.tid).length;
    if (n > best.n) best = { pid: t.pid, tid: t.tid, n };
  }
  return best;
}

/** Samples of V8's profiler on that thread: (time, stack of function names), leaf first. */
function samplesOf(events: TraceEvent[], thread: { pid: number; tid: number }) {
  const nodes = new Map<number, { parent?: number; label: string }>();
  const out: { ts: number; stack: string[] }[] = [];
  const profileIds = new Set(
    events
      .filter((e) => e.name === 'Profile' && e.pid === thread.pid && e.tid === thread.tid)
      .map((e) => e.id)
  );
  let ts = 0;
  for (const e of events) {
    if (e.name === 'Profile' && profileIds.has(e.id)) ts = e.args?.data?.startTime ?? ts;
    if (e.name !== 'ProfileChunk' || !profileIds.has(e.id)) continue;
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) {
      const f = node.callFrame;
      const file = f?.url?.split('/').pop() ?? '';
      nodes.set(node.id, {
        parent: node.parent ?? nodes.get(node.id)?.parent,
        label: `${f?.functionName || '(anonymous)'} ${file}:${(f?.lineNumber ?? 0) + 1}`
      });
    }
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (const [i, id] of samples.entries()) {
      ts += deltas[i] ?? 0;
      const stack: string[] = [];
      for (let n: number | undefined = id; n !== undefined; n = nodes.get(n)?.parent) {
        const label = nodes.get(n)?.label;
        if (label) stack.push(label);
      }
      out.push({ ts, stack });
    }
  }
  return out;
}

const CHILDREN = new Set([
  'EventDispatch',
  'FunctionCall',
  'TimerFire',
  'FireAnimationFrame',
  'RunMicrotasks',
  'UpdateLayoutTree',
  'Layout',
  'Paint',
  'PrePaint',
  'Layerize',
  'ParseHTML',
  'GCEvent',
  'MinorGC',
  'MajorGC',
  'V8.GC_SCAVENGER',
  'HitTest'
]);

function report(events: TraceEvent[], minMs: number): void {
  const thread = mainThread(events);
  const on = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X');
  const tasks = on.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= minMs * 1000);
  const samples = samplesOf(events, thread);
  console.log(`${tasks.length} task(s) of ${minMs} ms or more on the page's main thread`);
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    console.log(`\n== task of ${(task.dur! / 1000).toFixed(1)} ms`);
    const parts = new Map<string, number>();
    for (const e of on) {
      if (e.ts < task.ts || e.ts >= end || !CHILDREN.has(e.name)) continue;
      const d = e.args?.data;
      const what =
        e.name === 'EventDispatch'
          ? `EventDispatch ${d?.type}`
          : e.name === 'FunctionCall'
            ? `FunctionCall ${d?.functionName || '(anonymous)'} ${d?.url?.split('/').pop() ?? ''}`
            : e.name;
      parts.set(what, (parts.get(what) ?? 0) + (e.dur ?? 0));
    }
    // A task with none of these: name whatever ran in it.
    if (parts.size === 0) {
      for (const e of on) {
        if (e.ts < task.ts || e.ts >= end || e === task) continue;
        parts.set(e.name, (parts.get(e.name) ?? 0) + (e.dur ?? 0));
      }
    }
    for (const [what, us] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 10))
      console.log(`   ${(us / 1000).toFixed(1).padStart(7)} ms  ${what}`);
    const inside = samples.filter((s) => s.ts >= task.ts && s.ts < end);
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    for (const s of inside) {
      const leaf = s.stack[0] ?? '(none)';
      self.set(leaf, (self.get(leaf) ?? 0) + 1);
      for (const label of new Set(s.stack)) total.set(label, (total.get(label) ?? 0) + 1);
    }
    const ms = (n: number) => ((n / Math.max(1, inside.length)) * task.dur!) / 1000;
    console.log(`   self time (${inside.length} samples):`);
    for (const [label, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12))
      console.log(`   ${ms(n).toFixed(1).padStart(7)} ms  ${label}`);
    console.log(`   total time:`);
    // The page's own functions first: the framework's runtime frames say little.
    const runtime = /^(\(|[a-z_]+ |#)/;
    const ranked = [...total].sort((a, b) => b[1] - a[1]);
    for (const [label, n] of [
      ...ranked.filter(([l]) => !runtime.test(l)).slice(0, 20),
      ...ranked.filter(([l]) => runtime.test(l)).slice(0, 8)
    ])
      console.log(`   ${ms(n).toFixed(1).padStart(7)} ms  ${label}`);
  }
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const twice = args.includes('--twice');
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 1;
const minAt = args.indexOf('--min');
const minMs = minAt >= 0 ? Number(args[minAt + 1]) : 50;
const options = parseOptions(
  args.filter(
    (a, i) =>
      !['--json', '--twice', '--repeat', '--min'].includes(a) &&
      !['--repeat', '--min'].includes(args[i - 1] ?? '')
  )
);
const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');
const sizes = sizesFor(options);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const server = await serveBuild({ port: 0, root: join(root, 'build') });
const { port } = server.address() as AddressInfo;
const input = json
  ? { path: generateExportJson(outDir, options.seed, sizes.exportJsonBytes).file, runs: 1 }
  : (() => {
      const m = generateMlruns(outDir, options.seed, sizes.mlruns);
      return { path: m.dir, runs: m.runs };
    })();
try {
  for (let i = 0; i < repeat; i++) {
    const session = await openSession(`http://127.0.0.1:${port}`, outDir);
    try {
      await openApp(session.page);
      const testId = json ? 'import-input' : 'import-folder-input';
      if (twice) await appImport(session.page, testId, input.path, input.runs);
      const cdp = await session.context.newCDPSession(session.page);
      let summary = '';
      const events = await record(cdp, async () => {
        const { sample } = await appImport(session.page, testId, input.path, input.runs);
        summary = `import ${Math.round(sample.ms)} ms; long tasks ${sample.longTasks?.count}, longest ${sample.longTasks?.longest_ms} ms; ${sample.longTasks?.scripts.join('; ')}`;
      });
      console.log(`\n##### import ${i + 1}/${repeat}: ${summary}`);
      report(events, minMs);
    } finally {
      await session.close();
    }
  }
} finally {
  server.close();
}
