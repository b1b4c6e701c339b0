/**
 * The document `runlens summary` prints (specified in SUMMARY.md, shared with the team), built from
 * what the import pipeline parsed, and its two spellings: JSON and a short human table.
 */
import { toJsonNumber, type JsonNumber } from '../model/numbers';
import { mergeExperiments, prepareRegistry, type BatchFromFile } from '../db/prepare';
import { experimentKey } from '../db/rows';
import type { FileError, ImportWarning, SkippedFile } from '../importers/errors';
import type { ReadUnit } from '../worker/parse-files';
import {
  aliasesOf,
  summarizeSeries,
  type CodeProvenance,
  type DatasetInput,
  type EnvironmentProvenance,
  type LoggedModel,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../model';

/** Non-finite numbers are spelled as strings: JSON has no NaN or Infinity. */
export type { JsonNumber };

export interface MetricFigures {
  points: number;
  last: JsonNumber;
  min: JsonNumber;
  max: JsonNumber;
  lastStep: JsonNumber;
  /** Beyond SUMMARY.md: the earliest record, smallest (step, timestamp), the first read on a tie. */
  first: JsonNumber;
  firstStep: JsonNumber;
}

export interface SummaryRun {
  source: string;
  file: string;
  experiment: { id: string; name: string };
  id: string;
  name: string | null;
  status: RunStatus;
  deleted: boolean;
  parentId: string | null;
  startTime: number | null;
  endTime: number | null;
  /** Null-prototype objects: a key may be `__proto__` and must come out as an ordinary key. */
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, MetricFigures>;
  /** Beyond SUMMARY.md: how many artifacts (files, images from event files) the run holds. */
  artifacts: number;
  /** Beyond SUMMARY.md (docs/provenance.md): the datasets the run read, as the export lists them. */
  inputs: DatasetInput[];
  /** Beyond SUMMARY.md: the models the run logged. */
  models: LoggedModel[];
  /** Beyond SUMMARY.md: the code and environment the export states, or null when it states none. */
  provenance: { code: CodeProvenance | null; environment: EnvironmentProvenance | null } | null;
}

/** One file or folder runs were read from (beyond SUMMARY.md; see docs/architecture.md, The CLI). */
export interface SummaryRead {
  file: string;
  source: string;
  runs: number;
}

/**
 * One experiment the files hold, with or without runs (beyond SUMMARY.md; see
 * docs/architecture.md, The CLI): the same experiments the app's import report counts.
 */
export interface SummaryExperiment {
  source: string;
  id: string;
  name: string;
  deleted: boolean;
  runs: number;
}

export interface SummaryDocument {
  runs: SummaryRun[];
  experiments: SummaryExperiment[];
  errors: FileError[];
  /** Every input file neither read into a run nor rejected, with the reason. */
  skipped: SkippedFile[];
  read: SummaryRead[];
  /** Beyond SUMMARY.md: what the import report warns of (cut-off files, values not shown). */
  warnings: ImportWarning[];
  /** Beyond SUMMARY.md (docs/provenance.md): registered models, their versions and aliases. */
  registry: SummaryRegisteredModel[];
}

export interface SummaryModelVersion {
  version: string;
  /** The run that produced it, by id (null when registered from a path). */
  runId: string | null;
  stage: string | null;
  status: string | null;
  aliases: string[];
  source: string | null;
  description: string | null;
  tags: Record<string, string>;
  created: number | null;
  updated: number | null;
  modelId: string | null;
  from: string;
}

export interface SummaryRegisteredModel {
  source: string;
  name: string;
  /** The store it belongs to when one import may hold several (an SQLite store's path), or null. */
  store: string | null;
  description: string | null;
  tags: Record<string, string>;
  aliases: { alias: string; version: string }[];
  created: number | null;
  updated: number | null;
  versions: SummaryModelVersion[];
  from: string;
}

/** What the pipeline gave, as buildSummary takes it. */
export interface SummaryInput {
  parsed: readonly BatchFromFile[];
  errors: readonly FileError[];
  skipped: readonly SkippedFile[];
  read: readonly ReadUnit[];
  warnings?: readonly ImportWarning[];
}

function epochOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** Map → null-prototype object with NFC keys; on a null-prototype object `__proto__` is plain. */
function keyedObject(map: ReadonlyMap<string, string>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [key, value] of map) out[key.normalize('NFC')] = value;
  return out;
}

function concatSeries(key: string, parts: readonly MetricSeries[]): MetricSeries {
  const join = (pick: (s: MetricSeries) => Float64Array) => {
    const out = new Float64Array(parts.reduce((n, s) => n + pick(s).length, 0));
    let at = 0;
    for (const s of parts) {
      out.set(pick(s), at);
      at += pick(s).length;
    }
    return out;
  };
  return {
    key,
    steps: join((s) => s.steps),
    values: join((s) => s.values),
    timestamps: join((s) => s.timestamps)
  };
}

/** Index of the earliest record: smallest (step, timestamp), a missing timestamp first. */
function firstIndex({ steps, timestamps }: MetricSeries): number {
  let at = -1;
  for (let i = 0; i < steps.length; i++) {
    if (at < 0 || steps[i]! < steps[at]!) at = i;
    else if (steps[i] === steps[at]) {
      const t = Number.isNaN(timestamps[i]!) ? -Infinity : timestamps[i]!;
      if (t < (Number.isNaN(timestamps[at]!) ? -Infinity : timestamps[at]!)) at = i;
    }
  }
  return at;
}

/**
 * One entry per metric name. Should a run carry two series under the same (NFC) name, they are
 * summarised as one history, which is what MLflow's full metric history would return.
 */
function metricFigures(series: readonly MetricSeries[]): Record<string, MetricFigures> {
  const byKey = new Map<string, MetricSeries[]>();
  for (const s of series) {
    const key = s.key.normalize('NFC');
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  const out = Object.create(null) as Record<string, MetricFigures>;
  for (const [key, parts] of byKey) {
    const s = parts.length === 1 ? parts[0]! : concatSeries(key, parts);
    const figures = summarizeSeries(s);
    const first = firstIndex(s);
    out[key] = {
      points: figures.count,
      last: toJsonNumber(figures.last),
      min: toJsonNumber(figures.min),
      max: toJsonNumber(figures.max),
      lastStep: toJsonNumber(figures.lastStep),
      first: toJsonNumber(first < 0 ? NaN : s.values[first]!),
      firstStep: toJsonNumber(first < 0 ? NaN : s.steps[first]!)
    };
  }
  return out;
}

/**
 * Builds the summary document: every run of every parsed file (deleted ones flagged), the errors,
 * every skipped file with its reason, and what runs were read from.
 */
export function buildSummary({
  parsed,
  errors,
  skipped,
  read,
  warnings = []
}: SummaryInput): SummaryDocument {
  const runs: SummaryRun[] = [];
  // Merged over every file, as the app stores them: a run is named by its experiment.json even
  // when that came in another file.
  const merged = mergeExperiments(parsed, '');
  const runCounts = new Map<string, number>();
  for (const { file, format, batch } of parsed) {
    const deleted = new Set(batch.experiments.filter((e) => e.deleted).map((e) => e.id));
    for (const run of batch.runs) {
      const key = experimentKey(format, run.experimentId);
      runCounts.set(key, (runCounts.get(key) ?? 0) + 1);
      const name = merged.get(key)?.name;
      runs.push(summaryRun(run, format, file, name, deleted.has(run.experimentId)));
    }
  }
  return {
    runs,
    experiments: [...merged.values()].map((e) => ({
      source: e.sourceFormat,
      id: e.id,
      name: e.name,
      deleted: e.deleted,
      runs: runCounts.get(e.key) ?? 0
    })),
    errors: errors.map((e) => ({ file: e.file, message: e.message })),
    skipped: skipped.map((s) => ({ file: s.file, reason: s.reason })),
    read: read.map((r) => ({ file: r.file, source: r.format, runs: r.runs })),
    warnings: warnings.map((w) => ({ file: w.file, message: w.message })),
    registry: summaryRegistry(parsed)
  };
}

/** Registered models merged as the app stores them (one per format and name). */
function summaryRegistry(parsed: readonly BatchFromFile[]): SummaryRegisteredModel[] {
  return prepareRegistry(parsed, '').map((m) => ({
    source: m.sourceFormat,
    name: m.name,
    store: m.store,
    description: m.description,
    tags: keyedObject(m.tags),
    aliases: m.aliases,
    created: m.created,
    updated: m.updated,
    versions: m.versions.map((v) => ({
      version: v.version,
      runId: v.runId,
      stage: v.stage,
      status: v.status,
      aliases: aliasesOf(m, v.version),
      source: v.source,
      description: v.description,
      tags: keyedObject(v.tags),
      created: v.created,
      updated: v.updated,
      modelId: v.modelId,
      from: v.from
    })),
    from: m.from
  }));
}

function summaryRun(
  run: Run,
  format: string,
  file: string,
  experimentName: string | undefined,
  experimentDeleted: boolean
): SummaryRun {
  return {
    // The run's own source is the more precise one (an archive importer names the inner file).
    source: run.source.format || format,
    file: run.source.file || file,
    // An experiment missing from the batch still has an id; it stands in for the name.
    experiment: { id: run.experimentId, name: experimentName ?? run.experimentId },
    id: run.id,
    name: run.name,
    status: run.status,
    deleted: run.deleted || experimentDeleted,
    parentId: run.parentId,
    startTime: epochOrNull(run.startTime),
    endTime: epochOrNull(run.endTime),
    params: keyedObject(run.params),
    tags: keyedObject(run.tags),
    metrics: metricFigures(run.metrics),
    artifacts: run.artifacts.length,
    ...provenanceFields(run)
  };
}

/** The run's provenance as the summary's `inputs`, `models` and `provenance` fields. */
function provenanceFields(run: Run): Pick<SummaryRun, 'inputs' | 'models' | 'provenance'> {
  const p = run.provenance;
  return {
    inputs: p?.data ?? [],
    models: p?.models ?? [],
    provenance:
      p && (p.code !== null || p.environment !== null)
        ? { code: p.code, environment: p.environment }
        : null
  };
}
