/**
 * `runlens pack PATH... -o FILE [--artifacts]`: every supported export in the PATHs (files,
 * folders, zips, other bundles) into one `.runlens` bundle, so a CI job can publish one next to
 * its build. Written to a temporary name and renamed, so a failed pack never leaves half a file.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { writeBundle, type BundleStats } from '../bundle/write-bundle';
import { IMPORTERS } from '../importers/registry';
import { parseFiles } from '../worker/import-pipeline';
import { collectInputs } from './disk-source';

export interface PackIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd?: string;
}

export interface PackArgs {
  paths: string[];
  output: string;
  artifacts: boolean;
  createdBy: string;
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Streams chunks into a file; resolves once everything is on disk. */
async function writeChunks(path: string, fill: (write: (c: Uint8Array) => void) => void) {
  const stream = createWriteStream(path);
  const done = new Promise<void>((resolvePromise, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolvePromise);
  });
  try {
    fill((chunk) => stream.write(chunk));
  } finally {
    stream.end();
  }
  await done;
}

/** Packs the PATHs; returns 0 when every input was read, 1 when any was rejected or none packed. */
export async function pack(args: PackArgs, io: PackIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const collected = await collectInputs(args.paths, cwd);
  const noop = () => {};
  const { parsed, errors } = await parseFiles(collected.inputs, IMPORTERS, noop, noop);
  const rejected = [...collected.errors, ...errors];
  for (const e of rejected) io.stderr(`runlens: ${e.file}: ${e.message}\n`);

  const views = parsed.flatMap((p) => p.views ?? []);
  const runs = parsed.reduce((n, p) => n + p.batch.runs.length, 0);
  if (runs === 0 && views.length === 0) {
    io.stderr(`runlens: nothing to pack: no runs found in ${args.paths.join(', ')}\n`);
    return 1;
  }
  const output = resolve(cwd, args.output);
  const temporary = `${output}.${process.pid}.partial`;
  let stats: BundleStats | undefined;
  try {
    await writeChunks(temporary, (write) => {
      stats = writeBundle(
        { batches: parsed.map(({ format, batch }) => ({ format, batch })), views },
        { artifacts: args.artifacts, createdBy: args.createdBy },
        write
      );
    });
    await rename(temporary, output);
  } catch (error) {
    await rm(temporary, { force: true });
    io.stderr(`runlens: ${args.output}: could not be written (${String(error)})\n`);
    return 1;
  }
  if (!stats) return 1;
  io.stdout(
    `Packed ${plural(stats.experiments, 'experiment')}, ${plural(stats.runs, 'run')}, ` +
      `${plural(stats.points, 'metric point')}` +
      (args.artifacts ? `, ${plural(stats.artifacts, 'artifact')}` : '') +
      ` into ${basename(output)} (${formatBytes(stats.bytes)}).\n`
  );
  if (rejected.length > 0) io.stderr(`runlens: ${plural(rejected.length, 'input')} rejected\n`);
  return rejected.length > 0 ? 1 : 0;
}
