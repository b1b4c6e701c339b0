/**
 * Hugging Face Trainer's `trainer_state.json` (transformers `TrainerState.save_to_json`, read in
 * trainer_callback.py from 4.5 to 4.47, 2021–2025): `log_history` is a list of the dicts the
 * Trainer logged, each with the `step` it was logged at; training entries carry `loss`,
 * `learning_rate`, `grad_norm`, `epoch`, evaluation entries `eval_*`, and the entry logged when
 * `train()` returns carries `train_runtime`, `train_samples_per_second`, `total_flos` and (since
 * 4.6) `train_loss`. Top-level fields give the run's settings (`max_steps`, `num_train_epochs`,
 * and since 4.38 `logging_steps`, `eval_steps`, `save_steps`, `train_batch_size`) and the best
 * checkpoint (`best_metric`, `best_model_checkpoint`, since 4.50 `best_global_step`).
 */
import { isJsonObject, type JsonObject } from '../../model';
import { ImportError } from '../errors';
import { JsonReader, describe } from '../readers/json-reader';

/** Top-level fields that are the run's training settings, kept as params. */
const SETTINGS = [
  'train_batch_size',
  'num_train_epochs',
  'max_steps',
  'logging_steps',
  'eval_steps',
  'save_steps'
] as const;

/** The key only the end-of-training entry has. */
export const SUMMARY_KEY = 'train_runtime';

export interface LogEntry {
  step: number;
  /** Every other numeric value of the entry, in the order written. */
  values: [string, number][];
}

export interface TrainerState {
  file: string;
  globalStep: number;
  maxSteps: number | null;
  entries: LogEntry[];
  /** Keys whose values were not numbers (text, lists), left out of the metrics. */
  nonNumericKeys: Set<string>;
  params: Map<string, string>;
  tags: Map<string, string>;
  bestMetric: number | null;
  /** The step of the best checkpoint: `best_global_step`, else the number in its folder name. */
  bestStep: number | null;
  /** The Trainer logged its end-of-training entry: `train()` returned. */
  finished: boolean;
}

/** Does the head of a JSON file look like a Trainer state? */
export function looksLikeTrainerState(head: string): boolean {
  return /^\s*\{/.test(head) && /"log_history"\s*:/.test(head) && /"global_step"\s*:/.test(head);
}

function paramText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function readEntries(json: JsonReader, list: unknown[], nonNumeric: Set<string>): LogEntry[] {
  return list.map((raw, i) => {
    const entry = json.object(raw, `log_history[${i}]`);
    const step = json.finiteNumber(entry.step, `log_history[${i}].step`);
    const values: [string, number][] = [];
    for (const [key, v] of Object.entries(entry)) {
      if (key === 'step') continue;
      if (typeof v === 'number') values.push([key.normalize('NFC'), v]);
      else nonNumeric.add(key);
    }
    return { step, values };
  });
}

function bestStepOf(doc: JsonObject, json: JsonReader): number | null {
  const best = json.optionalFiniteNumber(doc.best_global_step, 'best_global_step');
  if (best !== null) return best;
  const folder = typeof doc.best_model_checkpoint === 'string' ? doc.best_model_checkpoint : '';
  const m = /checkpoint-(\d+)\/?$/.exec(folder);
  return m ? Number(m[1]) : null;
}

/** Reads a parsed trainer_state.json; throws ImportError naming the member that is wrong. */
export function readTrainerState(file: string, doc: unknown): TrainerState {
  const json = new JsonReader(file);
  if (!isJsonObject(doc)) throw new ImportError(file, `expected an object, found ${describe(doc)}`);
  const list = json.array(doc.log_history, 'log_history');
  const nonNumericKeys = new Set<string>();
  const entries = readEntries(json, list, nonNumericKeys);
  const globalStep = json.finiteNumber(doc.global_step, 'global_step');
  const params = new Map<string, string>();
  for (const key of SETTINGS) {
    const v = json.optionalFiniteNumber(doc[key], key);
    if (v !== null) params.set(key, String(v));
  }
  // A hyperparameter-search trial: the values the search chose are the run's params too.
  if (isJsonObject(doc.trial_params)) {
    for (const [key, v] of Object.entries(doc.trial_params)) {
      const text = paramText(v) ?? JSON.stringify(v);
      if (!params.has(key)) params.set(key.normalize('NFC'), text);
    }
  }
  const tags = new Map<string, string>();
  for (const key of ['best_model_checkpoint', 'best_global_step', 'trial_name']) {
    const text = paramText(doc[key]);
    if (text !== null) tags.set(key, text);
  }
  return {
    file,
    globalStep,
    maxSteps: json.optionalFiniteNumber(doc.max_steps, 'max_steps'),
    entries,
    nonNumericKeys,
    params,
    tags,
    bestMetric: json.optionalNumber(doc.best_metric, 'best_metric'),
    bestStep: bestStepOf(doc, json),
    finished: entries.some((e) => e.values.some(([k]) => k === SUMMARY_KEY))
  };
}

/** Is state `a` a later (or fuller) record of the run than `b`? */
export function isNewerState(a: TrainerState, b: TrainerState): boolean {
  if (a.globalStep !== b.globalStep) return a.globalStep > b.globalStep;
  return a.entries.length > b.entries.length;
}
