/**
 * MLflow 3.x links a run to the datasets it read (`<run>/inputs/<md5>/meta.yaml` pointing at
 * `<exp>/datasets/<id>/meta.yaml`) and to the models it logged (`<run>/outputs/<model id>/meta.yaml`
 * pointing at `<exp>/models/<model id>/meta.yaml`). Source: mlflow/store/tracking/file_store.py,
 * 3.x-era copy (../shared/FORMATS.md §1, "MLflow 3.x additions"). Runlens keeps these links as two
 * readable tags, `runlens.datasets` and `runlens.loggedModels`; the rest of those folders is skipped.
 */
import { joinPath, type FileTree } from '../file-tree';
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

/** The run's dataset inputs and logged-model outputs as `runlens.*` tags (none when absent). */
export async function readRunLinks(
  tree: FileTree,
  experimentDir: string | null,
  runDir: string
): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const datasets: string[] = [];
  for (const id of [...tree.dirs(joinPath(runDir, 'inputs'))].sort()) {
    const input = await readMeta(tree, joinPath(runDir, `inputs/${id}/meta.yaml`));
    if (!input || input.text('source_type') !== 'DATASET') continue;
    const datasetId = input.text('source_id') ?? '';
    const dataset =
      experimentDir === null
        ? null
        : await readMeta(tree, joinPath(experimentDir, `datasets/${datasetId}/meta.yaml`));
    const name = dataset?.text('name') ?? datasetId;
    const details = [
      contextOf(input),
      dataset?.text('digest') ? `digest ${dataset.text('digest')}` : null
    ];
    datasets.push(`${name} (${details.filter(Boolean).join(', ') || 'no details'})`);
  }
  const models: string[] = [];
  for (const id of [...tree.dirs(joinPath(runDir, 'outputs'))].sort()) {
    const output = await readMeta(tree, joinPath(runDir, `outputs/${id}/meta.yaml`));
    if (!output) continue;
    const model =
      experimentDir === null
        ? null
        : await readMeta(tree, joinPath(experimentDir, `models/${id}/meta.yaml`));
    const step = output.integer('step');
    models.push(
      `${model?.text('name') ?? 'model'} ${id}${step === null ? '' : ` at step ${step}`}`
    );
  }
  if (datasets.length > 0) links.set('runlens.datasets', datasets.join('; '));
  if (models.length > 0) links.set('runlens.loggedModels', models.join('; '));
  return links;
}
