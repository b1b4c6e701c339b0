/**
 * What KerasTuner's own reload sees in its project folders (keras_tuner_writer.py writes it: the
 * tuner built again with overwrite=False, its oracle's trials and display state), and what Runlens
 * should show for it (docs/tuners.md): an experiment per project, a run `trial <id>` per trial,
 * its hyperparameter values as params, each metric's observations as a history of their mean (one
 * value per execution), the score at the best step, the status and the tags that carry the rest.
 */
import type { RunStatus } from '../../src/lib/model';
import type { ExpectedImport, ExpectedRun, JsonNumber } from './compare-summary';

export interface TunerTrialView {
  id: string;
  status: 'RUNNING' | 'IDLE' | 'COMPLETED' | 'STOPPED' | 'FAILED' | 'INVALID';
  /** Spelled as Runlens spells params: Python's str(), whole floats without `.0`. */
  values: Record<string, string>;
  metrics: Record<string, { direction: string; observations: [number, JsonNumber[]][] }>;
  score: JsonNumber | null;
  best_step: number | null;
  message: string | null;
  /** Epoch ms of the display's trial_start (zone-less, taken as UTC), when it was recorded. */
  start: number | null;
}

export interface TunerProjectView {
  /** `<directory>/<project_name>` below the logdir. */
  path: string;
  seed: number;
  trials: TunerTrialView[];
  /** Every file below the project folder. */
  files: string[];
}

export interface TunerView {
  projects: TunerProjectView[];
  covers: string[];
}

const STATUS: Record<TunerTrialView['status'], RunStatus> = {
  RUNNING: 'RUNNING',
  IDLE: 'SCHEDULED',
  COMPLETED: 'FINISHED',
  STOPPED: 'KILLED',
  FAILED: 'FAILED',
  INVALID: 'FAILED'
};

export const experimentId = (logdirName: string, p: TunerProjectView) =>
  `keras-tuner:${logdirName}/${p.path}`;

const asNumber = (v: JsonNumber) => (typeof v === 'number' ? v : Number(v));

/** KerasTuner compares trials on the mean of an observation's executions; so does Runlens. */
function mean(values: JsonNumber[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += asNumber(v);
  return sum / values.length;
}

export function expectFromTuner(view: TunerView, logdirName: string): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const p of view.projects) {
    for (const t of p.trials) {
      const id = `${experimentId(logdirName, p)}/${t.id}`;
      const from = `${p.path}/trial_${t.id}/trial.json`;
      const metrics: ExpectedRun['metrics'] = new Map();
      for (const [name, history] of Object.entries(t.metrics)) {
        const points = history.observations
          .map(([step, values]): [number, number, JsonNumber] => [step, NaN, mean(values)])
          .sort((a, b) => a[0] - b[0]);
        metrics.set(name.normalize('NFC'), { points, from: [`${from} › ${name}`] });
      }
      if (t.score !== null && !metrics.has('score'))
        metrics.set('score', { points: [[t.best_step ?? 0, NaN, t.score]], from: [from] });
      runs.set(id, {
        id,
        sources: [from],
        metrics,
        params: new Map(Object.entries(t.values)),
        status: STATUS[t.status],
        note: null,
        artifacts: 0,
        startTime: t.start,
        endTime: null
      });
    }
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** The tags Runlens should give a trial. */
export function expectedTags(t: TunerTrialView): Map<string, string> {
  const tags = new Map<string, string>([['keras_tuner.status', t.status]]);
  for (const [name, history] of Object.entries(t.metrics))
    tags.set(`keras_tuner.direction.${name}`, history.direction);
  if (t.best_step !== null) tags.set('keras_tuner.best_step', String(t.best_step));
  if (t.message) tags.set('keras_tuner.message', t.message);
  return tags;
}

/** What the projects hold, plus what the writer says it did that files cannot show. */
export function tunerFeatures(view: TunerView): { runs: number; seen: Set<string> } {
  const seen = new Set(view.covers);
  let runs = 0;
  for (const p of view.projects) {
    for (const t of p.trials) {
      runs++;
      seen.add(`status:${t.status}`);
      if (t.start !== null) seen.add('start-time');
      if (t.message) seen.add('message');
    }
  }
  return { runs, seen };
}
