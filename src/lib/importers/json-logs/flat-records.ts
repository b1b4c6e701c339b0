/**
 * Flat result records: the table of results people keep by hand or with `df.to_json(orient=
 * "records")`, one record per trained model, as a JSON array or as JSON Lines:
 *   [{"timestamp": "2024-03-01 12:00:00", "model": "RF", "accuracy": 97.98, "parameters": "Default"}]
 * No tool defines it, so it is read only when nothing stricter claims the file (the shapes at the
 * top of json-logs.ts come first), and the import report says how each column was read, because a
 * person cannot otherwise tell why `accuracy` became a metric and `parameters` a param.
 *
 * Rules:
 * - One run per record. Nested objects are flattened with "/" (`{"scores": {"f1": 0.9}}` gives
 *   `scores/f1`); values under `params`, `parameters`, `config`, `hyperparameters` or `hparams` are
 *   always params. Null is an absent value.
 * - A key is a metric (one point at step 0) when every value it has in the file is a number, else
 *   a param (numbers then written as text, true/false as spelled in JSON). Per key, not per record:
 *   `accuracy` is a metric in every run or in none.
 * - The first of `timestamp`, `time`, `date`, `created_at`, `start_time` whose every value is a time
 *   (ISO 8601 text, zone-less as UTC, or epoch seconds or milliseconds from 2001 on) is the run's
 *   start time and the time of its points; a `time` of 12.5 is a duration, so it stays a metric.
 * - `name` or `run_name` names the run; else `model` does (and stays a param too). `run_id` or `id`,
 *   when every record has a different one, is the run's id; else runs are `<file path>#<index>`.
 *
 * What makes a file such records (detection by content only): at least one record (two for JSON
 * Lines, where one line is just a JSON object), every record an object of scalars and nested
 * objects (a list inside could be a history and is not guessed at), at least one number, and some
 * sign of a result: a time or name key above, or, in a table of at most 1000 records, a
 * metric-like key (accuracy, loss, f1, rmse...; a data set of 50,000 reviews has a "score" too).
 * Step logs are not result records: a record with `step`, `epoch`, `iteration`, `_step`,
 * `_runtime`, `_timestamp` or `current_steps` (W&B history and events files, LLaMA-Factory's
 * trainer_log.jsonl) is one point of a run's history, not a run, and is left to its own reader.
 */
import type { ImportedBatch, MetricSeries, Run } from '../../model';
import { parseIsoTime } from '../../model';
import {
  applyFieldChoice,
  applyRoleChoices,
  chosenRolesSentence,
  hasChoices,
  someKeys,
  type ReadingChoices,
  type TolerantReading
} from '../column-roles';
import type { ImportContext } from '../importer';
import { JsonReader } from '../readers/json-reader';
import { parseTolerantJson } from '../readers/tolerant-json';
import type { ImportSource } from '../source';
import {
  guessColumns,
  guessRunName,
  guessStartTime,
  keyFacts,
  notATime,
  type FlatRecord
} from './flat-records-roles';
import { isObject, makeRun, type FileInfo, type Json } from './values';

const TIME_KEYS = ['timestamp', 'time', 'date', 'created_at', 'start_time'];
const NAME_KEYS = ['name', 'run_name'];
const ID_KEYS = ['run_id', 'id'];
const PARAM_GROUPS = new Set(['params', 'parameters', 'config', 'hyperparameters', 'hparams']);
const STEP_LOG_KEYS = new Set([
  ...['step', '_step', 'global_step', 'epoch', 'iteration', 'iter', 'current_steps'],
  ...['_runtime', '_timestamp', '_wandb']
]);
const METRIC_WORDS = new Set([
  ...['accuracy', 'acc', 'loss', 'f1', 'precision', 'recall', 'auc', 'roc', 'rmse', 'mae', 'mse'],
  ...['r2', 'score', 'error', 'bleu', 'rouge', 'perplexity', 'iou', 'map', 'mape', 'logloss']
]);
/** Records without a time or name key are results only in a small table (see areResultRecords). */
const UNNAMED_RECORDS_AT_MOST = 1000;
/** Epoch seconds from September 2001 on; smaller numbers under a time key are durations. */
const EARLIEST_EPOCH_SECONDS = 1e9;
const SECONDS_BELOW = 1e11;

type Leaf = string | number | boolean;

/** Only scalars and objects of scalars, at any depth (no lists). */
function isFlat(value: unknown, depth = 0): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  return depth < 16 && isObject(value) && Object.values(value).every((v) => isFlat(v, depth + 1));
}

function hasNumber(value: unknown): boolean {
  return typeof value === 'number' || (isObject(value) && Object.values(value).some(hasNumber));
}

function numericKeys(o: Json, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'number' ? [prefix + k] : isObject(v) ? numericKeys(v, `${prefix}${k}/`) : []
  );
}

const looksLikeMetricName = (key: string) =>
  key
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => METRIC_WORDS.has(word));

/** Are these the records of a results table (rules at the top)? */
export function areResultRecords(records: readonly unknown[], minimum = 1): records is Json[] {
  if (records.length < minimum || !records.every((r) => isObject(r) && isFlat(r))) return false;
  const objects = records as Json[];
  if (objects.some((o) => Object.keys(o).some((k) => STEP_LOG_KEYS.has(k.toLowerCase())))) {
    return false;
  }
  if (!objects.some(hasNumber)) return false;
  const named = (o: Json) => [...TIME_KEYS, ...NAME_KEYS, 'model'].some((k) => o[k] != null);
  if (objects.some(named)) return true;
  // A metric-like key alone is a weaker sign (data sets have a "score" too): a small table only.
  return (
    objects.length <= UNNAMED_RECORDS_AT_MOST &&
    objects.some((o) => numericKeys(o).some(looksLikeMetricName))
  );
}

function parseLine(line: string): unknown {
  try {
    return parseTolerantJson(line);
  } catch {
    return undefined;
  }
}

/**
 * Are the complete lines of the head flat result records, two at least? Lines after one that is
 * not JSON are not looked at, so that parse can name the broken line.
 */
export async function looksLikeFlatJsonLines(source: ImportSource): Promise<boolean> {
  const lines = (await source.headText()).split('\n');
  if (source.file.size > (await source.head()).byteLength) lines.pop(); // cut mid-line
  const values: unknown[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const value = parseLine(line.trim());
    // A pretty-printed document fails on its first line: nothing more is parsed.
    if (value === undefined || !isObject(value)) break;
    values.push(value);
  }
  return areResultRecords(values, 2);
}

/** Every line of a JSON Lines file as a record; a line that is not a JSON object is an error. */
export function flatJsonLines(text: string, r: JsonReader): { records: Json[]; places: string[] } {
  const records: Json[] = [];
  const places: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const value = parseLine(line);
    if (value === undefined) r.fail(`line ${i + 1}`, 'is not valid JSON');
    records.push(r.object(value, `line ${i + 1}`));
    places.push(`line ${i + 1}`);
  }
  return { records, places };
}

function flatten(r: JsonReader, o: Json, place: string): FlatRecord {
  const leaves = new Map<string, Leaf>();
  const forcedParams = new Set<string>();
  const walk = (value: Json, prefix: string, forced: boolean) => {
    for (const [raw, v] of Object.entries(value)) {
      const key = prefix + raw.normalize('NFC');
      if (v === null) continue;
      if (isObject(v)) {
        walk(v, `${key}/`, forced || (prefix === '' && PARAM_GROUPS.has(raw.toLowerCase())));
        continue;
      }
      if (leaves.has(key)) {
        r.fail(place, `gives ${JSON.stringify(key)} twice (nested names are joined with "/")`);
      }
      leaves.set(key, v as Leaf);
      if (forced) forcedParams.add(key);
    }
  };
  walk(o, '', false);
  return { leaves, forcedParams };
}

/** Epoch ms of a value under a time key, or undefined when it is not a time. */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'string') return parseIsoTime(value);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < EARLIEST_EPOCH_SECONDS) {
    return undefined;
  }
  return value < SECONDS_BELOW ? Math.round(value * 1000) : value;
}

/** The key whose every value is a time, if any (rules at the top). */
function timeKey(records: FlatRecord[]): string | undefined {
  return TIME_KEYS.find((key) => {
    const values = records.map((f) => f.leaves.get(key)).filter((v) => v !== undefined);
    return values.length > 0 && values.every((v) => timeOf(v) !== undefined);
  });
}

/** `run_id` or `id` when every record has one and no two are the same. */
function idKey(records: FlatRecord[]): string | undefined {
  return ID_KEYS.find((key) => {
    const ids = records.map((f) => f.leaves.get(key));
    const ok = ids.every((v) => typeof v === 'string' || typeof v === 'number');
    return ok && new Set(ids.map(String)).size === ids.length;
  });
}

/** Reads result records into one run each, with the roles chosen for the file or guessed. */
export function parseFlatRecords(
  records: Json[],
  places: string[],
  file: FileInfo,
  ctx: ImportContext
): ImportedBatch {
  const r = new JsonReader(file.path);
  const flat = records.map((o, i) => flatten(r, o, places[i]!));
  const { reading, id, nameKeys } = readColumns(
    flat,
    places,
    file.path,
    ctx.choices?.get(file.path)
  );
  const roles = new Map(reading.columns.map((c) => [c.key, c.role]));
  const timeColumn = reading.startTime?.column ?? null;
  const runs: Run[] = [];
  let points = 0;
  for (const [i, f] of flat.entries()) {
    if (i % 1000 === 0) ctx.checkCancelled();
    const at = timeColumn === null ? null : (timeOf(f.leaves.get(timeColumn)) ?? null);
    const metrics: MetricSeries[] = [];
    const params = new Map<string, string>();
    const tags = new Map<string, string>();
    for (const [key, v] of f.leaves) {
      const role = roles.get(key);
      if (role === 'metric') {
        metrics.push({
          key,
          steps: Float64Array.of(0),
          values: Float64Array.of(v as number),
          timestamps: Float64Array.of(at ?? NaN)
        });
      } else if (role === 'param') params.set(key, String(v));
      else if (role === 'tag') tags.set(key, String(v));
    }
    points += metrics.length;
    const run = makeRun(file, {
      id: id === undefined ? `${file.path}#${i}` : String(f.leaves.get(id)).normalize('NFC'),
      name: runName(f, nameKeys),
      startTime: at,
      params,
      tags,
      metrics
    });
    runs.push({ ...run, endTime: null });
  }
  ctx.reportPoints(points);
  const message = reading.chosen
    ? chosenRolesSentence(reading)
    : guessSentence(reading, runs.length, id);
  ctx.warn({ file: file.path, message, reading: { ...reading, runs: runs.length, message } });
  return { experiments: [file.experiment], runs };
}

/** The name of a record's run: from the first of the keys that the record has. */
function runName(f: FlatRecord, keys: readonly string[]): string | null {
  const key = keys.find((k) => {
    const v = f.leaves.get(k);
    return typeof v === 'string' || typeof v === 'number';
  });
  return key === undefined ? null : String(f.leaves.get(key));
}

/**
 * How the columns are read: the guess (rules at the top), with the person's choices applied.
 * `nameKeys` are the keys a run's name is taken from, in order: the guess falls back from one to
 * the next per record; a chosen column is the only one.
 */
function readColumns(
  flat: FlatRecord[],
  places: string[],
  path: string,
  choices: ReadingChoices | undefined
): {
  reading: Omit<TolerantReading, 'runs' | 'message'>;
  id: string | undefined;
  nameKeys: string[];
} {
  const facts = keyFacts(flat, places, (v) => timeOf(v) !== undefined);
  const time = timeKey(flat);
  const id = idKey(flat);
  const names = [...NAME_KEYS, 'model'].filter((k) => facts.has(k));
  const guessed = guessColumns(facts, { id, time, names: NAME_KEYS.filter((k) => facts.has(k)) });
  const columns = applyRoleChoices(path, guessed, choices);
  const runName = applyFieldChoice(
    path,
    'the run name',
    guessRunName(facts, [...NAME_KEYS, 'model'], id),
    choices?.runName,
    () => 'the file has no such key'
  );
  const startTime = applyFieldChoice(
    path,
    'the start time',
    guessStartTime(facts, time, TIME_KEYS, id),
    choices?.startTime,
    (key) => notATime(facts, key)
  );
  const reading: Omit<TolerantReading, 'runs' | 'message'> = {
    file: path,
    kind: 'flat-records',
    title: 'flat result records',
    columns,
    runName,
    startTime,
    fixed: id === undefined ? [] : [{ key: id, as: 'run id' }],
    chosen: hasChoices(choices)
  };
  const chosenName = runName.column === null ? [] : [runName.column];
  return { reading, id, nameKeys: choices?.runName === undefined ? names : chosenName };
}

/** The report's sentence for the guess (kept as it was before roles could be chosen). */
function guessSentence(
  reading: Pick<TolerantReading, 'columns' | 'runName' | 'startTime'>,
  runs: number,
  id: string | undefined
): string {
  const named = (role: string) => reading.columns.filter((c) => c.role === role).map((c) => c.key);
  const parts = [`one run per record (${runs})`];
  const metrics = named('metric');
  const params = named('param');
  if (metrics.length) parts.push(`numbers became metrics (${someKeys(metrics)})`);
  if (params.length) parts.push(`text became params (${someKeys(params)})`);
  if (reading.startTime?.column)
    parts.push(`\`${reading.startTime.column}\` became the start time`);
  if (reading.runName.column !== null) parts.push(`\`${reading.runName.column}\` named the runs`);
  if (id !== undefined) parts.push(`\`${id}\` gave the run ids`);
  return `read as flat result records: ${parts.join(', ')}`;
}
