/**
 * Provenance and registered models as plain JSON, for the formats Runlens writes (Runlens JSON and
 * the `.runlens` bundle), and the checked readers that take them back. The written shape is the
 * model's own, field for field, with Maps as `[key, value]` pairs (a tag may be `__proto__`), so a
 * round trip gives back exactly what was stored.
 */
import type { JsonReader } from '../importers/readers/json-reader';
import type {
  ChangedFile,
  CodePatch,
  CodeProvenance,
  DatasetInput,
  EnvironmentProvenance,
  LoggedModel,
  ModelVersion,
  PackageRequirement,
  Provenance,
  RegisteredModel
} from '../model';

/** The provenance as JSON-able data (a copy; every field, in the model's order). */
export function provenanceToJson(p: Provenance): Provenance {
  return {
    code: p.code && {
      ...p.code,
      ...(p.code.patches
        ? {
            patches: p.code.patches.map((x) => ({ ...x, files: x.files.map((f) => ({ ...f })) }))
          }
        : {}),
      from: [...p.code.from]
    },
    data: p.data.map((d) => ({ ...d })),
    environment: p.environment && {
      ...p.environment,
      packages: p.environment.packages.map((x) => ({ ...x })),
      from: [...p.environment.from]
    },
    models: p.models.map((m) => ({ ...m, flavors: [...m.flavors] }))
  };
}

/** The wire shape of a registered model: the model's, with tags as pairs. */
export interface RegisteredModelJson extends Omit<RegisteredModel, 'tags' | 'versions'> {
  tags: [string, string][];
  versions: (Omit<ModelVersion, 'tags'> & { tags: [string, string][] })[];
}

export function registeredModelToJson(m: RegisteredModel): RegisteredModelJson {
  return {
    name: m.name,
    store: m.store,
    description: m.description,
    tags: [...m.tags],
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: a.version })),
    created: m.created,
    updated: m.updated,
    versions: m.versions.map((v) => ({
      version: v.version,
      runId: v.runId,
      source: v.source,
      stage: v.stage,
      status: v.status,
      description: v.description,
      tags: [...v.tags],
      created: v.created,
      updated: v.updated,
      modelId: v.modelId,
      from: v.from
    })),
    from: m.from
  };
}

function strings(r: JsonReader, value: unknown, path: string): string[] {
  return r.array(value ?? [], path).map((s, i) => r.string(s, `${path}[${i}]`));
}

function pairs(r: JsonReader, value: unknown, path: string): Map<string, string> {
  const map = new Map<string, string>();
  r.array(value ?? [], path).forEach((pair, i) => {
    const p = r.array(pair, `${path}[${i}]`);
    if (p.length !== 2) r.fail(`${path}[${i}]`, 'expected a [key, value] pair');
    map.set(r.string(p[0], `${path}[${i}][0]`), r.string(p[1], `${path}[${i}][1]`));
  });
  return map;
}

function optionalBoolean(r: JsonReader, value: unknown, path: string): boolean | null {
  return value === null || value === undefined ? null : r.boolean(value, path, false);
}

function changedFile(r: JsonReader, value: unknown, path: string): ChangedFile {
  const o = r.object(value, path);
  return {
    path: r.string(o.path, `${path}.path`),
    previous: r.optionalString(o.previous, `${path}.previous`),
    added: r.optionalFiniteNumber(o.added, `${path}.added`),
    removed: r.optionalFiniteNumber(o.removed, `${path}.removed`)
  };
}

function patch(r: JsonReader, value: unknown, path: string): CodePatch {
  const o = r.object(value, path);
  return {
    file: r.string(o.file, `${path}.file`),
    base: r.optionalString(o.base, `${path}.base`),
    files: r
      .array(o.files ?? [], `${path}.files`)
      .map((f, i) => changedFile(r, f, `${path}.files[${i}]`))
  };
}

function code(r: JsonReader, value: unknown, path: string): CodeProvenance | null {
  if (value === null || value === undefined) return null;
  const o = r.object(value, path);
  const text = (key: string) => r.optionalString(o[key], `${path}.${key}`);
  const patches =
    o.patches === undefined || o.patches === null
      ? null
      : r.array(o.patches, `${path}.patches`).map((x, i) => patch(r, x, `${path}.patches[${i}]`));
  return {
    repository: text('repository'),
    commit: text('commit'),
    branch: text('branch'),
    dirty: optionalBoolean(r, o.dirty, `${path}.dirty`),
    entryPoint: text('entryPoint'),
    command: text('command'),
    sourceType: text('sourceType'),
    ...(patches ? { patches } : {}),
    from: strings(r, o.from, `${path}.from`)
  };
}

function dataset(r: JsonReader, value: unknown, path: string): DatasetInput {
  const o = r.object(value, path);
  const text = (key: string) => r.optionalString(o[key], `${path}.${key}`);
  return {
    name: r.string(o.name, `${path}.name`),
    digest: text('digest'),
    sourceType: text('sourceType'),
    source: text('source'),
    context: text('context'),
    schema: text('schema'),
    profile: text('profile'),
    from: r.string(o.from, `${path}.from`)
  };
}

function requirement(r: JsonReader, value: unknown, path: string): PackageRequirement {
  const o = r.object(value, path);
  return {
    name: r.string(o.name, `${path}.name`),
    spec: r.string(o.spec, `${path}.spec`),
    from: r.string(o.from, `${path}.from`)
  };
}

function environment(r: JsonReader, value: unknown, path: string): EnvironmentProvenance | null {
  if (value === null || value === undefined) return null;
  const o = r.object(value, path);
  const text = (key: string) => r.optionalString(o[key], `${path}.${key}`);
  return {
    python: text('python'),
    packages: r
      .array(o.packages ?? [], `${path}.packages`)
      .map((p, i) => requirement(r, p, `${path}.packages[${i}]`)),
    os: text('os'),
    host: text('host'),
    hardware: text('hardware'),
    from: strings(r, o.from, `${path}.from`)
  };
}

function loggedModel(r: JsonReader, value: unknown, path: string): LoggedModel {
  const o = r.object(value, path);
  const text = (key: string) => r.optionalString(o[key], `${path}.${key}`);
  return {
    id: text('id'),
    name: text('name'),
    artifactPath: text('artifactPath'),
    flavors: strings(r, o.flavors, `${path}.flavors`),
    step: r.optionalFiniteNumber(o.step, `${path}.step`),
    mlflowVersion: text('mlflowVersion'),
    created: text('created'),
    from: r.string(o.from, `${path}.from`)
  };
}

/** A run's provenance as written by provenanceToJson; every member checked. */
export function readProvenanceJson(r: JsonReader, value: unknown, path: string): Provenance {
  const o = r.object(value, path);
  return {
    code: code(r, o.code, `${path}.code`),
    data: r.array(o.data ?? [], `${path}.data`).map((d, i) => dataset(r, d, `${path}.data[${i}]`)),
    environment: environment(r, o.environment, `${path}.environment`),
    models: r
      .array(o.models ?? [], `${path}.models`)
      .map((m, i) => loggedModel(r, m, `${path}.models[${i}]`))
  };
}

function version(r: JsonReader, value: unknown, path: string): ModelVersion {
  const o = r.object(value, path);
  const text = (key: string) => r.optionalString(o[key], `${path}.${key}`);
  return {
    version: r.string(o.version, `${path}.version`),
    runId: text('runId'),
    source: text('source'),
    stage: text('stage'),
    status: text('status'),
    description: text('description'),
    tags: pairs(r, o.tags, `${path}.tags`),
    created: r.optionalFiniteNumber(o.created, `${path}.created`),
    updated: r.optionalFiniteNumber(o.updated, `${path}.updated`),
    modelId: text('modelId'),
    from: r.string(o.from, `${path}.from`)
  };
}

/** A registered model as written by registeredModelToJson; every member checked. */
export function readRegisteredModelJson(
  r: JsonReader,
  value: unknown,
  path: string
): RegisteredModel {
  const o = r.object(value, path);
  return {
    name: r.string(o.name, `${path}.name`),
    store: r.optionalString(o.store, `${path}.store`),
    description: r.optionalString(o.description, `${path}.description`),
    tags: pairs(r, o.tags, `${path}.tags`),
    aliases: r.array(o.aliases ?? [], `${path}.aliases`).map((a, i) => {
      const x = r.object(a, `${path}.aliases[${i}]`);
      return {
        alias: r.string(x.alias, `${path}.aliases[${i}].alias`),
        version: r.string(x.version, `${path}.aliases[${i}].version`)
      };
    }),
    created: r.optionalFiniteNumber(o.created, `${path}.created`),
    updated: r.optionalFiniteNumber(o.updated, `${path}.updated`),
    versions: r
      .array(o.versions ?? [], `${path}.versions`)
      .map((v, i) => version(r, v, `${path}.versions[${i}]`)),
    from: r.string(o.from, `${path}.from`)
  };
}
