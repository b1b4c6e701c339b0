/**
 * The code a run ran, from the tags MLflow sets itself (mlflow/utils/mlflow_tags.py, 2.x-3.x:
 * `mlflow.source.*`, `mlflow.project.*`, the 1.x `mlflow.gitRepoURL`, and Databricks'
 * `mlflow.databricks.gitRepo*` for notebooks in a Repo). These stay tags (the export calls them
 * tags); this rule only reads them.
 */
import type { CodeProvenance } from '../../model';

const nonEmpty = (s: string | undefined): string | null => (s !== undefined && s !== '' ? s : null);

/** The first of `keys` the tags hold, with the key it came from. */
function first(tags: ReadonlyMap<string, string>, keys: readonly string[]) {
  for (const key of keys) {
    const value = nonEmpty(tags.get(key));
    if (value !== null) return { value, key };
  }
  return null;
}

/** Code provenance from MLflow's own tags, or null when they say nothing of the code. */
export function codeFromMlflowTags(tags: ReadonlyMap<string, string>): CodeProvenance | null {
  const from: string[] = [];
  const take = (...keys: string[]) => {
    const found = first(tags, keys);
    if (found) from.push(`tag ${found.key}`);
    return found?.value ?? null;
  };
  const commit = take('mlflow.source.git.commit', 'mlflow.databricks.gitRepoCommit');
  const repository = take(
    'mlflow.source.git.repoURL',
    'mlflow.gitRepoURL',
    'mlflow.databricks.gitRepoUrl'
  );
  let branch = take('mlflow.source.git.branch');
  // Databricks names a branch or a tag in gitRepoReference; only a branch is a branch.
  if (branch === null && tags.get('mlflow.databricks.gitRepoReferenceType') === 'branch') {
    branch = take('mlflow.databricks.gitRepoReference');
  }
  const entryPoint = take('mlflow.source.name');
  const projectEntry = take('mlflow.project.entryPoint');
  const sourceType = take('mlflow.source.type');
  if (from.length === 0 || (from.length === 1 && sourceType !== null)) {
    // A bare source type (set on every run) says nothing of the code.
    return null;
  }
  return {
    repository,
    commit,
    branch,
    dirty: null,
    entryPoint: entryPoint ?? projectEntry,
    // An MLflow project's entry point is a name in its MLproject file: `mlflow run` takes it.
    command:
      projectEntry !== null && sourceType === 'PROJECT' && repository !== null
        ? `mlflow run ${repository}${commit ? ` --version ${commit}` : ''} -e ${projectEntry}`
        : null,
    sourceType,
    from
  };
}
