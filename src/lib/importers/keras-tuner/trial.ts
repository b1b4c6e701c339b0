/**
 * One KerasTuner `trial_<id>/trial.json` (keras_tuner/src/engine/trial.py `Trial.get_state`,
 * 1.0 to 1.4.8, read 2026-11): `{trial_id, hyperparameters: {space, values}, metrics: {metrics:
 * {<name>: {direction, observations: [{value, step}]}}}, score, best_step, status, message}`.
 * An observation's value is a list, one per execution of the trial (`executions_per_trial`);
 * KerasTuner compares trials on their mean, and so does Runlens.
 */
import type { MetricSeries, Run, RunStatus } from '../../model';
import { pythonText } from '../python-values';
import type { JsonReader } from '../readers/json-reader';

export const KERAS_TUNER_ID = 'keras-tuner';

/** keras_tuner TrialStatus words. */
const STATUS: Record<string, RunStatus> = {
  RUNNING: 'RUNNING',
  IDLE: 'SCHEDULED',
  COMPLETED: 'FINISHED',
  STOPPED: 'KILLED',
  FAILED: 'FAILED',
  INVALID: 'FAILED'
};

/** The mean of one observation (a number, or a list of one number per execution). */
function observed(r: JsonReader, value: unknown, at: string): number {
  if (!Array.isArray(value)) return r.number(value, at);
  if (value.length === 0) return NaN;
  let sum = 0;
  value.forEach((v, i) => (sum += r.number(v, `${at}[${i}]`)));
  return sum / value.length;
}

function readMetrics(r: JsonReader, doc: Record<string, unknown>, tags: Map<string, string>) {
  const out: MetricSeries[] = [];
  if (doc.metrics === undefined || doc.metrics === null) return out;
  const tracker = r.object(doc.metrics, '"metrics"');
  if (tracker.metrics === undefined || tracker.metrics === null) return out;
  const histories = r.object(tracker.metrics, '"metrics"."metrics"');
  for (const [name, h] of Object.entries(histories)) {
    const at = `"metrics"."metrics"[${JSON.stringify(name)}]`;
    const history = r.object(h, at);
    const key = name.normalize('NFC');
    if (typeof history.direction === 'string')
      tags.set(`keras_tuner.direction.${key}`, history.direction);
    const observations = r.array(history.observations ?? [], `${at}."observations"`);
    const points = observations.map((o, i) => {
      const where = `${at}."observations"[${i}]`;
      const obs = r.object(o, where);
      return [
        r.finiteNumber(obs.step ?? 0, `${where}."step"`),
        observed(r, obs.value, `${where}."value"`)
      ] as const;
    });
    points.sort((a, b) => a[0] - b[0]);
    out.push({
      key,
      steps: Float64Array.from(points, (p) => p[0]),
      values: Float64Array.from(points, (p) => p[1]),
      timestamps: new Float64Array(points.length).fill(NaN)
    });
  }
  return out;
}

/** The run of one trial.json; `fallbackId` (from the folder name) when it has no trial_id. */
export function readTrial(
  r: JsonReader,
  doc: unknown,
  fallbackId: string,
  experimentId: string,
  startTime: number | null
): Run {
  const o = r.object(doc, 'the trial');
  const id = o.trial_id === undefined || o.trial_id === null ? fallbackId : pythonText(o.trial_id);
  const statusWord = typeof o.status === 'string' ? o.status : 'RUNNING';
  const status = STATUS[statusWord];
  if (!status) r.fail('"status"', `${JSON.stringify(o.status)} is not a KerasTuner trial status`);
  const params = new Map<string, string>();
  if (o.hyperparameters !== undefined && o.hyperparameters !== null) {
    const hp = r.object(o.hyperparameters, '"hyperparameters"');
    const values = r.object(hp.values ?? {}, '"hyperparameters"."values"');
    for (const [k, v] of Object.entries(values)) params.set(k.normalize('NFC'), pythonText(v));
  }
  const tags = new Map<string, string>([['keras_tuner.status', statusWord]]);
  const metrics = readMetrics(r, o, tags);
  const bestStep = o.best_step === null || o.best_step === undefined ? 0 : o.best_step;
  if (o.best_step !== null && o.best_step !== undefined)
    tags.set('keras_tuner.best_step', pythonText(o.best_step));
  // The score is the objective at the best step: a metric, so trials sort and chart by it.
  if (o.score !== null && o.score !== undefined && !metrics.some((m) => m.key === 'score')) {
    metrics.push({
      key: 'score',
      steps: Float64Array.of(r.finiteNumber(bestStep, '"best_step"')),
      values: Float64Array.of(r.number(o.score, '"score"')),
      timestamps: Float64Array.of(NaN)
    });
  }
  if (typeof o.message === 'string' && o.message !== '') tags.set('keras_tuner.message', o.message);
  return {
    id,
    experimentId,
    name: `trial ${id}`,
    status,
    startTime,
    endTime: null,
    deleted: false,
    parentId: null,
    params,
    tags,
    metrics,
    artifacts: [],
    source: { format: KERAS_TUNER_ID, file: r.file }
  };
}
