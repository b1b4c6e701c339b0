/**
 * JSON experiment logs as people write them by hand or from small scripts. No spec exists; these
 * are the shapes such logs take, recognised by content, never by file name:
 *
 * 1. A list of runs `[{ "params": {...}, "metrics": {...} }, ...]`, bare or as `{ "runs": [...] }`
 *    (a wrapper with any other top-level member is someone else's).
 * 2. One run `{ "run_id", "timestamp", "parameters", "metrics", "artifacts" }`, with two or more
 *    members, one of them "metrics" or params.
 *    Runs may have only these members; any other (MLflow's "info", Runlens's "experimentId") means
 *    the file is not ours: "id"|"run_id", "name"|"run_name", "metrics", "status", "tags",
 *    "params"|"parameters"|"config"|"hyperparameters"|"hparams", "timestamp"|"start_time",
 *    "end_time", "artifacts". A metric is a number (one point at step 0), a list of numbers (steps
 *    0..n-1), a list of `{step?, value, timestamp?}` (no step: the index) or `{steps?, values,
 *    timestamps?}`; one without points is left out. Artifacts are paths or `{path, size?,
 *    mediaType?}`, listed only (no bytes; size 0 when not given).
 * 3. JSON Lines: a JSON object per line (blank lines are fine), each a metric record
 *    `{"metric"|"key"|"name", "value", "step"?, "timestamp"?, "run"?|"run_id"?}` (other members,
 *    e.g. "epoch", are ignored; no step: the count of that metric's earlier points) or a params
 *    record: `{"params": {...}, "run"?}`, `{"type": "params", "params": {...}}` or `{"type":
 *    "params", "lr": 0.1, "run"?}` (then the other members are the params; a later value wins).
 *    Records without a run make one run named after the file; a named run's name is its id.
 *
 * 4. Flat result records, as a JSON array or JSON Lines, one run per record
 *    `[{"model": "RF", "accuracy": 0.98, "timestamp": "2024-03-01 12:00:00"}]`: only when none of
 *    the shapes above fits, and named in the import report (rules in flat-records.ts).
 *
 * Rules for all shapes:
 * - Params and tags are text: strings as written, numbers as JavaScript's String(n) (0.01 → "0.01";
 *   1.0 → "1", JSON cannot tell them apart), true/false/null as JSON spells them, lists as compact
 *   JSON. Nested objects are flattened with "." as MLflow's autologging does ({"optimizer": {"lr":
 *   0.1}} → "optimizer.lr"); an empty one stays "{}". A list of tags gives tags with value "".
 * - Times are epoch seconds or milliseconds told apart by size (below 1e11, i.e. before the year
 *   5138, is seconds; milliseconds are above it from March 1973), or ISO 8601 text such as
 *   2024-05-01T12:00:00.250+02:00 ("T" or a space). ISO text without a zone is UTC, as Python's
 *   datetime.utcnow().isoformat() means it (local time would differ per machine). Rounded to the
 *   millisecond. A run without start/end times gets its earliest/latest point time.
 * - Statuses: common words (completed, failed, cancelled...) map to MLflow's; default FINISHED.
 * - Each file is one experiment `{id: "json-logs:<file name>", name: <name without extension>}`. A
 *   run without an id gets `<file path>#<index>`: the path, not the name, so that run.json files
 *   of different folders never replace each other (a run seen twice keeps its last copy).
 * - Bare NaN/Infinity (Python's json.dumps) are read by the tolerant JSON parser.
 */
import {
  parseNumberToken,
  type Artifact,
  type ImportedBatch,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../../model';
import { artifactPathProblem } from '../artifact-path';
import { ImportError } from '../errors';
import type { ImportContext, Importer } from '../importer';
import { JsonReader } from '../readers/json-reader';
import { mediaTypeOf } from '../media-types';
import type { ImportSource } from '../source';
import {
  areResultRecords,
  flatJsonLines,
  looksLikeFlatJsonLines,
  parseFlatRecords
} from './flat-records';
import { looksLikeJsonLines, parseJsonLines } from './lines';
import {
  FORMAT,
  fileInfo,
  flattenInto,
  idText,
  isObject,
  makeRun,
  pick,
  readTime,
  toSeries,
  type FileInfo,
  type Json
} from './values';

/** Lower than formats with a marker: this one is recognised by shape alone. */
const CONFIDENCE = 0.5;
/** Flat result records have even less shape: anything more specific wins. */
const FLAT_CONFIDENCE = 0.4;

const PARAM_KEYS = ['params', 'parameters', 'config', 'hyperparameters', 'hparams'];

const RUN_KEYS = new Set([
  ...PARAM_KEYS,
  ...['id', 'run_id', 'name', 'run_name', 'metrics', 'status', 'tags'],
  ...['timestamp', 'start_time', 'end_time', 'artifacts']
]);

const STATUS_WORDS: Record<RunStatus, string[]> = {
  FINISHED: ['finished', 'completed', 'complete', 'done', 'success', 'succeeded'],
  RUNNING: ['running', 'active', 'in_progress'],
  SCHEDULED: ['scheduled', 'queued', 'pending'],
  FAILED: ['failed', 'failure', 'error', 'errored', 'crashed'],
  KILLED: ['killed', 'cancelled', 'canceled', 'stopped', 'aborted', 'interrupted']
};

const STATUSES = new Map(
  Object.entries(STATUS_WORDS).flatMap(([s, words]) => words.map((w) => [w, s as RunStatus]))
);

function readTags(r: JsonReader, value: unknown, path: string): Map<string, string> {
  if (value == null) return new Map();
  if (!Array.isArray(value)) return flattenInto(r, new Map(), value, path);
  return new Map(value.map((t, i) => [r.string(t, `${path}[${i}]`).normalize('NFC'), '']));
}

function readStatus(r: JsonReader, value: unknown, path: string): RunStatus {
  const text = r.optionalString(value, path);
  const status = text === null ? 'FINISHED' : STATUSES.get(text.trim().toLowerCase());
  if (!status) r.fail(path, `unknown status ${JSON.stringify(text)} (try finished or failed)`);
  return status;
}

/** One metric in any of the four spellings; steps must be finite, values may be NaN. */
function readSeries(r: JsonReader, key: string, value: unknown, path: string): MetricSeries {
  if (!Array.isArray(value) && !isObject(value)) {
    return toSeries(key, [r.number(value, path)], [], []);
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return toSeries(key, [...r.float64s(value, path)], [], []);
  }
  const values: number[] = [];
  const steps: number[] = [];
  const times: number[] = [];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const o = r.object(item, `${path}[${i}]`);
      values.push(r.number(o.value, `${path}[${i}].value`));
      steps.push(o.step == null ? i : r.finiteNumber(o.step, `${path}[${i}].step`));
      times.push(readTime(r, o.timestamp, `${path}[${i}].timestamp`) ?? NaN);
    }
    return toSeries(key, values, steps, times);
  }
  values.push(...r.float64s(value.values, `${path}.values`));
  const list = (name: string) =>
    value[name] == null ? [] : r.array(value[name], `${path}.${name}`);
  for (const [i, s] of list('steps').entries()) {
    steps.push(r.finiteNumber(s, `${path}.steps[${i}]`));
  }
  for (const [i, t] of list('timestamps').entries()) {
    times.push(readTime(r, t, `${path}.timestamps[${i}]`) ?? NaN);
  }
  if (
    (steps.length || values.length) !== values.length ||
    (times.length || values.length) !== values.length
  ) {
    const lengths = `steps (${steps.length}), values (${values.length}), timestamps (${times.length})`;
    r.fail(path, `${lengths} differ in length`);
  }
  return toSeries(key, values, steps, times);
}

function readArtifacts(r: JsonReader, value: unknown, path: string): Artifact[] {
  const seen = new Set<string>();
  return r.array(value, path).map((item, i) => {
    const itemPath = `${path}[${i}]`;
    const o: Json = typeof item === 'string' ? { path: item } : r.object(item, itemPath);
    const pathAt = typeof item === 'string' ? itemPath : `${itemPath}.path`;
    const raw = r.string(o.path, pathAt);
    const problem = artifactPathProblem(raw);
    if (problem) r.fail(pathAt, `artifact path ${JSON.stringify(raw)} ${problem}`);
    const clean = raw
      .split(/[/\\]/)
      .filter((s) => s !== '' && s !== '.')
      .join('/');
    if (clean === '' || seen.has(clean)) {
      r.fail(
        pathAt,
        `artifact path ${JSON.stringify(raw)} ${clean ? 'appears twice' : 'is empty'}`
      );
    }
    seen.add(clean);
    const size = r.optionalFiniteNumber(o.size, `${itemPath}.size`) ?? 0;
    if (size < 0) r.fail(`${itemPath}.size`, 'is negative');
    const mediaType = r.optionalString(o.mediaType, `${itemPath}.mediaType`) ?? mediaTypeOf(clean);
    return { path: clean, size, mediaType, content: null };
  });
}

function readRun(r: JsonReader, value: unknown, base: string, index: number, file: FileInfo): Run {
  const here = base || 'the run';
  const at = (key: string) => (base ? `${base}.${key}` : key);
  const o = r.object(value, here);
  for (const key of Object.keys(o)) {
    if (!RUN_KEYS.has(key)) r.fail(at(key), `is not a run member (${[...RUN_KEYS].join(', ')})`);
  }
  const [idKey, nameKey, paramKey, startKey] = [
    ['id', 'run_id'],
    ['name', 'run_name'],
    PARAM_KEYS,
    ['timestamp', 'start_time']
  ].map((names) => pick(r, o, names, here));
  const metrics: MetricSeries[] = [];
  const keys = new Set<string>();
  for (const [raw, v] of Object.entries(
    o.metrics == null ? {} : r.object(o.metrics, at('metrics'))
  )) {
    const key = raw.normalize('NFC');
    const path = `${at('metrics')}[${JSON.stringify(raw)}]`;
    if (keys.has(key)) r.fail(path, `metric ${JSON.stringify(key)} appears twice`);
    keys.add(key);
    const series = readSeries(r, key, v, path);
    if (series.values.length > 0) metrics.push(series);
  }
  return makeRun(file, {
    id: idKey ? idText(r, o[idKey], at(idKey)) : `${file.path}#${index}`,
    name: nameKey ? r.string(o[nameKey], at(nameKey)) : null,
    status: readStatus(r, o.status, at('status')),
    startTime: startKey ? readTime(r, o[startKey], at(startKey)) : null,
    endTime: readTime(r, o.end_time, at('end_time')),
    params: paramKey ? flattenInto(r, new Map(), o[paramKey], at(paramKey)) : new Map(),
    tags: readTags(r, o.tags, at('tags')),
    metrics,
    artifacts: o.artifacts == null ? [] : readArtifacts(r, o.artifacts, at('artifacts'))
  });
}

/** Could this be one metric? (Only the top level is looked at; parse checks the rest.) */
function isMetricLike(v: unknown): boolean {
  if (typeof v === 'number' || Array.isArray(v)) return true;
  if (typeof v === 'string') return parseNumberToken(v) !== undefined;
  return isObject(v) && Array.isArray(v.values);
}

/** Does this object have the members of a run, and no others? */
function looksLikeRun(o: Json, alone: boolean): boolean {
  const keys = Object.keys(o);
  const params = PARAM_KEYS.filter((k) => o[k] !== undefined);
  if (!keys.every((k) => RUN_KEYS.has(k)) || !params.every((k) => isObject(o[k]))) return false;
  const metrics = o.metrics;
  if (metrics === undefined && params.length === 0) return false;
  if (metrics !== undefined && !(isObject(metrics) && Object.values(metrics).every(isMetricLike))) {
    return false;
  }
  return !alone || keys.length >= 2;
}

/** Where the runs of a JSON document are, or null when it is not ours. */
function documentRuns(doc: unknown): { items: unknown[]; base: (i: number) => string } | null {
  const list = (items: unknown[], prefix: string) =>
    items.length > 0 && items.every(isObject) && looksLikeRun(items[0] as Json, false)
      ? { items, base: (i: number) => `${prefix}[${i}]` }
      : null;
  if (Array.isArray(doc)) return list(doc, '');
  if (!isObject(doc)) return null;
  const keys = Object.keys(doc);
  if (keys.length === 1 && keys[0] === 'runs') {
    return Array.isArray(doc.runs) ? list(doc.runs, 'runs') : null;
  }
  return looksLikeRun(doc, true) ? { items: [doc], base: () => '' } : null;
}

export const jsonLogsImporter: Importer = {
  id: FORMAT,
  label: 'JSON experiment logs',
  extensions: ['.json', '.jsonl', '.ndjson'],

  async sniff(source: ImportSource) {
    const start = (await source.headText()).trimStart()[0];
    if (start !== '{' && start !== '[') return null;
    try {
      if (start === '{' && (await looksLikeJsonLines(source))) return CONFIDENCE;
      if (start === '{' && (await looksLikeFlatJsonLines(source))) return FLAT_CONFIDENCE;
      const doc = await source.json();
      if (documentRuns(doc)) return CONFIDENCE;
      return Array.isArray(doc) && areResultRecords(doc) ? FLAT_CONFIDENCE : null;
    } catch {
      return null; // not JSON at all
    }
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const file = fileInfo(source.path);
    if (await looksLikeJsonLines(source)) return parseJsonLines(await source.text(), file, ctx);
    if (await looksLikeFlatJsonLines(source)) {
      const { records, places } = flatJsonLines(await source.text(), new JsonReader(source.path));
      return parseFlatRecords(records, places, file, ctx);
    }
    const doc = await source.json();
    const found = documentRuns(doc);
    if (!found && Array.isArray(doc) && areResultRecords(doc)) {
      return parseFlatRecords(
        doc,
        doc.map((_, i) => `[${i}]`),
        file,
        ctx
      );
    }
    if (!found) {
      const shapes =
        'a list of runs, one run, JSON Lines of metric records, or flat result records';
      throw new ImportError(source.path, `is not JSON experiment logs (${shapes})`);
    }
    const r = new JsonReader(source.path);
    const runs: Run[] = [];
    const seen = new Map<string, number>();
    let points = 0;
    for (const [i, item] of found.items.entries()) {
      ctx.checkCancelled();
      const run = readRun(r, item, found.base(i), i, file);
      const twin = seen.get(run.id);
      if (twin !== undefined) r.fail(found.base(i), `has the id of ${found.base(twin)}: ${run.id}`);
      seen.set(run.id, i);
      points += run.metrics.reduce((n, m) => n + m.values.length, 0);
      ctx.reportPoints(points);
      runs.push(run);
    }
    return { experiments: [file.experiment], runs };
  }
};
