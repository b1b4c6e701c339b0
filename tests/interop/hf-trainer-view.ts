/**
 * What transformers' own `TrainerState.load_from_json` sees in Trainer output folders
 * (hf_trainer_writer.py writes it), and what Runlens should show for it
 * (docs/hf-trainer-ultralytics.md): one run per output folder, read from its newest state (the
 * highest global_step, then the longest log_history; the others are earlier states of the same
 * run), every numeric log_history value a point at its step (a value repeated at a step, the
 * `epoch` of a train and an eval entry, counted once), the `*_results.json` values and
 * `best_metric` as points, the state's settings as params, killed when training stopped short.
 */
import type { RunStatus } from '../../src/lib/model';
import type { ExpectedImport, ExpectedMetric, ExpectedRun, JsonNumber } from './compare-summary';

export interface TrainerStateView {
  /** Below the output folder: `trainer_state.json`, `checkpoint-8/trainer_state.json`. */
  file: string;
  global_step: number;
  max_steps: number;
  log_history: Record<string, JsonNumber>[];
  best_metric: JsonNumber | null;
  best_global_step: number | null;
  best_model_checkpoint: string | null;
  trial_name: string | null;
  trial_params: Record<string, unknown> | null;
  [setting: string]: unknown;
}

export interface TrainerRunView {
  /** The output folder below the logdir (`project_03/out`). */
  path: string;
  states: TrainerStateView[];
  /** `train_results.json` etc. as json.load reads them. */
  results: Record<string, Record<string, JsonNumber>>;
  /** Every file below the output folder. */
  files: string[];
}

export interface TrainerView {
  runs: TrainerRunView[];
  covers: string[];
}

const SETTINGS = [
  'train_batch_size',
  'num_train_epochs',
  'max_steps',
  'logging_steps',
  'eval_steps',
  'save_steps'
];

export const EARLIER_STATE =
  'Hugging Face Trainer checkpoint state: an earlier state of the same run';
export const LEFT_OUT: Record<string, string> = {
  'training_args.bin': 'Hugging Face training arguments: a pickled Python object, not readable',
  'config.json': 'model config: not run data'
};

const isNumber = (v: unknown): v is JsonNumber =>
  typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';

/** The state Runlens reads: the first of the newest, root state first, then checkpoints. */
export function chosenState(run: TrainerRunView): TrainerStateView {
  const ordered = [...run.states].sort((a, b) => {
    const depth = Number(a.file.includes('/')) - Number(b.file.includes('/'));
    return depth !== 0 ? depth : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  });
  let best = ordered[0]!;
  for (const s of ordered.slice(1)) {
    const newer =
      s.global_step !== best.global_step
        ? s.global_step > best.global_step
        : s.log_history.length > best.log_history.length;
    if (newer) best = s;
  }
  return best;
}

export function isFinished(state: TrainerStateView): boolean {
  return (
    state.log_history.some((e) => 'train_runtime' in e) || state.global_step >= state.max_steps
  );
}

/** Points of one run, each (step, value) once per metric, in the order the importer adds them. */
function pointsOf(run: TrainerRunView, state: TrainerStateView): Map<string, ExpectedMetric> {
  const metrics = new Map<string, ExpectedMetric>();
  const seen = new Set<string>();
  const add = (key: string, step: number, value: JsonNumber, from: string) => {
    const id = `${key}\u0000${step}|${Number(value)}`;
    if (seen.has(id)) return;
    seen.add(id);
    let m = metrics.get(key);
    if (!m) metrics.set(key, (m = { points: [], from: [] }));
    m.points.push([step, NaN, value]);
    if (!m.from.includes(from)) m.from.push(from);
  };
  for (const entry of state.log_history) {
    for (const [key, value] of Object.entries(entry)) {
      if (key !== 'step' && isNumber(value))
        add(key.normalize('NFC'), entry.step as number, value, state.file);
    }
  }
  for (const file of Object.keys(run.results).sort()) {
    for (const [key, value] of Object.entries(run.results[file]!)) {
      if (isNumber(value)) add(key.normalize('NFC'), state.global_step, value, file);
    }
  }
  if (state.best_metric !== null) {
    const folder = /checkpoint-(\d+)\/?$/.exec(state.best_model_checkpoint ?? '');
    const step = state.best_global_step ?? (folder ? Number(folder[1]) : state.global_step);
    add('best_metric', step, state.best_metric, state.file);
  }
  return metrics;
}

export function expectFromTrainer(view: TrainerView): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const run of view.runs) {
    const state = chosenState(run);
    const params = new Map<string, string>();
    for (const key of SETTINGS) {
      const v = state[key];
      if (typeof v === 'number' && Number.isFinite(v)) params.set(key, String(v));
    }
    for (const [key, v] of Object.entries(state.trial_params ?? {}))
      if (!params.has(key)) params.set(key, typeof v === 'string' ? v : JSON.stringify(v));
    const status: RunStatus = isFinished(state) ? 'FINISHED' : 'KILLED';
    runs.set(run.path, {
      id: run.path,
      sources: [`${run.path}/${state.file}`],
      metrics: pointsOf(run, state),
      params,
      status,
      note: null,
      artifacts: 0,
      startTime: null,
      endTime: null
    });
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** The tags Runlens should give the run (the best checkpoint, a search trial's name). */
export function expectedTags(state: TrainerStateView): Map<string, string> {
  const tags = new Map<string, string>();
  for (const key of ['best_model_checkpoint', 'best_global_step', 'trial_name'] as const) {
    const v = state[key];
    if (typeof v === 'string' || typeof v === 'number') tags.set(key, String(v));
  }
  return tags;
}

/** What the written folders hold, plus what the writer says it did that files cannot show. */
export function trainerFeatures(view: TrainerView): { runs: number; seen: Set<string> } {
  const seen = new Set(view.covers);
  for (const run of view.runs) {
    const state = chosenState(run);
    if (!isFinished(state)) seen.add('killed');
    if (run.states.length > 1) seen.add('several-states');
    if (state.best_metric !== null) seen.add('best-metric');
    if (Object.keys(run.results).length > 0) seen.add('results-files');
    const values = state.log_history.flatMap((e) => Object.values(e));
    if (values.some((v) => v === 'NaN')) seen.add('nan');
    if (state.log_history.some((e) => Object.keys(e).some((k) => k.startsWith('eval_'))))
      seen.add('eval-logs');
  }
  return { runs: view.runs.length, seen };
}
