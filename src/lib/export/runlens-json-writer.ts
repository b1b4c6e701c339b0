import type { Artifact, Experiment, ImportedBatch, MetricSeries, Run } from '../model';
import { bytesToBase64 } from '../importers/readers/base64';
import { provenanceToJson, registeredModelToJson } from '../provenance/wire';

/** Media types whose artifacts are written as readable text rather than base64. */
const TEXT_TYPES = /^(text\/|application\/(json|yaml|x-yaml|xml))/;

/** A number array as JSON; NaN and ±Infinity as quoted tokens, -0 kept (JSON.stringify drops it). */
function numbersJson(values: Float64Array): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) parts[i] = Object.is(v, -0) ? '-0' : String(v);
    else parts[i] = Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
  }
  return `[${parts.join(',')}]`;
}

function mapJson(map: Map<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of map) parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return `{${parts.join(',')}}`;
}

function seriesJson(s: MetricSeries): string {
  return (
    `{"key":${JSON.stringify(s.key)},"steps":${numbersJson(s.steps)},` +
    `"values":${numbersJson(s.values)},"timestamps":${numbersJson(s.timestamps)}}`
  );
}

function strictUtf8(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function artifactJson(a: Artifact): string {
  const head = `"path":${JSON.stringify(a.path)},"mediaType":${JSON.stringify(a.mediaType)},"size":${a.size}`;
  if (!a.content) return `{${head}}`;
  if (TEXT_TYPES.test(a.mediaType)) {
    // Only valid UTF-8 is written as text (a BOM would be lost, so it goes as base64 too).
    const text = strictUtf8(a.content);
    if (text !== null) return `{${head},"text":${JSON.stringify(text)}}`;
  }
  return `{${head},"base64":"${bytesToBase64(a.content)}"}`;
}

function experimentJson(e: Experiment): string {
  const placeholder = e.placeholder ? ',"placeholder":true' : '';
  return `{"id":${JSON.stringify(e.id)},"name":${JSON.stringify(e.name)},"deleted":${e.deleted},"tags":${mapJson(e.tags)}${placeholder}}`;
}

function timeJson(t: number | null): string {
  return t === null ? 'null' : Number.isFinite(t) ? String(t) : 'null';
}

function runJson(r: Run): string {
  return (
    `{"id":${JSON.stringify(r.id)},"experimentId":${JSON.stringify(r.experimentId)},` +
    `"name":${JSON.stringify(r.name)},"status":"${r.status}",` +
    `"startTime":${timeJson(r.startTime)},"endTime":${timeJson(r.endTime)},` +
    `"deleted":${r.deleted},"parentId":${JSON.stringify(r.parentId)},` +
    `"params":${mapJson(r.params)},"tags":${mapJson(r.tags)},` +
    `"metrics":[${r.metrics.map(seriesJson).join(',\n')}],` +
    `"artifacts":[${r.artifacts.map(artifactJson).join(',')}]` +
    // Provenance is plain text and finite numbers: JSON.stringify writes it exactly.
    (r.provenance ? `,"provenance":${JSON.stringify(provenanceToJson(r.provenance))}` : '') +
    '}'
  );
}

/** Writes experiments and runs as a Runlens JSON document (docs/runlens-json-format.md). */
export function writeRunlensJson(batch: ImportedBatch): string {
  return (
    `{"format":"runlens","version":1,\n"experiments":[${batch.experiments.map(experimentJson).join(',\n')}],\n` +
    `"runs":[\n${batch.runs.map(runJson).join(',\n')}\n]` +
    (batch.registry?.length
      ? `,\n"registry":[${batch.registry.map((m) => JSON.stringify(registeredModelToJson(m))).join(',\n')}]`
      : '') +
    '}\n'
  );
}
