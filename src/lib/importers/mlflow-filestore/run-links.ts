/**
 * MLflow 2.4+ links a run to the datasets it read (`<run>/inputs/<id>/meta.yaml` pointing at
 * `<exp>/datasets/<id>/meta.yaml`) and 3.x to the models it logged (`<run>/outputs/<model id>/
 * meta.yaml` pointing at `<exp>/models/<model id>/`, whose `artifacts/` hold the MLmodel and its
 * environment files). Source: mlflow/store/tracking/file_store.py, 3.x-era copy
 * (../shared/FORMATS.md §1, "MLflow 3.x additions"). They go to the run's provenance; the rest of
 * those folders (a logged model's params, metrics, tags, weights) is skipped.
 */
import type { DatasetInput, LoggedModel } from '../../model';
import { ProvenanceBuilder } from '../../provenance/builder';
import { datasetInput } from '../../provenance/rules/mlflow-dataset-input';
import { readModelArtifacts } from '../../provenance/rules/model-artifacts';
import { joinPath, type FileTree } from '../file-tree';
import { readFolderArtifacts } from '../folder-artifacts';
import { YamlMeta } from '../readers/yaml-meta';

async function readMeta(tree: FileTree, path: string): Promise<YamlMeta | null> {
  const source = tree.get(path);
  if (!source) return null;
  try {
    return new YamlMeta(path, await source.text());
  } catch {
    return null; // a link we cannot read is not worth failing the run over
  }
}

function contextOf(meta: YamlMeta): string | null {
  const tags = meta.value('tags');
  if (tags && typeof tags === 'object' && 'toJSON' in tags) {
    const plain = (tags as { toJSON(): unknown }).toJSON();
    if (plain && typeof plain === 'object') {
      const context = (plain as Record<string, unknown>)['mlflow.data.context'];
      if (typeof context === 'string') return context;
    }
  }
  return null;
}

export interface FileStoreLinks {
  data: DatasetInput[];
  models: LoggedModel[];
  /** Reads the logged models' MLmodel and environment files. */
  more: (into: ProvenanceBuilder) => void;
}

/** The run's dataset inputs and logged models (empty lists when it has none). */
export async function readRunLinks(
  tree: FileTree,
  experimentDir: string | null,
  runDir: string
): Promise<FileStoreLinks> {
  const data: DatasetInput[] = [];
  for (const id of [...tree.dirs(joinPath(runDir, 'inputs'))].sort()) {
    const inputPath = joinPath(runDir, `inputs/${id}/meta.yaml`);
    const input = await readMeta(tree, inputPath);
    if (!input || input.text('source_type') !== 'DATASET') continue;
    const datasetId = input.text('source_id') ?? '';
    const datasetPath =
      experimentDir === null ? null : joinPath(experimentDir, `datasets/${datasetId}/meta.yaml`);
    const dataset = datasetPath === null ? null : await readMeta(tree, datasetPath);
    data.push(
      datasetInput(
        {
          name: dataset?.text('name') ?? datasetId,
          digest: dataset?.text('digest') ?? null,
          sourceType: dataset?.text('source_type') ?? null,
          source: dataset?.text('source') ?? null,
          schema: dataset?.text('schema') ?? null,
          profile: dataset?.text('profile') ?? null,
          context: contextOf(input)
        },
        dataset ? datasetPath! : inputPath
      )
    );
  }
  const models: LoggedModel[] = [];
  const modelArtifacts: { id: string; dir: string }[] = [];
  for (const id of [...tree.dirs(joinPath(runDir, 'outputs'))].sort()) {
    const outputPath = joinPath(runDir, `outputs/${id}/meta.yaml`);
    const output = await readMeta(tree, outputPath);
    if (!output) continue;
    const modelDir = experimentDir === null ? null : joinPath(experimentDir, `models/${id}`);
    const model = modelDir === null ? null : await readMeta(tree, joinPath(modelDir, 'meta.yaml'));
    models.push({
      id,
      name: model?.text('name') ?? null,
      artifactPath: null,
      flavors: [],
      step: output.integer('step'),
      mlflowVersion: null,
      created: null,
      from: outputPath
    });
    if (modelDir !== null) modelArtifacts.push({ id, dir: joinPath(modelDir, 'artifacts') });
  }
  // The logged models' own files are read now (the tree is async) and applied when asked.
  const read = await Promise.all(
    modelArtifacts.map(async ({ id, dir }) => ({
      id,
      dir,
      artifacts: await readFolderArtifacts(tree, dir)
    }))
  );
  return {
    data,
    models,
    more(into) {
      for (const { id, dir, artifacts } of read) {
        // The MLmodel of a 3.x logged model sits at the top of its artifacts: it is that model.
        const own = new ProvenanceBuilder();
        readModelArtifacts(artifacts, own, (p) => joinPath(dir, p));
        const found = own.build();
        into.models(
          (found?.models ?? []).map((m) => ({ ...m, id: m.id ?? id, artifactPath: null }))
        );
        const env = found?.environment;
        if (env) into.environment(env, env.packages, env.from[0] ?? dir);
      }
    }
  };
}
