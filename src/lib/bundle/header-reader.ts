/**
 * Checks a bundle header (already upgraded to the current version) member by member, failing with
 * the JSON path of the first bad value. Every string is kept as data: keys go into pairs and then
 * Maps, nothing is evaluated or used as a file name.
 */
import type { SavedViewRow } from '../db/rows';
import { artifactPathProblem } from '../importers/artifact-path';
import { describe, type JsonReader } from '../importers/readers/json-reader';
import { RUN_STATUSES } from '../model';
import {
  readProvenanceJson,
  readRegisteredModelJson,
  registeredModelToJson
} from '../provenance/wire';
import {
  BUNDLE_FORMAT,
  type BundleArtifact,
  type BundleExperiment,
  type BundleHeader,
  type BundleRegisteredModel,
  type BundleRun,
  type BundleRunEdit,
  type BundleSeries,
  type ColumnEncoding
} from './bundle-format';

/** Series longer than this are refused before anything is allocated (2^31 points is 16 GiB). */
const MAX_COUNT = 2 ** 31 - 1;

function wholeNumber(r: JsonReader, value: unknown, path: string, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    r.fail(path, `expected a whole number from 0 to ${max}, found ${describe(value)}`);
  }
  return value;
}

function stringPairs(r: JsonReader, value: unknown, path: string): [string, string][] {
  return r.array(value, path).map((pair, i) => {
    const p = r.array(pair, `${path}[${i}]`);
    if (p.length !== 2) r.fail(`${path}[${i}]`, 'expected a [key, value] pair');
    return [r.string(p[0], `${path}[${i}][0]`), r.string(p[1], `${path}[${i}][1]`)];
  });
}

function encoding(r: JsonReader, value: unknown, path: string): ColumnEncoding {
  const o = r.object(value, path);
  if (o.type === 'f64' || o.type === 'nan') return { type: o.type };
  if (o.type === 'i32') {
    const base = r.finiteNumber(o.base, `${path}.base`);
    if (!Number.isSafeInteger(base)) r.fail(`${path}.base`, 'expected a whole number');
    return { type: 'i32', base };
  }
  if (o.type === 'dec')
    return { type: 'dec', digits: wholeNumber(r, o.digits, `${path}.digits`, 9) };
  return r.fail(`${path}.type`, `unknown column type ${describe(o.type)}`);
}

function series(r: JsonReader, value: unknown, path: string): BundleSeries {
  const o = r.object(value, path);
  return {
    key: r.string(o.key, `${path}.key`),
    count: wholeNumber(r, o.count, `${path}.count`, MAX_COUNT),
    steps: encoding(r, o.steps, `${path}.steps`),
    values: encoding(r, o.values, `${path}.values`),
    timestamps: encoding(r, o.timestamps, `${path}.timestamps`)
  };
}

function artifact(r: JsonReader, value: unknown, path: string): BundleArtifact {
  const o = r.object(value, path);
  const artifactPath = r.string(o.path, `${path}.path`);
  const problem = artifactPathProblem(artifactPath);
  if (problem) r.fail(`${path}.path`, `artifact path ${JSON.stringify(artifactPath)} ${problem}`);
  const entry = r.optionalString(o.entry, `${path}.entry`);
  return {
    path: artifactPath,
    mediaType: r.string(o.mediaType, `${path}.mediaType`),
    size: wholeNumber(r, o.size, `${path}.size`),
    entry,
    ...(entry === null ? {} : { crc32: wholeNumber(r, o.crc32, `${path}.crc32`, 0xffffffff) })
  };
}

function experiment(r: JsonReader, value: unknown, path: string): BundleExperiment {
  const o = r.object(value, path);
  return {
    format: r.string(o.format, `${path}.format`),
    id: r.string(o.id, `${path}.id`),
    name: r.string(o.name, `${path}.name`),
    deleted: r.boolean(o.deleted, `${path}.deleted`, false),
    placeholder: r.boolean(o.placeholder, `${path}.placeholder`, false),
    tags: stringPairs(r, o.tags ?? [], `${path}.tags`)
  };
}

function run(r: JsonReader, value: unknown, path: string): BundleRun {
  const o = r.object(value, path);
  const source = r.object(o.source, `${path}.source`);
  const status = r.string(o.status, `${path}.status`);
  if (!(RUN_STATUSES as readonly string[]).includes(status)) {
    r.fail(`${path}.status`, `unknown status ${describe(status)}`);
  }
  return {
    format: r.string(o.format, `${path}.format`),
    source: {
      format: r.string(source.format, `${path}.source.format`),
      file: r.string(source.file, `${path}.source.file`)
    },
    experimentId: r.string(o.experimentId, `${path}.experimentId`),
    id: r.string(o.id, `${path}.id`),
    name: r.optionalString(o.name, `${path}.name`),
    status,
    startTime: r.optionalNumber(o.startTime, `${path}.startTime`),
    endTime: r.optionalNumber(o.endTime, `${path}.endTime`),
    deleted: r.boolean(o.deleted, `${path}.deleted`, false),
    parentId: r.optionalString(o.parentId, `${path}.parentId`),
    params: stringPairs(r, o.params ?? [], `${path}.params`),
    tags: stringPairs(r, o.tags ?? [], `${path}.tags`),
    metrics: r
      .array(o.metrics ?? [], `${path}.metrics`)
      .map((m, i) => series(r, m, `${path}.metrics[${i}]`)),
    artifacts: r
      .array(o.artifacts ?? [], `${path}.artifacts`)
      .map((a, i) => artifact(r, a, `${path}.artifacts[${i}]`)),
    ...(o.provenance === undefined || o.provenance === null
      ? {}
      : { provenance: readProvenanceJson(r, o.provenance, `${path}.provenance`) })
  };
}

function registeredModel(r: JsonReader, value: unknown, path: string): BundleRegisteredModel {
  const o = r.object(value, path);
  const format = r.string(o.format, `${path}.format`);
  return { format, ...registeredModelToJson(readRegisteredModelJson(r, o, path)) };
}

function optionalRecord(r: JsonReader, value: unknown, path: string) {
  return value === null || value === undefined ? null : r.object(value, path);
}

function view(r: JsonReader, value: unknown, path: string): SavedViewRow {
  const o = r.object(value, path);
  const runs =
    o.runs === null || o.runs === undefined
      ? null
      : r.array(o.runs, `${path}.runs`).map((k, i) => r.string(k, `${path}.runs[${i}]`));
  return {
    id: r.string(o.id, `${path}.id`),
    name: r.string(o.name, `${path}.name`),
    savedAt: r.finiteNumber(o.savedAt, `${path}.savedAt`),
    explorer: optionalRecord(r, o.explorer, `${path}.explorer`),
    compare: optionalRecord(r, o.compare, `${path}.compare`),
    runs
  };
}

/** A run's edit: strings stay data (the tag pairs go into a Map), the key must name a bundled run. */
function runEdit(r: JsonReader, value: unknown, path: string): BundleRunEdit {
  const o = r.object(value, path);
  const name = o.name === undefined ? undefined : r.string(o.name, `${path}.name`);
  const note = o.note === undefined ? undefined : r.string(o.note, `${path}.note`);
  return {
    run: r.string(o.run, `${path}.run`),
    ...(name !== undefined ? { name } : {}),
    ...(note !== undefined ? { note } : {}),
    setTags: stringPairs(r, o.setTags ?? [], `${path}.setTags`),
    removedTags: r
      .array(o.removedTags ?? [], `${path}.removedTags`)
      .map((k, i) => r.string(k, `${path}.removedTags[${i}]`)),
    editedAt: r.optionalNumber(o.editedAt, `${path}.editedAt`) ?? 0
  };
}

/** The checked header; `raw.format` and `raw.version` were checked by the caller. */
export function readBundleHeader(r: JsonReader, raw: Record<string, unknown>): BundleHeader {
  const seriesInfo = r.object(raw.series, 'series');
  return {
    format: BUNDLE_FORMAT,
    version: raw.version as number,
    createdBy: r.optionalString(raw.createdBy, 'createdBy') ?? '',
    experiments: r
      .array(raw.experiments ?? [], 'experiments')
      .map((e, i) => experiment(r, e, `experiments[${i}]`)),
    runs: r.array(raw.runs ?? [], 'runs').map((v, i) => run(r, v, `runs[${i}]`)),
    views: r.array(raw.views ?? [], 'views').map((v, i) => view(r, v, `views[${i}]`)),
    registry: r
      .array(raw.registry ?? [], 'registry')
      .map((m, i) => registeredModel(r, m, `registry[${i}]`)),
    edits: r.array(raw.edits ?? [], 'edits').map((e, i) => runEdit(r, e, `edits[${i}]`)),
    series: {
      bytes: wholeNumber(r, seriesInfo.bytes, 'series.bytes'),
      crc32: wholeNumber(r, seriesInfo.crc32, 'series.crc32', 0xffffffff)
    }
  };
}
