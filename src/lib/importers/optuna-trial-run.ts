/**
 * An Optuna study and its trials as Runlens shows them, whichever storage they were read from:
 * the journal importer (optuna-journal.ts) replays them from a log, the RDB importer
 * (optuna-rdb/) selects them from Optuna's tables, and both hand them here, so a study reads the
 * same from either (docs/tuners.md): params decoded by their distribution, the objective value(s)
 * as metrics `value` or `values/<i>`, reported intermediate values as `intermediate_value`.
 */
import type { Experiment, MetricSeries, Run, RunStatus } from '../model';
import { ImportError } from './errors';
import { externalText, type Distribution } from './optuna-distributions';
import { pythonText } from './python-values';

/** TrialState: RUNNING 0, COMPLETE 1, PRUNED 2, FAIL 3, WAITING 4 (the RDB stores the names). */
export const TRIAL_STATES = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'] as const;
export type TrialStateName = (typeof TRIAL_STATES)[number];

/** A param as Optuna stores it: the internal float and the distribution that decodes it. */
export interface TrialParam {
  internal: number;
  distribution: Distribution;
}

export interface OptunaTrial {
  /** The trial's number within its study (Runlens's run id). */
  number: number;
  state: TrialStateName;
  values: number[] | null;
  params: Map<string, TrialParam>;
  /** `trial.report(value, step)`: step → value. */
  intermediate: Map<number, number>;
  /** Attribute values as JSON gave them. */
  userAttrs: Map<string, unknown>;
  systemAttrs: Map<string, unknown>;
  /** Epoch milliseconds. */
  start: number | null;
  complete: number | null;
}

export interface OptunaStudy {
  /** Optuna's study_id in its storage (journal: 0, 1...; RDB: the studies row, from 1). */
  id: number;
  name: string;
  /** `minimize`, `maximize` or `not_set`, one per objective. */
  directions: string[];
  userAttrs: Map<string, unknown>;
  systemAttrs: Map<string, unknown>;
  deleted: boolean;
  trials: OptunaTrial[];
}

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

/** The experiment id of a study: the storage file's path and Optuna's study id. */
export function studyExperimentId(file: string, study: OptunaStudy): string {
  return `${file}#study-${study.id}`;
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

function directionTags(study: OptunaStudy): Map<string, string> {
  const tags = new Map<string, string>();
  const keys = objectiveKeys(study.directions);
  study.directions.forEach((d, i) => tags.set(`optuna.direction.${keys[i]}`, d));
  return tags;
}

/** The study as an experiment: directions and attributes as tags. */
export function studyExperiment(file: string, study: OptunaStudy): Experiment {
  const tags = directionTags(study);
  attrTags(tags, study.userAttrs, '');
  attrTags(tags, study.systemAttrs, 'optuna.system_attrs.');
  return { id: studyExperimentId(file, study), name: study.name, deleted: study.deleted, tags };
}

/** One trial as a run of its study's experiment; `format` is the importer that read it. */
export function trialRun(format: string, file: string, study: OptunaStudy, t: OptunaTrial): Run {
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
    experimentId: studyExperimentId(file, study),
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
    source: { format, file }
  };
}

/** Every study of a storage as experiments and runs; reports the points to the context. */
export function studiesToBatch(
  format: string,
  file: string,
  studies: readonly OptunaStudy[],
  reportPoints: (points: number) => void
): { experiments: Experiment[]; runs: Run[] } {
  const experiments: Experiment[] = [];
  const runs: Run[] = [];
  let points = 0;
  for (const study of studies) {
    experiments.push(studyExperiment(file, study));
    for (const trial of study.trials) {
      const run = trialRun(format, file, study, trial);
      points += run.metrics.reduce((n, m) => n + m.values.length, 0);
      runs.push(run);
    }
  }
  reportPoints(points);
  return { experiments, runs };
}
