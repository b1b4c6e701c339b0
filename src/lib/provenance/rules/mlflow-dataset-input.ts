/**
 * Dataset inputs (MLflow 2.4+, mlflow/entities/dataset_input.py): a dataset (name, digest,
 * source_type, source, schema, profile) and input tags, of which `mlflow.data.context` says how it
 * was used. Read from the JSON of mlflow-export-import and run dumps (`inputs` /
 * `inputs.dataset_inputs`), and built from FileStore and SQLite records by their importers.
 */
import { isJsonObject } from '../../model/json';
import type { DatasetInput } from '../../model';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A dataset input from its parts; a missing name is the digest, then "dataset". */
export function datasetInput(
  parts: Partial<Omit<DatasetInput, 'from'>>,
  from: string
): DatasetInput {
  return {
    name: parts.name || parts.digest || 'dataset',
    digest: parts.digest ?? null,
    sourceType: parts.sourceType ?? null,
    source: parts.source ?? null,
    context: parts.context ?? null,
    schema: parts.schema ?? null,
    profile: parts.profile ?? null,
    from
  };
}

/** The context among input tags given as `[{key, value}]` or `{key: value}`. */
function contextOf(tags: unknown): string | null {
  if (Array.isArray(tags)) {
    for (const t of tags)
      if (isJsonObject(t) && t.key === 'mlflow.data.context') return str(t.value);
    return null;
  }
  return isJsonObject(tags) ? str(tags['mlflow.data.context']) : null;
}

/**
 * The dataset inputs of a JSON run: `inputs` as a list (mlflow-export-import) or as
 * `{dataset_inputs: [...]}` (`Run.to_dictionary()`, the REST API). Entries that are not dataset
 * inputs are left out.
 */
export function datasetInputsFromJson(inputs: unknown, from: string): DatasetInput[] {
  const list = Array.isArray(inputs)
    ? inputs
    : isJsonObject(inputs) && Array.isArray(inputs.dataset_inputs)
      ? inputs.dataset_inputs
      : [];
  const out: DatasetInput[] = [];
  for (const item of list) {
    if (!isJsonObject(item) || !isJsonObject(item.dataset)) continue;
    const d = item.dataset;
    out.push(
      datasetInput(
        {
          name: str(d.name) ?? undefined,
          digest: str(d.digest),
          sourceType: str(d.source_type),
          source: str(d.source),
          schema: str(d.schema),
          profile: str(d.profile),
          context: contextOf(item.tags)
        },
        from
      )
    );
  }
  return out;
}
