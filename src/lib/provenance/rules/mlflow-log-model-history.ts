/**
 * Models a run logged, from the `mlflow.log-model.history` tag MLflow 1.x-2.x appends to on every
 * `log_model` (mlflow/models/model.py `Model.to_dict()` per entry, a JSON list in a string). Each
 * entry is the model's MLmodel content; the python_function flavor names the Python it was saved
 * with.
 */
import { isJsonObject } from '../../model/json';
import type { LoggedModel } from '../../model';

const TAG = 'mlflow.log-model.history';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export interface LogModelHistory {
  models: LoggedModel[];
  /** The Python version the python_function flavor records, when one does. */
  python: string | null;
}

/** The entries of the tag (none when it is missing or not a JSON list). */
export function modelsFromLogModelHistory(tags: ReadonlyMap<string, string>): LogModelHistory {
  const text = tags.get(TAG);
  const out: LogModelHistory = { models: [], python: null };
  if (!text) return out;
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return out;
  }
  if (!Array.isArray(list)) return out;
  for (const entry of list) {
    if (!isJsonObject(entry)) continue;
    const flavors = isJsonObject(entry.flavors) ? entry.flavors : {};
    const pyfunc = flavors.python_function;
    if (out.python === null && isJsonObject(pyfunc)) out.python = str(pyfunc.python_version);
    out.models.push({
      id: str(entry.model_id) ?? str(entry.model_uuid),
      name: null,
      artifactPath: str(entry.artifact_path),
      flavors: Object.keys(flavors).sort(),
      step: null,
      mlflowVersion: str(entry.mlflow_version),
      created: str(entry.utc_time_created),
      from: `tag ${TAG}`
    });
  }
  return out;
}
