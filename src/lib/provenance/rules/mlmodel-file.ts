/**
 * MLflow's `MLmodel` file (mlflow/models/model.py `Model.to_yaml`), the descriptor of a logged
 * model: `artifact_path`, `flavors` (python_function has `python_version` and the `env` files),
 * `run_id`, `model_uuid` (and 3.x `model_id`), `mlflow_version`, `utc_time_created`.
 */
import type { LoggedModel } from '../../model';
import { isJsonObject } from '../../model/json';
import { readYamlMapping, scalarText } from './safe-yaml';

export interface MlmodelFile {
  model: LoggedModel;
  python: string | null;
  runId: string | null;
}

/**
 * The model an MLmodel describes; `artifactPath` is its folder among the run's artifacts (the
 * file's own `artifact_path` is a full URI in 3.x). Null when the file is not an MLmodel.
 */
export function parseMlmodel(
  text: string,
  from: string,
  artifactPath: string | null
): MlmodelFile | null {
  const doc = readYamlMapping(text);
  if (!doc || !isJsonObject(doc.flavors)) return null;
  const pyfunc = doc.flavors.python_function;
  const written = scalarText(doc.artifact_path);
  return {
    model: {
      id: scalarText(doc.model_id) ?? scalarText(doc.model_uuid),
      name: null,
      artifactPath: artifactPath ?? (written && !written.includes(':') ? written : null),
      flavors: Object.keys(doc.flavors).sort(),
      step: null,
      mlflowVersion: scalarText(doc.mlflow_version),
      created: scalarText(doc.utc_time_created),
      from
    },
    python: isJsonObject(pyfunc) ? scalarText(pyfunc.python_version) : null,
    runId: scalarText(doc.run_id)
  };
}
