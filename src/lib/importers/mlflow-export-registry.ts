/**
 * Registered models in mlflow-export-import's files (model/export_model.py,
 * model_version/export_model_version.py, read for ../shared/FORMATS.md §3): `model.json` holds
 * `registered_model` with `versions` (1.2+, every version) or `latest_versions` (before: the
 * newest per stage), tags as a list of `{key, value}` and, from 2.x, `aliases` as
 * `[{alias, version}]`; `version.json` holds one `model_version` (tags a map, `aliases` a list of
 * names). Timestamps are numbers, or numeric text in the 2021–2022 samples.
 */
import type { ModelAlias, ModelVersion, RegisteredModel } from '../model';
import { byVersion } from '../model';
import type { JsonReader } from './readers/json-reader';
import { isObject, type JsonObject } from './mlflow-json-common';

/** Epoch ms from a number or numeric text; null otherwise. */
function epoch(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

function text(r: JsonReader, value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  // Versions and ids are strings in the tool's files, but a hand-made file may hold numbers.
  if (typeof value === 'number') return String(value);
  const s = r.string(value, path);
  return s === '' ? null : s;
}

/** `{key: value}` (versions) or `[{key, value}]` (models) as a Map. */
function tags(r: JsonReader, value: unknown, path: string): Map<string, string> {
  if (value === undefined || value === null) return new Map();
  if (Array.isArray(value)) {
    const map = new Map<string, string>();
    value.forEach((item, i) => {
      const o = r.object(item, `${path}[${i}]`);
      map.set(r.string(o.key, `${path}[${i}].key`), r.string(o.value ?? '', `${path}[${i}].value`));
    });
    return map;
  }
  return r.stringMap(value, path);
}

function readVersion(r: JsonReader, o: JsonObject, path: string, file: string): ModelVersion {
  const version = text(r, o.version, `${path}.version`);
  if (version === null) r.fail(`${path}.version`, 'is missing');
  return {
    version,
    runId: text(r, o.run_id, `${path}.run_id`),
    source: text(r, o.source, `${path}.source`),
    stage: text(r, o.current_stage, `${path}.current_stage`),
    status: text(r, o.status, `${path}.status`),
    description: text(r, o.description, `${path}.description`),
    tags: tags(r, o.tags, `${path}.tags`),
    created: epoch(o.creation_timestamp),
    updated: epoch(o.last_updated_timestamp),
    modelId: text(r, o.model_id, `${path}.model_id`),
    from: file
  };
}

/** A version's own `aliases` list (names) as the model's aliases pointing at it. */
function versionAliases(r: JsonReader, o: JsonObject, version: string, path: string) {
  if (!Array.isArray(o.aliases)) return [];
  return o.aliases.map((a, i): ModelAlias => ({
    alias: r.string(a, `${path}.aliases[${i}]`),
    version
  }));
}

/** model.json's `registered_model`. */
export function readExportedModel(
  r: JsonReader,
  value: unknown,
  path: string,
  file: string
): RegisteredModel {
  const o = r.object(value, path);
  const name = text(r, o.name, `${path}.name`);
  if (name === null) r.fail(`${path}.name`, 'is missing');
  const key = Array.isArray(o.versions) ? 'versions' : 'latest_versions';
  const versions: ModelVersion[] = [];
  const aliases: ModelAlias[] = [];
  if (Array.isArray(o.aliases)) {
    o.aliases.forEach((a, i) => {
      const x = r.object(a, `${path}.aliases[${i}]`);
      const alias = r.string(x.alias, `${path}.aliases[${i}].alias`);
      const version = text(r, x.version, `${path}.aliases[${i}].version`) ?? '';
      aliases.push({ alias, version });
    });
  }
  r.array(o[key] ?? [], `${path}.${key}`).forEach((item, i) => {
    const at = `${path}.${key}[${i}]`;
    const v = readVersion(r, r.object(item, at), at, file);
    if (versions.some((k) => k.version === v.version)) return;
    versions.push(v);
    for (const a of versionAliases(r, r.object(item, at), v.version, at)) {
      if (!aliases.some((k) => k.alias === a.alias)) aliases.push(a);
    }
  });
  versions.sort(byVersion);
  return {
    name,
    store: null,
    description: text(r, o.description, `${path}.description`),
    tags: tags(r, o.tags, `${path}.tags`),
    aliases,
    created: epoch(o.creation_timestamp),
    updated: epoch(o.last_updated_timestamp),
    versions,
    from: file
  };
}

/** version.json's `model_version`: its model, known by name, with this one version. */
export function readExportedVersion(
  r: JsonReader,
  value: unknown,
  path: string,
  file: string
): RegisteredModel {
  const o = r.object(value, path);
  const name = text(r, o.name, `${path}.name`);
  if (name === null) r.fail(`${path}.name`, 'is missing');
  const v = readVersion(r, o, path, file);
  return {
    name,
    store: null,
    description: null,
    tags: new Map(),
    aliases: versionAliases(r, o, v.version, path),
    created: null,
    updated: null,
    versions: [v],
    from: file
  };
}

export { isObject };
