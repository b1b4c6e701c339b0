/**
 * The `runlens` command line: `runlens summary PATH... [--json]` runs the app's importers over files
 * and folders on disk and prints what they hold (SUMMARY.md). `runCli` does no process I/O of its
 * own, so tests call it in-process; bin/runlens.js wires it to the real process.
 */
import { readFile } from 'node:fs/promises';
import { IMPORTERS } from '../importers/registry';
import { parseFiles } from '../worker/import-pipeline';
import { collectInputs } from './disk-source';
import { pack } from './pack';
import { pullCommand } from './pull';
import { buildSummary } from './summary';
import { formatSummaryJson, formatSummaryTable } from './summary-format';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Folder that relative PATHs are read from; the process's working folder when absent. */
  cwd?: string;
}

/** Exit codes (SUMMARY.md): every input read, some file rejected, the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage:
  runlens summary PATH... [--json]   summarise the runs in files and folders
  runlens pack PATH... -o FILE [--artifacts]
                                     pack them into one .runlens bundle
  runlens pull URL [--experiment NAME] [--filter QUERY] -o FILE
                                     runs of an MLflow tracking server into a bundle
  runlens --help                     show this help
  runlens --version                  show the version

summary reads each PATH (a file, or a folder walked recursively) with the importers the app uses
and prints one line per run, or with --json one JSON document. Exit code: 0 when every input was
read, 1 when a file was rejected (the error is listed), 2 for a usage error.

pack reads the PATHs the same way and writes every run (all metric points, params, tags, notes;
artifact bytes with --artifacts) into FILE, which the app imports to restore them. Exit code: 0
when every input was packed, 1 when a file was rejected (the rest is packed) or nothing was found,
2 for a usage error.
`;

async function version(): Promise<string> {
  const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
  const pkg = JSON.parse(text) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

const noop = () => {};

function usageError(io: CliIo, problem: string): number {
  io.stderr(`runlens: ${problem}\nRun 'runlens --help' for usage.\n`);
  return EXIT_USAGE;
}

async function summary(args: readonly string[], io: CliIo): Promise<number> {
  const paths: string[] = [];
  let json = false;
  let optionsDone = false;
  for (const arg of args) {
    if (optionsDone || !arg.startsWith('-')) paths.push(arg);
    else if (arg === '--') optionsDone = true;
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      io.stdout(USAGE);
      return EXIT_OK;
    } else if (arg === '-')
      return usageError(io, 'summary cannot read standard input; name a file');
    else return usageError(io, `unknown option ${JSON.stringify(arg)} for summary`);
  }
  if (paths.length === 0) return usageError(io, 'summary needs at least one PATH (file or folder)');

  const collected = await collectInputs(paths, io.cwd ?? process.cwd());
  // Files no importer reads are errors when named on the command line (naming what they look
  // like), and listed under "skipped" with the reason when found inside a folder: parseFiles
  // applies that rule.
  const result = await parseFiles(collected.inputs, IMPORTERS, noop, noop);
  const doc = buildSummary({ ...result, errors: [...collected.errors, ...result.errors] });
  if (json) {
    io.stdout(formatSummaryJson(doc));
    if (doc.errors.length > 0) {
      io.stderr(`runlens: ${doc.errors.length} input(s) rejected (listed under "errors")\n`);
    }
  } else {
    io.stdout(formatSummaryTable(doc, collected.inputs.length));
  }
  return doc.errors.length > 0 ? EXIT_REJECTED : EXIT_OK;
}

async function packCommand(args: readonly string[], io: CliIo): Promise<number> {
  const paths: string[] = [];
  let output: string | null = null;
  let artifacts = false;
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsDone || !arg.startsWith('-')) paths.push(arg);
    else if (arg === '--') optionsDone = true;
    else if (arg === '--artifacts') artifacts = true;
    else if (arg === '-o' || arg === '--output') {
      const next = args[++i];
      if (next === undefined) return usageError(io, `${arg} needs a file name`);
      output = next;
    } else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (arg === '--help' || arg === '-h') {
      io.stdout(USAGE);
      return EXIT_OK;
    } else return usageError(io, `unknown option ${JSON.stringify(arg)} for pack`);
  }
  if (paths.length === 0) return usageError(io, 'pack needs at least one PATH (file or folder)');
  if (!output) return usageError(io, 'pack needs an output file: -o runs.runlens');
  const createdBy = `Runlens ${await version()} (runlens pack)`;
  return pack({ paths, output, artifacts, createdBy }, io);
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) return usageError(io, 'no command given');
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === '--version') {
    io.stdout(`${await version()}\n`);
    return EXIT_OK;
  }
  if (command === 'summary') return summary(rest, io);
  if (command === 'pack') return packCommand(rest, io);
  if (command === 'pull') return pullCommand(rest, io, `Runlens ${await version()} (runlens pull)`);
  if (command.startsWith('-')) return usageError(io, `unknown option ${JSON.stringify(command)}`);
  return usageError(io, `unknown command ${JSON.stringify(command)}`);
}
