/**
 * An MLflow run's provenance from everything an MLflow export holds: MLflow's own tags (code, the
 * log-model history), the dataset inputs and logged models its importer read, and the MLmodel and
 * environment files among its artifacts. Every MLflow importer (FileStore, SQLite, JSON exports,
 * CSV) calls this once per run.
 */
import type { DatasetInput, LoggedModel, Provenance, Run } from '../model';
import { ProvenanceBuilder } from './builder';
import { codeFromMlflowTags } from './rules/mlflow-tags';
import { modelsFromLogModelHistory } from './rules/mlflow-log-model-history';
import { readModelArtifacts } from './rules/model-artifacts';

export interface MlflowLinks {
  data?: readonly DatasetInput[];
  /** Logged models the store links to the run (MLflow 3.x), with what their own files said. */
  models?: readonly LoggedModel[];
  /** More environment and models, read by the importer from a logged model's own artifacts. */
  more?: (into: ProvenanceBuilder) => void;
}

/** The run's provenance, or undefined when nothing in the export speaks of it. */
export function mlflowRunProvenance(
  run: Pick<Run, 'tags' | 'artifacts'>,
  links: MlflowLinks = {}
): Provenance | undefined {
  const into = new ProvenanceBuilder();
  into.code(codeFromMlflowTags(run.tags));
  into.data(links.data ?? []);
  into.models(links.models ?? []);
  readModelArtifacts(run.artifacts, into);
  links.more?.(into);
  const history = modelsFromLogModelHistory(run.tags);
  into.models(history.models);
  if (history.python !== null)
    into.environment({ python: history.python }, [], 'tag mlflow.log-model.history');
  return into.build();
}
