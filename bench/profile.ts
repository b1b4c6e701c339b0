/**
 * Where the app spends an mlruns/ import, or with --tfevents a TensorBoard logdir import, --wandb
 * scenario 14's W&B run folder, --json scenario 2's export run.json (not part of `npm run bench`;
 * run by hand):
 *   node --import tsx bench/profile.ts [--quick] [--seed N] [--tfevents | --wandb | --json]
 * 1. The worker's CPU work (parse + prepare, the same modules the worker runs) profiled in Node
 *    with node:inspector, with the V8 serialisation IndexedDB would do timed on top. With
 *    --tfevents, scenario 12's baseline reader (framing, both CRCs, scalar decoding) is timed on
 *    the same files first, for comparison.
 * 2. The page's main thread during a real import of the folder in Chromium, profiled through CDP
 *    (not for --json, a single file).
 * Both print the functions with the most self time. Uses build/ as it is (run the bench first).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { prepareImport } from '../src/lib/db/prepare';
import { IMPORTERS } from '../src/lib/importers/registry';
import { sourceFromBytes, type SourceFile } from '../src/lib/importers/source';
import { parseFiles } from '../src/lib/worker/import-pipeline';
import { serveBuild } from '../scripts/serve.js';
import { generateExportJson } from './generate/export-json';
import { generateMlruns } from './generate/mlruns';
import { generateTfevents } from './generate/tfevents';
import { generateWandb } from './generate/wandb';
import { openApp, openSession } from './lib/browser';
import { parseOptions, sizesFor } from './lib/options';
import { loadTfRecordReader } from './page/tfrecord-reader';
import { appImport } from './scenarios/import-common';

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** The functions with the most self time in a V8 CPU profile. */
function topSelf(profile: { nodes: ProfileNode[]; samples?: number[] }, total: number, n = 15) {
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
    .slice(0, n)
    .map(([k, h]) => `${((h / hits) * total).toFixed(0).padStart(7)} ms  ${k}`);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Scenario 12's baseline reader over every event file of the logdir, in Node. */
function baselineReader(dir: string): void {
  const { newRun, readEventFile } = loadTfRecordReader();
  const files = walk(dir)
    .filter((path) => path.includes('tfevents'))
    .sort()
    .map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
  const size = files.reduce((sum, f) => sum + f.bytes.length, 0);
  const t0 = performance.now();
  let scalars = 0;
  for (const { path, bytes } of files) {
    const run = newRun(dirname(path));
    readEventFile(bytes, run, path);
    scalars += run.scalars;
  }
  const ms = performance.now() - t0;
  console.log(
    `Baseline reader in Node: ${scalars.toLocaleString('en')} scalars from ${(size / 1e6).toFixed(0)} MB in ${Math.round(ms)} ms ` +
      `(${(scalars / ms / 1000).toFixed(2)} M events/s, both CRCs of every record checked)`
  );
}

/** Profiles the worker's pipeline in Node; returns how many runs it parsed. */
async function workerSide(dir: string, paths = walk(dir)): Promise<number> {
  const base = dirname(dir);
  const files: SourceFile[] = paths.map((path) => ({
    ...sourceFromBytes(relative(base, path), new Uint8Array(readFileSync(path))),
    fromFolder: true
  }));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  const parsed = await parseFiles(
    files,
    IMPORTERS,
    () => undefined,
    () => undefined
  );
  const t1 = performance.now();
  const prepared = prepareImport('profile', parsed.parsed, Date.now());
  const t2 = performance.now();
  const { profile } = await session.post('Profiler.stop');
  let bytes = 0;
  for (const chunk of prepared.chunks) bytes += serialize(chunk).length;
  const t3 = performance.now();
  session.disconnect();
  console.log(
    `Worker pipeline in Node: parse ${Math.round(t1 - t0)} ms, prepare ${Math.round(t2 - t1)} ms, ` +
      `v8.serialize of ${prepared.chunks.length} chunk rows ${Math.round(t3 - t2)} ms (${(bytes / 1e6).toFixed(1)} MB)`
  );
  console.log(topSelf(profile as { nodes: ProfileNode[] }, t2 - t0).join('\n'));
  return parsed.parsed.reduce((n, p) => n + p.batch.runs.length, 0);
}

async function mainThread(dir: string, runs: number, outDir: string): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const server = await serveBuild({ port: 0, root: join(root, 'build') });
  const { port } = server.address() as AddressInfo;
  const session = await openSession(`http://127.0.0.1:${port}`, outDir);
  try {
    await openApp(session.page);
    const cdp = await session.context.newCDPSession(session.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const t0 = performance.now();
    const { sample } = await appImport(session.page, 'import-folder-input', dir, runs);
    const total = performance.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    console.log(
      `\nPage main thread during the import (${Math.round(sample.ms)} ms; long tasks ${sample.longTasks?.count}, longest ${sample.longTasks?.longest_ms} ms):`
    );
    const busy = topSelf(profile as unknown as { nodes: ProfileNode[] }, total, 25).filter(
      (line) => !line.includes('(idle)') && !line.includes('(program)')
    );
    console.log(busy.slice(0, 15).join('\n'));
  } finally {
    await session.close();
    server.close();
  }
}

const args = process.argv.slice(2);
const kind = args.includes('--tfevents')
  ? 'tfevents'
  : args.includes('--wandb')
    ? 'wandb'
    : args.includes('--json')
      ? 'json'
      : 'mlruns';
const options = parseOptions(args.filter((a) => !['--tfevents', '--wandb', '--json'].includes(a)));
const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');
const sizes = sizesFor(options);
if (kind === 'json') {
  const input = generateExportJson(outDir, options.seed, sizes.exportJsonBytes);
  await workerSide(dirname(input.file), [input.file]);
} else {
  const input =
    kind === 'tfevents'
      ? generateTfevents(outDir, options.seed, sizes.tfevents)
      : kind === 'wandb'
        ? { ...generateWandb(outDir, options.seed, { rows: sizes.wandbRows }), runs: 1 }
        : generateMlruns(outDir, options.seed, sizes.mlruns);
  if (kind === 'tfevents') baselineReader(input.dir);
  const runs = await workerSide(input.dir);
  if (runs === input.runs) await mainThread(input.dir, input.runs, outDir);
  else console.log(`\nThe app's importers read ${runs} of ${input.runs} runs: no page profile.`);
}
