/**
 * JSON Lines experiment logs: one metric or params record per line (rules at the top of
 * json-logs.ts).
 */
import { type ImportedBatch } from '../../model';
import type { ImportContext } from '../importer';
import { JsonReader } from '../readers/json-reader';
import type { ImportSource } from '../source';
import { parseTolerantJson } from '../readers/tolerant-json';
import {
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

/** What a JSON Lines record is: a metric, params, or (null) neither. */
function recordKind(o: Json): 'metric' | 'params' | null {
  if (typeof o.type === 'string' && o.type.toLowerCase() === 'params') return 'params';
  if (o.value !== undefined && (o.metric ?? o.key ?? o.name) !== undefined) return 'metric';
  const keys = Object.keys(o);
  const ok = isObject(o.params) && keys.every((k) => ['params', 'run', 'run_id'].includes(k));
  return ok ? 'params' : null;
}

function parseLine(line: string): unknown {
  try {
    return parseTolerantJson(line);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Are the first two records of the head (or the only one) metric or params records? */
export async function looksLikeJsonLines(source: ImportSource): Promise<boolean> {
  const lines = (await source.headText()).split('\n');
  if (source.file.size > (await source.head()).byteLength) lines.pop(); // cut mid-line
  const records = lines
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 2);
  return (
    records.length > 0 &&
    records.every((l) => {
      const v = parseLine(l);
      return isObject(v) && recordKind(v) !== null;
    })
  );
}

interface RunLog {
  id: string;
  name: string;
  params: Map<string, string>;
  series: Map<string, { steps: number[]; values: number[]; times: number[] }>;
}

export function parseJsonLines(text: string, file: FileInfo, ctx: ImportContext): ImportedBatch {
  const r = new JsonReader(file.path);
  const logs = new Map<string | null, RunLog>();
  let points = 0;
  for (const [i, raw] of text.split('\n').entries()) {
    if (i % 10_000 === 0) {
      ctx.checkCancelled();
      ctx.reportPoints(points);
    }
    const line = raw.trim();
    if (line === '') continue;
    const where = `line ${i + 1}`;
    const parsed = parseLine(line);
    if (parsed instanceof Error) r.fail(where, `is not valid JSON (${parsed.message})`);
    const o = r.object(parsed, where);
    const kind = recordKind(o);
    if (!kind) r.fail(where, 'is neither a metric record {"metric", "value"} nor params');
    const runKey = pick(r, o, ['run', 'run_id'], where);
    const runId = runKey ? idText(r, o[runKey], `${where}, "${runKey}"`) : null;
    let log = logs.get(runId);
    if (!log) {
      log = {
        id: runId ?? `${file.path}#0`,
        name: runId ?? file.stem,
        params: new Map(),
        series: new Map()
      };
      logs.set(runId, log);
    }
    if (kind === 'params') {
      const rest = Object.fromEntries(
        Object.entries(o).filter(([k]) => !['type', 'run', 'run_id'].includes(k))
      );
      const given = isObject(o.params) && Object.keys(rest).length === 1 ? o.params : rest;
      // A param given again on a later line takes the later value.
      for (const [k, v] of flattenInto(r, new Map(), given, where)) log.params.set(k, v);
      continue;
    }
    const nameKey = o.metric !== undefined ? 'metric' : o.key !== undefined ? 'key' : 'name';
    const key = r.string(o[nameKey], `${where}, "${nameKey}"`).normalize('NFC');
    let s = log.series.get(key);
    if (!s) log.series.set(key, (s = { steps: [], values: [], times: [] }));
    s.values.push(r.number(o.value, `${where}, "value"`));
    s.steps.push(o.step == null ? s.steps.length : r.finiteNumber(o.step, `${where}, "step"`));
    s.times.push(readTime(r, o.timestamp, `${where}, "timestamp"`) ?? NaN);
    points++;
  }
  ctx.reportPoints(points);
  const runs = [...logs.values()].map(({ id, name, params, series }) => {
    const metrics = [...series].map(([key, s]) => toSeries(key, s.values, s.steps, s.times));
    return makeRun(file, { id, name, params, metrics });
  });
  return { experiments: [file.experiment], runs };
}
