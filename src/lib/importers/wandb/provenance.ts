/**
 * A W&B run's provenance from what `wandb-metadata.json` and the log's environment record say
 * (git remote and commit, program, arguments, Python, OS, host, GPU; see environment.ts) and the
 * files W&B saves beside them: `requirements.txt` (`pip freeze` at the start), a conda
 * `conda-environment.yaml`, and `diff.patch`, which W&B writes only when the working tree had
 * uncommitted changes. The same facts stay `wandb.*` tags, as before.
 */
import type { Artifact, CodeProvenance, Provenance } from '../../model';
import { ProvenanceBuilder } from '../../provenance/builder';
import { readModelArtifacts } from '../../provenance/rules/model-artifacts';
import type { Environment } from './environment';

const METADATA = 'wandb-metadata.json';

/** A shell word: quoted when it holds anything a shell would read specially. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line, when the metadata names a Python program: `python <program> <args>`, as W&B's
 * own run page writes it. A notebook or "<python with no main file>" has none.
 */
function commandOf(env: Environment): string | null {
  const program = env.codePath || env.program;
  if (program === '' || program.startsWith('<') || program.endsWith('.ipynb')) return null;
  const words = program.startsWith('-m ') ? program.split(' ') : [shellWord(program)];
  return ['python', ...words, ...(env.args ?? []).map(shellWord)].join(' ');
}

function codeOf(env: Environment, dirty: boolean): CodeProvenance | null {
  const entryPoint = env.codePath || env.program || null;
  if (!env.gitRemote && !env.gitCommit && !entryPoint) return null;
  return {
    repository: env.gitRemote || null,
    commit: env.gitCommit || null,
    branch: null,
    dirty: dirty ? true : null,
    entryPoint,
    command: commandOf(env),
    sourceType: null,
    from: [METADATA, ...(dirty ? ['diff.patch'] : [])]
  };
}

function hardwareOf(env: Environment): string | null {
  if (!env.gpu) return null;
  const count = env.gpuCount && env.gpuCount !== '1' ? `${env.gpuCount} × ` : '';
  return `${count}${env.gpu}${env.cuda ? `, CUDA ${env.cuda}` : ''}`;
}

/** The run's provenance, or undefined when the files say nothing of it. */
export function wandbProvenance(
  env: Environment,
  artifacts: readonly Artifact[]
): Provenance | undefined {
  const into = new ProvenanceBuilder();
  into.code(
    codeOf(
      env,
      artifacts.some((a) => a.path === 'diff.patch')
    )
  );
  into.environment(
    {
      python: env.python || null,
      os: env.os || null,
      host: env.host || null,
      hardware: hardwareOf(env)
    },
    [],
    METADATA
  );
  readModelArtifacts(artifacts, into, (p) => p);
  return into.build();
}
