/**
 * A W&B run's provenance from what `wandb-metadata.json` and the log's environment record say
 * (git remote and commit, program, arguments, Python, OS, host, GPU; see environment.ts) and the
 * files W&B saves beside them: `requirements.txt` (`pip freeze` at the start), a conda
 * `conda-environment.yaml`, and `diff.patch`, which W&B writes only when the working tree had
 * uncommitted changes (read for the files it changes, with `diff_<commit>.patch` against the
 * upstream commit; rules/git-patch.ts). The same facts stay `wandb.*` tags, as before.
 */
import type { Artifact, CodePatch, CodeProvenance, Provenance } from '../../model';
import { ProvenanceBuilder } from '../../provenance/builder';
import { gitPatchBase, parseGitPatch } from '../../provenance/rules/git-patch';
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

const decoder = new TextDecoder();

/** The saved patches whose bytes were kept (up to the preview limit), `diff.patch` first. */
function patchesOf(artifacts: readonly Artifact[]): CodePatch[] {
  const out: CodePatch[] = [];
  for (const a of artifacts) {
    const kind = gitPatchBase(a.path);
    if (!kind || !a.content) continue;
    out.push({ file: a.path, base: kind.base, files: parseGitPatch(decoder.decode(a.content)) });
  }
  return out.sort((x, y) => (x.base === null ? -1 : y.base === null ? 1 : 0));
}

function codeOf(env: Environment, dirty: boolean, patches: CodePatch[]): CodeProvenance | null {
  const entryPoint = env.codePath || env.program || null;
  if (!env.gitRemote && !env.gitCommit && !entryPoint && patches.length === 0) return null;
  return {
    repository: env.gitRemote || null,
    commit: env.gitCommit || null,
    branch: null,
    dirty: dirty ? true : null,
    entryPoint,
    command: commandOf(env),
    sourceType: null,
    ...(patches.length > 0 ? { patches } : {}),
    from: [METADATA, ...new Set([...(dirty ? ['diff.patch'] : []), ...patches.map((p) => p.file)])]
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
      artifacts.some((a) => a.path === 'diff.patch'),
      patchesOf(artifacts)
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
