/**
 * The document `runlens summary` prints (specified in SUMMARY.md, shared with the team), built from
 * what the import pipeline parsed, and its two spellings: JSON and a short human table.
 */
import { toJsonNumber, type JsonNumber } from '../model/numbers';
import { mergeExperiments, type BatchFromFile } from '../db/prepare';
import { experimentKey } from '../db/rows';
import type { FileError, ImportWarning, SkippedFile } from '../importers/errors';
import type { ReadUnit } from '../worker/parse-files';
import { describeGroup, groupSkipped, noRunsHeadline } from '../worker/import-report';
import {
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
    warnings: warnings.map((w) => ({ file: w.file, message: w.message }))
  };
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

/**
 * JSON with two-space indents. Written by hand rather than with JSON.stringify so that -0 keeps
 * its sign (as the Runlens JSON writer does); non-finite numbers were already made strings.
 */
function writeJson(value: unknown, indent: string, out: string[]): void {
  if (typeof value === 'number') {
    out.push(Object.is(value, -0) ? '-0' : Number.isFinite(value) ? String(value) : 'null');
  } else if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    const inner = `${indent}  `;
    out.push('[');
    value.forEach((item: unknown, i) => {
      out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
      writeJson(item, inner, out);
    });
    out.push(`\n${indent}]`);
  } else if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) return void out.push('{}');
    const inner = `${indent}  `;
    out.push('{');
    keys.forEach((key, i) => {
      out.push(`${i === 0 ? '\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
      writeJson((value as Record<string, unknown>)[key], inner, out);
    });
    out.push(`\n${indent}}`);
  } else {
    out.push(JSON.stringify(value) ?? 'null');
  }
}

/** The summary as the JSON document of SUMMARY.md, newline-terminated. */
export function formatSummaryJson(doc: SummaryDocument): string {
  const out: string[] = [];
  writeJson(doc, '', out);
  return `${out.join('')}\n`;
}

function pointCount(run: SummaryRun): number {
  let n = 0;
  for (const key in run.metrics) n += run.metrics[key]!.points;
  return n;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Names come from files: a newline or tab in one must not break the table. */
function oneLine(text: string): string {
  return text.replace(/\p{Cc}/gu, ' ');
}

/**
 * The summary as a table for people: one line per run (or why there is none), the rejected files,
 * the skipped ones grouped and counted by reason, then totals. `inputs` is how many files were
 * named or found.
 */
export function formatSummaryTable(doc: SummaryDocument, inputs: number): string {
  const header = ['EXPERIMENT', 'RUN', 'STATUS', 'PARAMS', 'METRICS', 'POINTS'];
  const numeric = [false, false, false, true, true, true];
  let points = 0;
  const rows = doc.runs.map((run) => {
    const runPoints = pointCount(run);
    points += runPoints;
    return [
      oneLine(run.experiment.name),
      oneLine(run.name ?? run.id),
      run.deleted ? `${run.status} (deleted)` : run.status,
      String(Object.keys(run.params).length),
      String(Object.keys(run.metrics).length),
      String(runPoints)
    ];
  });
  const lines: string[] = [];
  if (rows.length > 0) {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    for (const row of [header, ...rows]) {
      const cells = row.map((cell, c) =>
        numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)
      );
      lines.push(cells.join('  ').trimEnd());
    }
  } else {
    lines.push(`${noRunsHeadline(inputs)}.`);
  }
  if (doc.errors.length > 0) {
    lines.push('', 'Could not read:');
    for (const e of doc.errors) lines.push(`  ${oneLine(e.file)}: ${oneLine(e.message)}`);
  }
  if (doc.skipped.length > 0) {
    lines.push('', 'Not read (the skipped list of --json names every file):');
    for (const group of groupSkipped(doc.skipped, 1)) {
      lines.push(`  ${oneLine(describeGroup(group))}, e.g. ${oneLine(group.files[0]!)}`);
    }
  }
  const experiments = doc.experiments.length;
  const deleted = doc.runs.filter((r) => r.deleted).length;
  lines.push(
    '',
    `${plural(doc.runs.length, 'run')}${deleted > 0 ? ` (${deleted} deleted)` : ''} in ` +
      `${plural(experiments, 'experiment')}, ${plural(points, 'metric point')}; ` +
      `${plural(doc.errors.length, 'file')} rejected` +
      (doc.skipped.length > 0 ? `, ${doc.skipped.length} skipped.` : '.')
  );
  return `${lines.join('\n')}\n`;
}
