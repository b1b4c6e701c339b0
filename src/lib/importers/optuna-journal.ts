/**
 * Optuna's journal file (`JournalStorage(JournalFileBackend(path))`): one JSON object per line,
 * each an operation `{"op_code": n, "worker_id": ..., ...}` (optuna/storages/journal/_storage.py
 * and _file.py, 5.0.0, read 2026-11; the format is the same since 3.1). Replaying it gives the
 * studies (experiments) and their trials (runs): params decoded by their distribution, the
 * objective value(s) as metrics `value` or `values/<i>`, reported intermediate values as the
 * history `intermediate_value` on their steps. Replay rules: optuna-journal-replay.ts.
 */
import type { Experiment, ImportedBatch, MetricSeries, Run, RunStatus } from '../model';
import { isJsonObject } from '../model/json';
import { ImportError } from './errors';
import type { ImportContext, Importer } from './importer';
import { externalText } from './optuna-distributions';
import { pythonText } from './python-values';
import {
  JournalReplay,
  type ReplayedStudy,
  type ReplayedTrial,
  type TrialStateName
} from './optuna-journal-replay';
import { JsonReader } from './readers/json-reader';
import { parseTolerantJson } from './readers/tolerant-json';
import type { ImportSource } from './source';

export const OPTUNA_JOURNAL_ID = 'optuna-journal';

/** Pruned trials were stopped on purpose by the pruner: KILLED, not FAILED. */
const STATUS: Record<TrialStateName, RunStatus> = {
  RUNNING: 'RUNNING',
  WAITING: 'SCHEDULED',
  COMPLETE: 'FINISHED',
  PRUNED: 'KILLED',
  FAIL: 'FAILED'
};

/** The history of `trial.report(value, step)`. */
export const INTERMEDIATE_METRIC = 'intermediate_value';

/** Metric names of a study's objectives: `value` for one, `values/0`, `values/1`... for more. */
export function objectiveKeys(directions: readonly string[]): string[] {
  return directions.length === 1 ? ['value'] : directions.map((_, i) => `values/${i}`);
}

/** Does this first line look like a journal operation (normally CREATE_STUDY)? */
function looksLikeOperation(line: string): number | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isJsonObject(o) || typeof o.worker_id !== 'string' || typeof o.op_code !== 'number')
    return null;
  if (o.op_code === 0 && typeof o.study_name === 'string' && Array.isArray(o.directions))
    return 0.95;
  return Number.isInteger(o.op_code) && o.op_code >= 0 && o.op_code <= 10 ? 0.6 : null;
}

function series(key: string, points: [number, number, number][]): MetricSeries {
  return {
    key,
    steps: Float64Array.from(points, (p) => p[0]),
    values: Float64Array.from(points, (p) => p[1]),
    timestamps: Float64Array.from(points, (p) => p[2])
  };
}

function attrTags(tags: Map<string, string>, attrs: Map<string, unknown>, prefix: string) {
  for (const [k, v] of attrs) tags.set(prefix + k, pythonText(v));
}

function directionTags(study: ReplayedStudy): Map<string, string> {
  const tags = new Map<string, string>();
  const keys = objectiveKeys(study.directions);
  study.directions.forEach((d, i) => tags.set(`optuna.direction.${keys[i]}`, d));
  return tags;
}

function toRun(file: string, experimentId: string, study: ReplayedStudy, t: ReplayedTrial): Run {
  const params = new Map<string, string>();
  for (const [name, p] of t.params) {
    try {
      params.set(name, externalText(p.distribution, p.internal));
    } catch (e) {
      const problem = e instanceof Error ? e.message : String(e);
      throw new ImportError(
        file,
        `study ${JSON.stringify(study.name)}, trial ${t.number}, param ${JSON.stringify(name)}: ${problem}`
      );
    }
  }
  const metrics: MetricSeries[] = [];
  const keys = objectiveKeys(study.directions);
  // The objective is one point at step 0, stamped with the trial's completion.
  t.values?.forEach((v, i) => {
    metrics.push(series(keys[i] ?? `values/${i}`, [[0, v, t.complete ?? NaN]]));
  });
  if (t.intermediate.size > 0) {
    const points = [...t.intermediate]
      .sort((a, b) => a[0] - b[0])
      .map(([step, v]): [number, number, number] => [step, v, NaN]);
    metrics.push(series(INTERMEDIATE_METRIC, points));
  }
  const tags = directionTags(study);
  tags.set('optuna.study', study.name);
  tags.set('optuna.state', t.state);
  attrTags(tags, t.userAttrs, '');
  attrTags(tags, t.systemAttrs, 'optuna.system_attrs.');
  return {
    id: String(t.number),
    experimentId,
    name: `trial ${t.number}`,
    status: STATUS[t.state],
    startTime: t.start,
    endTime: t.complete,
    deleted: study.deleted,
    parentId: null,
    params,
    tags,
    metrics,
    artifacts: [],
    source: { format: OPTUNA_JOURNAL_ID, file }
  };
}

/** Replays the journal text; a last line without its newline is left out, as Optuna does. */
export function replayJournal(text: string, file: string, ctx: ImportContext): JournalReplay {
  const r = new JsonReader(file);
  const replay = new JournalReplay(r);
  const lines = text.split('\n');
  // Optuna writes each op with its newline; a last line without one is a write cut short.
  const torn = lines.pop()!;
  if (torn.trim() !== '') {
    ctx.warn({
      file,
      message:
        `line ${lines.length + 1} is cut off (the writer stopped mid-line); ` +
        `the ${lines.length.toLocaleString('en-US')} whole lines before it were read, as Optuna reads them`
    });
  }
  for (const [i, raw] of lines.entries()) {
    if (i % 10_000 === 0) ctx.checkCancelled();
    const line = raw.trim();
    if (line === '') continue;
    const at = `line ${i + 1}`;
    let o: unknown;
    try {
      o = parseTolerantJson(line);
    } catch (e) {
      r.fail(at, `is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    replay.apply(r.object(o, at), at);
  }
  if (replay.discarded > 0) {
    ctx.warn({
      file,
      message: `${replay.discarded} DISCARD_TRIALS operation(s) (written by Rustuna) were ignored, as Optuna ignores them`
    });
  }
  return replay;
}

export const optunaJournalImporter: Importer = {
  id: OPTUNA_JOURNAL_ID,
  label: 'Optuna journal',
  extensions: ['.log', '.jsonl'],

  async sniff(source: ImportSource) {
    const head = await source.headText();
    const end = head.indexOf('\n');
    return looksLikeOperation((end < 0 ? head : head.slice(0, end)).replace(/^\uFEFF/, '').trim());
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const file = source.path;
    const replay = replayJournal(await source.text(), file, ctx);
    const experiments: Experiment[] = [];
    const runs: Run[] = [];
    let points = 0;
    for (const study of replay.studies) {
      const id = `${file}#study-${study.id}`;
      const tags = directionTags(study);
      attrTags(tags, study.userAttrs, '');
      attrTags(tags, study.systemAttrs, 'optuna.system_attrs.');
      experiments.push({ id, name: study.name, deleted: study.deleted, tags });
      for (const trial of study.trials) {
        const run = toRun(file, id, study, trial);
        points += run.metrics.reduce((n, m) => n + m.values.length, 0);
        runs.push(run);
      }
    }
    ctx.reportPoints(points);
    return { experiments, runs };
  }
};
