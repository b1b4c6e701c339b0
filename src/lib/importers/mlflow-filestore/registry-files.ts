/**
 * MLflow FileStore's model registry, `mlruns/models/` (mlflow/store/model_registry/file_store.py,
 * 2.x and 3.x): `<name>/meta.yaml` per registered model (`aliases` a map alias → version in 3.x,
 * `{}` before), `<name>/version-<n>/meta.yaml` per version (`current_stage`, `run_id`, `source`,
 * `status`, 3.x `model_id`; its own `aliases: []` is not kept up to date, the model's is), tags as
 * one file per key in `tags/`, and 3.x `aliases/<alias>` files holding the version number.
 */
import { isMap, isScalar } from 'yaml';
import type { ModelAlias, ModelVersion, RegisteredModel } from '../../model';
import { byVersion } from '../../model';
import { ImportError } from '../errors';
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type { ImportContext } from '../importer';
import { YamlMeta } from '../readers/yaml-meta';
import { readKeyValueFolder } from './run-files';

/** A registered model's meta.yaml, told apart from experiment, run and version metas by its keys. */
export function isRegisteredModelMeta(text: string): boolean {
  const has = (key: string) => new RegExp(`^${key}:`, 'm').test(text);
  return (
    has('name') &&
    has('creation_timestamp') &&
    !has('experiment_id') &&
    !has('current_stage') &&
    !has('version') &&
    !has('model_id')
  );
}

/** MLflow writes '' for "none" (description, run_id, model_id). */
function nonEmpty(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

/** The model meta's `aliases` map (3.x), as alias → version text. */
function metaAliases(meta: YamlMeta): ModelAlias[] {
  const node = meta.value('aliases');
  if (!isMap(node)) return [];
  const out: ModelAlias[] = [];
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key : null;
    const value = isScalar(pair.value) ? pair.value : null;
    if (!key || !value || key.value === null || value.value === null) continue;
    const version =
      typeof value.source === 'string' ? value.source : String(value.value as string | number);
    out.push({ alias: String(key.value as string), version });
  }
  return out;
}

async function readVersion(tree: FileTree, dir: string): Promise<ModelVersion> {
  const metaPath = joinPath(dir, 'meta.yaml');
  const meta = new YamlMeta(metaPath, await tree.get(metaPath)!.text());
  const version = meta.text('version');
  if (version === null || version === '') throw new ImportError(metaPath, 'has no version');
  return {
    version,
    runId: nonEmpty(meta.text('run_id')),
    source: nonEmpty(meta.text('source')),
    stage: nonEmpty(meta.text('current_stage')),
    status: nonEmpty(meta.text('status')),
    description: nonEmpty(meta.text('description')),
    tags: await readKeyValueFolder(tree, joinPath(dir, 'tags')),
    created: meta.integer('creation_timestamp'),
    updated: meta.integer('last_updated_timestamp'),
    modelId: nonEmpty(meta.text('model_id')),
    from: metaPath
  };
}

/**
 * One registered model folder. Files the registry does not define are skipped (named in the
 * report); a broken version meta fails the model, named with the file.
 */
export async function readRegisteredModel(
  tree: FileTree,
  dir: string,
  ctx: ImportContext
): Promise<RegisteredModel> {
  const metaPath = joinPath(dir, 'meta.yaml');
  const meta = new YamlMeta(metaPath, await tree.get(metaPath)!.text());
  const name = meta.text('name');
  if (name === null || name === '') throw new ImportError(metaPath, 'has no name');
  const aliases = metaAliases(meta);
  const read = new Set([metaPath]);
  const versions: ModelVersion[] = [];
  for (const sub of tree.dirs(dir)) {
    const versionDir = joinPath(dir, sub);
    if (/^version-\d+$/.test(sub) && tree.get(joinPath(versionDir, 'meta.yaml'))) {
      versions.push(await readVersion(tree, versionDir));
      read.add(joinPath(versionDir, 'meta.yaml'));
      for (const t of tree.under(joinPath(versionDir, 'tags'))) read.add(t.source.path);
    }
  }
  // 3.x writes each alias as a file holding the version too; the meta's map is the same list.
  for (const { relative, source } of tree.under(joinPath(dir, 'aliases'))) {
    read.add(source.path);
    const version = (await source.text()).trim();
    if (!aliases.some((a) => a.alias === relative) && version !== '')
      aliases.push({ alias: relative, version });
  }
  const tags = await readKeyValueFolder(tree, joinPath(dir, 'tags'));
  for (const t of tree.under(joinPath(dir, 'tags'))) read.add(t.source.path);
  for (const { source } of tree.under(dir)) {
    if (!read.has(source.path))
      ctx.skip(source.path, 'MLflow model registry: not a file the registry defines');
  }
  versions.sort(byVersion);
  return {
    name,
    store: null,
    description: nonEmpty(meta.text('description')),
    tags,
    aliases,
    created: meta.integer('creation_timestamp'),
    updated: meta.integer('last_updated_timestamp'),
    versions,
    from: metaPath
  };
}

/** Folders holding registered model folders (`mlruns/models`), each with its model folders. */
export async function findRegistryFolders(tree: FileTree): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const dir of tree.foldersWithFile('meta.yaml')) {
    const meta = tree.get(joinPath(dir, 'meta.yaml'))!;
    if (meta.file.size > 64 * 1024) continue;
    if (!isRegisteredModelMeta(await meta.headText())) continue;
    // A model dropped on its own is its own registry folder.
    const root = parentOf(dir) === '' ? dir : parentOf(dir);
    const list = out.get(root) ?? [];
    list.push(dir);
    out.set(root, list);
  }
  for (const list of out.values()) list.sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : 1));
  return out;
}
