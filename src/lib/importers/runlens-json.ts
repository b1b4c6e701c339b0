/**
 * Runlens's own JSON format, version 1: the format of the bundled sample and of files Runlens
 * writes. Specified in docs/runlens-json-format.md; written by ../export/runlens-json-writer.ts.
 */
import {
  RUN_STATUSES,
  type Artifact,
  type Experiment,
  type ImportedBatch,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../model';
import { ImportError } from './errors';
import type { ImportContext, Importer } from './importer';
import { JsonReader } from './readers/json-reader';
import type { ImportSource } from './source';
import { artifactPathProblem } from './artifact-path';
import { base64ToBytes } from './readers/base64';
import { readProvenanceJson, readRegisteredModelJson } from '../provenance/wire';

export const RUNLENS_JSON_VERSION = 1;
const MARKER = /"format"\s*:\s*"runlens"/;

function readExperiment(r: JsonReader, value: unknown, path: string): Experiment {
  const o = r.object(value, path);
  return {
    id: r.string(o.id, `${path}.id`),
    name: r.string(o.name, `${path}.name`),
    deleted: r.boolean(o.deleted, `${path}.deleted`, false),
    tags: r.stringMap(o.tags, `${path}.tags`),
    placeholder: r.boolean(o.placeholder, `${path}.placeholder`, false)
  };
}

function readSeries(r: JsonReader, value: unknown, path: string): MetricSeries {
  const o = r.object(value, path);
  const values = r.float64s(o.values, `${path}.values`);
  const n = values.length;
  const steps =
    o.steps === undefined
      ? Float64Array.from({ length: n }, (_, i) => i)
      : r.float64s(o.steps, `${path}.steps`);
  const timestamps =
    o.timestamps === undefined
      ? new Float64Array(n).fill(NaN)
      : r.float64s(o.timestamps, `${path}.timestamps`);
  if (steps.length !== n || timestamps.length !== n) {
    r.fail(
      path,
      `steps (${steps.length}), values (${n}) and timestamps (${timestamps.length}) differ in length`
    );
  }
  return { key: r.string(o.key, `${path}.key`).normalize('NFC'), steps, values, timestamps };
}

function readArtifact(r: JsonReader, value: unknown, path: string): Artifact {
  const o = r.object(value, path);
  const artifactPath = r.string(o.path, `${path}.path`);
  const problem = artifactPathProblem(artifactPath);
  if (problem) r.fail(`${path}.path`, `artifact path ${JSON.stringify(artifactPath)} ${problem}`);
  let content: Uint8Array | null = null;
  if (o.text !== undefined && o.text !== null) {
    content = new TextEncoder().encode(r.string(o.text, `${path}.text`));
  } else if (o.base64 !== undefined && o.base64 !== null) {
    content = base64ToBytes(r.string(o.base64, `${path}.base64`));
    if (!content) r.fail(`${path}.base64`, 'is not valid base64');
  }
  const size = content ? content.byteLength : (r.optionalFiniteNumber(o.size, `${path}.size`) ?? 0);
  if (size < 0) r.fail(`${path}.size`, 'is negative');
  return {
    path: artifactPath,
    size,
    mediaType: r.optionalString(o.mediaType, `${path}.mediaType`) ?? 'application/octet-stream',
    content
  };
}

function readStatus(r: JsonReader, value: unknown, path: string): RunStatus {
  const s = r.optionalString(value, path) ?? 'FINISHED';
  if (!(RUN_STATUSES as readonly string[]).includes(s)) {
    r.fail(
      path,
      `unknown status ${JSON.stringify(s)} (expected one of ${RUN_STATUSES.join(', ')})`
    );
  }
  return s as RunStatus;
}

/** One history per metric key and one file per artifact path, as in every tracker. */
function rejectRepeats(r: JsonReader, keys: string[], path: string, what: string): void {
  const seen = new Set<string>();
  for (const [i, key] of keys.entries()) {
    if (seen.has(key))
      r.fail(`${path}[${i}]`, `${what} ${JSON.stringify(key)} appears twice in this run`);
    seen.add(key);
  }
}

function readRun(
  r: JsonReader,
  value: unknown,
  path: string,
  file: string,
  ctx: ImportContext
): Run {
  const o = r.object(value, path);
  const metrics = r.array(o.metrics ?? [], `${path}.metrics`).map((m, i) => {
    ctx.checkCancelled();
    return readSeries(r, m, `${path}.metrics[${i}]`);
  });
  const artifacts = r
    .array(o.artifacts ?? [], `${path}.artifacts`)
    .map((a, i) => readArtifact(r, a, `${path}.artifacts[${i}]`));
  rejectRepeats(
    r,
    metrics.map((m) => m.key),
    `${path}.metrics`,
    'metric'
  );
  rejectRepeats(
    r,
    artifacts.map((a) => a.path),
    `${path}.artifacts`,
    'artifact'
  );
  return {
    id: r.string(o.id, `${path}.id`),
    experimentId: r.string(o.experimentId, `${path}.experimentId`),
    name: r.optionalString(o.name, `${path}.name`),
    status: readStatus(r, o.status, `${path}.status`),
    startTime: r.optionalFiniteNumber(o.startTime, `${path}.startTime`),
    endTime: r.optionalFiniteNumber(o.endTime, `${path}.endTime`),
    deleted: r.boolean(o.deleted, `${path}.deleted`, false),
    parentId: r.optionalString(o.parentId, `${path}.parentId`),
    params: r.stringMap(o.params, `${path}.params`),
    tags: r.stringMap(o.tags, `${path}.tags`),
    metrics,
    artifacts,
    source: { format: 'runlens-json', file },
    ...(o.provenance === undefined || o.provenance === null
      ? {}
      : { provenance: readProvenanceJson(r, o.provenance, `${path}.provenance`) })
  };
}

export const runlensJsonImporter: Importer = {
  id: 'runlens-json',
  label: 'Runlens JSON',
  extensions: ['.runlens.json', '.json'],

  async sniff(source: ImportSource) {
    const head = await source.headText();
    const start = head.trimStart();
    if (!start.startsWith('{')) return null;
    return MARKER.test(head) ? 1 : null;
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const r = new JsonReader(source.path);
    const doc = r.object(await source.json(), 'the document');
    if (doc.format !== 'runlens') r.fail('format', 'is not "runlens"');
    const version = typeof doc.version === 'number' ? doc.version : NaN;
    if (!Number.isInteger(version) || version < 1)
      r.fail('version', 'must be a whole number from 1');
    if (version > RUNLENS_JSON_VERSION) {
      throw new ImportError(
        source.path,
        `was written by a newer Runlens (format version ${version}; this version reads up to ${RUNLENS_JSON_VERSION})`
      );
    }
    const experiments = r
      .array(doc.experiments ?? [], 'experiments')
      .map((e, i) => readExperiment(r, e, `experiments[${i}]`));
    const runs: Run[] = [];
    let points = 0;
    for (const [i, value] of r.array(doc.runs ?? [], 'runs').entries()) {
      ctx.checkCancelled();
      const run = readRun(r, value, `runs[${i}]`, source.path, ctx);
      for (const m of run.metrics) points += m.values.length;
      ctx.reportPoints(points);
      runs.push(run);
    }
    const known = new Set(experiments.map((e) => e.id));
    for (const [i, run] of runs.entries()) {
      if (!known.has(run.experimentId)) {
        r.fail(
          `runs[${i}].experimentId`,
          `names experiment ${JSON.stringify(run.experimentId)}, which is not in "experiments"`
        );
      }
    }
    const registry = r
      .array(doc.registry ?? [], 'registry')
      .map((m, i) => readRegisteredModelJson(r, m, `registry[${i}]`));
    return registry.length > 0 ? { experiments, runs, registry } : { experiments, runs };
  }
};
