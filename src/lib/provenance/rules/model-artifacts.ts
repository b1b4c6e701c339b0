/**
 * The environment and models a run's artifacts state: every `MLmodel` (a logged model's folder,
 * MLflow 1.x-3.x) with the `conda.yaml`, `python_env.yaml` and `requirements.txt` beside it, and
 * environment files at the top of the artifacts (W&B's `files/requirements.txt` and
 * `conda-environment.yaml`). Only artifacts whose bytes were kept can be read.
 */
import type { Artifact } from '../../model';
import type { ProvenanceBuilder } from '../builder';
import { parseCondaYaml } from './conda-yaml';
import { parseMlmodel } from './mlmodel-file';
import { parsePythonEnvYaml } from './python-env-yaml';
import { parseRequirementsTxt } from './requirements-txt';

const decoder = new TextDecoder();

function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

/** The environment files of one folder, in the order they are trusted: pip's list first. */
function readEnvironmentFiles(
  byPath: ReadonlyMap<string, Artifact>,
  folder: string,
  label: (path: string) => string,
  into: ProvenanceBuilder,
  python: string | null = null
): void {
  const at = (name: string) => byPath.get(folder === '' ? name : `${folder}/${name}`);
  const text = (a: Artifact) => decoder.decode(a.content!);
  const requirements = at('requirements.txt');
  if (requirements?.content) {
    into.environment(
      {},
      parseRequirementsTxt(text(requirements), label(requirements.path)),
      label(requirements.path)
    );
  }
  const pythonEnv = at('python_env.yaml');
  const parsedEnv = pythonEnv?.content
    ? parsePythonEnvYaml(text(pythonEnv), label(pythonEnv.path))
    : null;
  if (pythonEnv && parsedEnv)
    into.environment({ python: parsedEnv.python }, parsedEnv.packages, label(pythonEnv.path));
  for (const name of ['conda.yaml', 'conda-environment.yaml']) {
    const conda = at(name);
    const parsed = conda?.content ? parseCondaYaml(text(conda), label(conda.path)) : null;
    if (conda && parsed)
      into.environment({ python: parsed.python }, parsed.packages, label(conda.path));
  }
  if (python !== null)
    into.environment({ python }, [], label(folder === '' ? 'MLmodel' : `${folder}/MLmodel`));
}

/**
 * Reads the artifacts' MLmodel and environment files into `into`. `label` turns an artifact path
 * into what `from` says (e.g. `artifacts/model/MLmodel`).
 */
export function readModelArtifacts(
  artifacts: readonly Artifact[],
  into: ProvenanceBuilder,
  label: (path: string) => string = (p) => `artifacts/${p}`
): void {
  const byPath = new Map(artifacts.map((a) => [a.path, a]));
  const mlmodels = artifacts.filter(
    (a) => (a.path === 'MLmodel' || a.path.endsWith('/MLmodel')) && a.content
  );
  for (const a of mlmodels) {
    const folder = folderOf(a.path);
    const parsed = parseMlmodel(
      decoder.decode(a.content!),
      label(a.path),
      folder === '' ? null : folder
    );
    if (!parsed) continue;
    into.models([parsed.model]);
    readEnvironmentFiles(byPath, folder, label, into, parsed.python);
  }
  // Top-level environment files that are not a model's (W&B writes them for the run).
  if (!mlmodels.some((a) => a.path === 'MLmodel')) readEnvironmentFiles(byPath, '', label, into);
}
