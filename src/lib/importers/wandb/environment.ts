/**
 * Where and how a run ran, from the log's EnvironmentRecord (wandb ≥ 0.19) or
 * `wandb-metadata.json` (every version; protojson of the same record since 0.19), shown as the
 * run's `wandb.*` tags, the way Sacred's host and git facts are `sacred.*` tags. The user name
 * is `mlflow.user`, which the runs table shows as the run's user.
 */
import { isJsonObject } from '../../model/json';

export interface Environment {
  os: string;
  python: string;
  host: string;
  username: string;
  program: string;
  codePath: string;
  args: string[] | null;
  gitRemote: string;
  gitCommit: string;
  gpu: string;
  gpuCount: string;
  cuda: string;
  cpuCount: string;
  docker: string;
  /** Epoch ms of `startedAt`, or null. */
  startedAt: number | null;
}

export function emptyEnvironment(): Environment {
  return {
    os: '',
    python: '',
    host: '',
    username: '',
    program: '',
    codePath: '',
    args: null,
    gitRemote: '',
    gitCommit: '',
    gpu: '',
    gpuCount: '',
    cuda: '',
    cpuCount: '',
    docker: '',
    startedAt: null
  };
}

/** Fills what `into` lacks from `from` (the log is read first; the metadata file fills gaps). */
export function fillEnvironment(into: Environment, from: Environment): void {
  for (const key of Object.keys(into) as (keyof Environment)[]) {
    const have = into[key];
    if (have === '' || have === null) (into as unknown as Record<string, unknown>)[key] = from[key];
  }
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** What `wandb-metadata.json` says, in every shape seen (0.8 to 0.21). */
export function environmentFromMetadata(
  doc: Record<string, unknown>,
  parseTime: (t: string) => number | undefined
): Environment {
  const env = emptyEnvironment();
  env.os = text(doc.os);
  env.python = text(doc.python);
  env.host = text(doc.host);
  env.username = text(doc.username);
  env.program = text(doc.program);
  env.codePath = text(doc.codePath);
  if (Array.isArray(doc.args)) env.args = doc.args.map((a) => text(a));
  const git = isJsonObject(doc.git) ? doc.git : {};
  env.gitRemote = text(git.remote);
  env.gitCommit = text(git.commit);
  const nvidia = Array.isArray(doc.gpu_nvidia) ? doc.gpu_nvidia[0] : undefined;
  env.gpu = text(doc.gpu) || (isJsonObject(nvidia) ? text(nvidia.name) : '');
  env.gpuCount = text(doc.gpu_count);
  // `cudaVersion` is the protojson name (0.19+), `cuda_version` and `cuda` older ones.
  env.cuda = text(doc.cudaVersion) || text(doc.cuda_version) || text(doc.cuda);
  env.cpuCount = text(doc.cpu_count);
  env.docker = text(doc.docker);
  env.startedAt = typeof doc.startedAt === 'string' ? (parseTime(doc.startedAt) ?? null) : null;
  return env;
}

/** The environment as run tags. */
export function environmentTags(env: Environment, tags: Map<string, string>): void {
  const set = (key: string, value: string) => {
    if (value !== '') tags.set(key, value);
  };
  set('wandb.os', env.os);
  set('wandb.python', env.python);
  set('wandb.host', env.host);
  set('mlflow.user', env.username);
  set('wandb.program', env.program);
  if (env.codePath !== env.program) set('wandb.code_path', env.codePath);
  if (env.args !== null && env.args.length > 0) set('wandb.args', env.args.join(' '));
  set('wandb.git.remote', env.gitRemote);
  set('wandb.git.commit', env.gitCommit);
  set('wandb.gpu', env.gpu);
  set('wandb.gpu_count', env.gpuCount);
  set('wandb.cuda', env.cuda);
  set('wandb.cpu_count', env.cpuCount);
  set('wandb.docker', env.docker);
}
