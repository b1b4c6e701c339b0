/**
 * `dvc exp show --json` (../shared/FORMATS.md §7, from iterative/dvc dvc/repo/experiments/
 * serialize.py and show.py, read 2026-11) in both shapes:
 * - DVC ≥ 2.55 (April 2023): a list of baselines `{rev, name, data, error, experiments}`, each
 *   experiment a range `{name, executor, revs: [{rev, name, data, error}]}` (several revs only for
 *   old checkpoint experiments, the tip first).
 * - Before: an object keyed by baseline rev (`workspace`, a sha), each `{baseline: {data},
 *   <exp sha>: {data}}`, names, status and executor inside `data`.
 * Every baseline is an experiment and a run of it (the row DVC's own table shows for the commit);
 * every experiment revision is a run named after the experiment (or its short rev). `data.params`
 * and `data.metrics` map a repo file to `{data}` or `{error}`; params are flattened with `.`,
 * metrics with `/` (see ./values.ts), a top-level `step` is the metrics' step. When two files give
 * the same key, both get DVC's `<file>:<key>` form. Timestamps are naive local times; read as UTC.
 * Errors inside records (a file that did not parse, a failed rev) are warnings: the rest imports.
 */
import {
  parseIsoTime,
  type Experiment,
  type ImportedBatch,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../../model';
import { isJsonObject, type JsonObject } from '../../model/json';
import { ImportError } from '../errors';
import type { ImportContext, Importer } from '../importer';
import type { ImportSource } from '../source';
import { paramsOf, someNames, summaryMetricsOf } from './values';

export const DVC_EXP_SHOW_ID = 'dvc-exp-show';

/** One row of the table: a baseline or an experiment revision, whatever the shape. */
interface ExpRow {
  rev: string;
  name: string | null;
  data: JsonObject | null;
  error: unknown;
  status: RunStatus;
  /** Where it is in the file, for messages: `[1].experiments[0].revs[0]`. */
  where: string;
  kind: 'baseline' | 'experiment';
  experiment: string | null;
}

interface Baseline {
  row: ExpRow;
  experiments: ExpRow[];
}

const STATES: Record<string, RunStatus> = {
  success: 'FINISHED',
  queued: 'SCHEDULED',
  running: 'RUNNING',
  failed: 'FAILED'
};

/** How DVC's table names a rev without a name: `workspace`, or the first 7 hex digits. */
function shortRev(rev: string): string {
  return rev === 'workspace' ? rev : rev.slice(0, 7);
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function object(v: unknown): JsonObject | null {
  return isJsonObject(v) ? v : null;
}

function isNewShape(doc: unknown): doc is unknown[] {
  return (
    Array.isArray(doc) &&
    doc.length > 0 &&
    doc.every((b) => isJsonObject(b) && typeof b.rev === 'string' && ('data' in b || 'error' in b))
  );
}

function isLegacyShape(doc: unknown): doc is JsonObject {
  if (!isJsonObject(doc)) return false;
  const values = Object.values(doc);
  return values.length > 0 && values.every((v) => isJsonObject(v) && isJsonObject(v.baseline));
}

function newShapeBaselines(doc: unknown[]): Baseline[] {
  return doc.map((b, i) => {
    const base = b as JsonObject;
    const experiments: ExpRow[] = [];
    const ranges = Array.isArray(base.experiments) ? base.experiments : [];
    ranges.forEach((range, j) => {
      const r = object(range);
      if (!r) return;
      const executor = object(r.executor);
      const status = STATES[String(executor?.state ?? 'success')] ?? 'FINISHED';
      const revs = Array.isArray(r.revs) ? r.revs : [];
      revs.forEach((rev, k) => {
        const s = object(rev);
        if (!s || typeof s.rev !== 'string') return;
        experiments.push({
          rev: s.rev,
          name: text(s.name) ?? text(r.name),
          data: object(s.data),
          error: s.error,
          status,
          where: `[${i}].experiments[${j}].revs[${k}]`,
          kind: 'experiment',
          experiment: text(r.name)
        });
      });
    });
    const row: ExpRow = {
      rev: base.rev as string,
      name: text(base.name),
      data: object(base.data),
      error: base.error,
      status: 'FINISHED',
      where: `[${i}]`,
      kind: 'baseline',
      experiment: null
    };
    return { row, experiments };
  });
}

function legacyStatus(data: JsonObject | null): RunStatus {
  const status = text(data?.status)?.toLowerCase();
  if (status && STATES[status]) return STATES[status];
  if (data?.running === true) return 'RUNNING';
  if (data?.queued === true) return 'SCHEDULED';
  return 'FINISHED';
}

function legacyBaselines(doc: JsonObject): Baseline[] {
  return Object.entries(doc).map(([baseRev, entry]) => {
    const e = entry as JsonObject;
    const rowOf = (rev: string, value: unknown, kind: ExpRow['kind']): ExpRow => {
      const v = object(value);
      const data = object(v?.data);
      return {
        rev,
        name: text(data?.name),
        data,
        error: v?.error ?? data?.error,
        status: legacyStatus(data),
        where: `${JSON.stringify(baseRev)}.${JSON.stringify(kind === 'baseline' ? 'baseline' : rev)}`,
        kind,
        experiment: kind === 'experiment' ? text(data?.name) : null
      };
    };
    const experiments = Object.entries(e)
      .filter(([rev]) => rev !== 'baseline')
      .map(([rev, value]) => rowOf(rev, value, 'experiment'));
    return { row: rowOf(baseRev, e.baseline, 'baseline'), experiments };
  });
}

/** DVC's exception encoding `{type, msg}` as one line. */
function errorText(error: unknown): string {
  const e = object(error);
  if (!e) return typeof error === 'string' ? error : JSON.stringify(error);
  const type = text(e.type);
  const msg = text(e.msg) ?? text(e.message) ?? '';
  return type ? `${type}${msg ? `: ${msg}` : ''}` : msg || JSON.stringify(e);
}

interface Files<T> {
  /** Per repo file, its flattened entries. */
  byFile: [string, Map<string, T>][];
  errors: [string, string][];
}

/** The `{file: {data} | {error}}` map of params or metrics, flattened per file. */
function filesOf<T>(value: unknown, flatten: (data: unknown) => Map<string, T>): Files<T> {
  const out: Files<T> = { byFile: [], errors: [] };
  const map = object(value);
  if (!map) return out;
  for (const [file, entry] of Object.entries(map)) {
    const e = object(entry);
    if (e?.error !== undefined && e.error !== null) out.errors.push([file, errorText(e.error)]);
    if (e && 'data' in e) out.byFile.push([file, flatten(e.data)]);
  }
  return out;
}

/** One map, keys that several files share written `<file>:<key>` as DVC's table does. */
function merge<T>(files: [string, Map<string, T>][]): Map<string, T> {
  const seen = new Map<string, number>();
  for (const [, m] of files) for (const k of m.keys()) seen.set(k, (seen.get(k) ?? 0) + 1);
  const out = new Map<string, T>();
  for (const [file, m] of files) {
    for (const [k, v] of m) out.set(seen.get(k)! > 1 ? `${file}:${k}` : k, v);
  }
  return out;
}

function runOf(row: ExpRow, experimentId: string, source: ImportSource, ctx: ImportContext): Run {
  const label = row.name ?? shortRev(row.rev);
  const warn = (what: string) =>
    ctx.warn({ file: source.path, message: `${row.where} (${label}): ${what}` });
  if (row.error !== undefined && row.error !== null) warn(errorText(row.error));
  const data = row.data;
  const params = filesOf(data?.params, (d) => paramsOf(d));
  const timestamp = text(data?.timestamp);
  const time = timestamp ? (parseIsoTime(timestamp) ?? null) : null;
  const notNumbers: string[] = [];
  const metrics = filesOf(data?.metrics, (d) => {
    const { step, ...rest } = isJsonObject(d) ? d : { step: undefined };
    const summary = summaryMetricsOf(isJsonObject(d) ? rest : d);
    notNumbers.push(...summary.notNumbers);
    const at = typeof step === 'number' && Number.isFinite(step) ? step : 0;
    return new Map([...summary.values].map(([k, v]) => [k, [at, v] as const]));
  });
  for (const [file, message] of [...params.errors, ...metrics.errors]) warn(`${file}: ${message}`);
  if (notNumbers.length > 0)
    warn(`metrics that are not numbers, left out: ${someNames(notNumbers)}`);
  const series: MetricSeries[] = [...merge(metrics.byFile)].map(([key, [step, value]]) => ({
    key,
    steps: Float64Array.of(step),
    values: Float64Array.of(value),
    timestamps: Float64Array.of(time ?? NaN)
  }));
  const tags = new Map([
    ['dvc.rev', row.rev],
    ['dvc.type', row.kind]
  ]);
  if (row.experiment) tags.set('dvc.experiment', row.experiment);
  return {
    id: row.rev,
    experimentId,
    name: label,
    // A rev DVC could not collect at all failed, whatever its executor said.
    status: data === null && row.error ? 'FAILED' : row.status,
    startTime: time,
    endTime: null,
    deleted: false,
    parentId: null,
    params: new Map([...merge(params.byFile)].map(([k, v]) => [k, String(v)])),
    tags,
    metrics: series,
    artifacts: [],
    source: { format: DVC_EXP_SHOW_ID, file: source.path }
  };
}

async function sniffExpShow(source: ImportSource): Promise<number | null> {
  const head = (await source.headText()).trimStart();
  if (!head.startsWith('[') && !head.startsWith('{')) return null;
  if (!/"(baseline|experiments)"/.test(head)) return null;
  const doc = await source.json();
  return isNewShape(doc) || isLegacyShape(doc) ? 0.95 : null;
}

async function parseExpShow(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
  const doc = await source.json();
  const baselines = isNewShape(doc)
    ? newShapeBaselines(doc)
    : isLegacyShape(doc)
      ? legacyBaselines(doc)
      : null;
  if (!baselines) {
    throw new ImportError(source.path, 'is not `dvc exp show --json` output (no baselines)');
  }
  const experiments: Experiment[] = [];
  const runs: Run[] = [];
  for (const { row, experiments: revs } of baselines) {
    ctx.checkCancelled();
    const id = `${source.path}#${row.rev}`;
    experiments.push({
      id,
      name: row.name ?? shortRev(row.rev),
      deleted: false,
      tags: new Map([['dvc.rev', row.rev]])
    });
    runs.push(runOf(row, id, source, ctx));
    for (const exp of revs) runs.push(runOf(exp, id, source, ctx));
  }
  return { experiments, runs };
}

export const dvcExpShowImporter: Importer = {
  id: DVC_EXP_SHOW_ID,
  label: 'DVC experiments (dvc exp show --json)',
  extensions: ['.json'],
  sniff: sniffExpShow,
  parse: parseExpShow
};
