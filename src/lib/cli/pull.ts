/**
 * `runlens pull URL [--experiment NAME]... [--filter QUERY] [--deleted] -o FILE`: runs from a live
 * MLflow tracking server, with every point of every metric and their artifacts listed, into one
 * `.runlens` bundle that shares without the server (docs/mlflow-server.md). Credentials come from
 * the environment (RUNLENS_MLFLOW_TOKEN, or MLFLOW_TRACKING_USERNAME and _PASSWORD) or the URL,
 * and never reach the bundle: runs name the server by its address without them.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { writeBundle, type BundleStats } from '../bundle/write-bundle';
import { authFromEnv, authFromUrl } from '../mlflow-server/auth';
import { MlflowServerError } from '../mlflow-server/errors';
import { SERVER_FORMAT } from '../mlflow-server/map-json';
import { pullRuns, type PullProgress } from '../mlflow-server/pull-runs';
import { MlflowServerClient, type FetchLike } from '../mlflow-server/rest-client';

export interface PullIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** For tests; the global fetch otherwise. */
  fetch?: FetchLike;
}

export interface PullArgs {
  url: string;
  output: string;
  experiments: string[];
  filter: string;
  deleted: boolean;
  createdBy: string;
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
}

/** One stderr line per phase change and every 10% of a phase: enough for CI logs. */
function progressPrinter(io: PullIo) {
  let lastPhase = '';
  let lastTenth = -1;
  return (p: PullProgress) => {
    const tenth = p.total ? Math.floor((10 * p.done) / p.total) : -1;
    if (p.phase === lastPhase && (p.total === null || tenth === lastTenth)) return;
    lastPhase = p.phase;
    lastTenth = tenth;
    const of = p.total === null ? '' : ` of ${p.total.toLocaleString('en-US')}`;
    const what = {
      experiments: 'experiments',
      runs: 'runs found',
      histories: 'runs with full histories',
      artifacts: 'runs with artifacts listed'
    }[p.phase];
    io.stderr(`runlens pull: ${p.done.toLocaleString('en-US')}${of} ${what}\n`);
  };
}

/** Pulls and writes the bundle; 0 on success, 1 when the server or the file failed. */
export async function pull(args: PullArgs, io: PullIo): Promise<number> {
  let client: MlflowServerClient;
  try {
    const auth = authFromEnv(io.env ?? process.env) ?? authFromUrl(args.url);
    client = new MlflowServerClient({ url: args.url, auth, fetch: io.fetch });
  } catch {
    io.stderr(
      `runlens: pull: ${JSON.stringify(args.url)} is not a server address (http://host:port)\n`
    );
    return 2;
  }
  let result;
  try {
    const { version } = await client.probe();
    io.stderr(`runlens pull: ${client.address} is MLflow ${version ?? '(version not given)'}\n`);
    result = await pullRuns(client, {
      experiments: args.experiments,
      filter: args.filter,
      includeDeleted: args.deleted,
      onProgress: progressPrinter(io)
    });
  } catch (error) {
    if (error instanceof MlflowServerError) {
      io.stderr(`runlens: pull from ${error.message}\n`);
      return 1;
    }
    if (error instanceof SyntaxError) {
      io.stderr(`runlens: pull: ${error.message}\n`);
      return 2;
    }
    io.stderr(`runlens: pull from ${client.address}: ${String(error)}\n`);
    return 1;
  }
  if (result.split.serverFilter) {
    io.stderr(`runlens pull: filtered on the server: ${result.split.serverFilter}\n`);
  }
  if (result.split.localText) {
    io.stderr(`runlens pull: finished locally: ${result.split.localText}\n`);
  }

  const output = resolve(io.cwd ?? process.cwd(), args.output);
  const temporary = `${output}.${process.pid}.partial`;
  let stats: BundleStats | undefined;
  try {
    const stream = createWriteStream(temporary);
    const done = new Promise<void>((ok, fail) => {
      stream.on('error', fail);
      stream.on('finish', ok);
    });
    try {
      stats = writeBundle(
        { batches: [{ format: SERVER_FORMAT, batch: result.batch }], views: [] },
        { artifacts: false, createdBy: args.createdBy },
        (chunk) => stream.write(chunk)
      );
    } finally {
      stream.end();
    }
    await done;
    await rename(temporary, output);
  } catch (error) {
    await rm(temporary, { force: true });
    io.stderr(`runlens: ${args.output}: could not be written (${String(error)})\n`);
    return 1;
  }
  if (!stats) return 1;
  const listed = result.batch.runs.reduce((n, r) => n + r.artifacts.length, 0);
  io.stdout(
    `Pulled ${plural(stats.experiments, 'experiment')}, ${plural(stats.runs, 'run')}, ` +
      `${plural(stats.points, 'metric point')} and ${plural(listed, 'artifact')} listed ` +
      `from ${client.address} into ${basename(output)}.\n`
  );
  return 0;
}

export const PULL_USAGE = `Usage:
  runlens pull URL [--experiment NAME]... [--filter QUERY] [--deleted] -o FILE

Fetches runs from a live MLflow tracking server (every metric point, params, tags, artifacts
listed) into a .runlens bundle. --experiment (repeatable) takes a name or an id; all active
experiments by default. --filter takes the Runlens filter language: what MLflow understands is
sent to the server, the rest (OR, NOT, regex, min()/max()...) is finished locally. --deleted
includes deleted runs. Credentials: RUNLENS_MLFLOW_TOKEN (bearer), or MLFLOW_TRACKING_USERNAME
and MLFLOW_TRACKING_PASSWORD (basic auth); they are never written into the bundle.
Exit code: 0 when written, 1 when the server or the file failed, 2 for a usage error.
`;

/** Parses `pull`'s arguments and runs it; `createdBy` names the Runlens version in the header. */
export async function pullCommand(
  argv: readonly string[],
  io: PullIo,
  createdBy: string
): Promise<number> {
  const usage = (problem: string) => {
    io.stderr(`runlens: pull: ${problem}\nRun 'runlens pull --help' for usage.\n`);
    return 2;
  };
  const args: PullArgs = {
    url: '',
    output: '',
    experiments: [],
    filter: '',
    deleted: false,
    createdBy
  };
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new RangeError(`${arg} needs a value`);
      return next;
    };
    try {
      if (arg === '--help' || arg === '-h') {
        io.stdout(PULL_USAGE);
        return 0;
      } else if (arg === '-o' || arg === '--output') args.output = value();
      else if (arg.startsWith('--output=')) args.output = arg.slice('--output='.length);
      else if (arg === '--experiment' || arg === '-e') args.experiments.push(value());
      else if (arg.startsWith('--experiment=')) args.experiments.push(arg.slice(13));
      else if (arg === '--filter') args.filter = value();
      else if (arg.startsWith('--filter=')) args.filter = arg.slice('--filter='.length);
      else if (arg === '--deleted') args.deleted = true;
      else if (arg.startsWith('-')) return usage(`unknown option ${JSON.stringify(arg)}`);
      else urls.push(arg);
    } catch (error) {
      return usage((error as Error).message);
    }
  }
  if (urls.length !== 1) return usage('give one server address, e.g. http://127.0.0.1:5000');
  if (!args.output) return usage('needs an output file: -o runs.runlens');
  args.url = urls[0]!;
  return pull(args, io);
}
