/**
 * Replays an Optuna journal the way Optuna's own JournalStorageReplayResult.apply_logs does
 * (optuna/storages/journal/_storage.py, 5.0.0, read 2026-11), so Runlens sees the studies and
 * trials `optuna.load_study` sees. Operations from other workers that Optuna ignores are ignored
 * here too: a study name created twice, ops on unknown or finished trials, a param whose
 * distribution contradicts an earlier trial's. Deleted studies are kept, marked deleted.
 */
import { parseIsoTime } from '../model';
import { describe, type JsonReader } from './readers/json-reader';
import { compatible, parseDistribution, type Distribution } from './optuna-distributions';
import {
  TRIAL_STATES,
  type OptunaStudy,
  type OptunaTrial,
  type TrialParam,
  type TrialStateName
} from './optuna-trial-run';

/** JournalOperation op codes. */
export const OP = {
  CREATE_STUDY: 0,
  DELETE_STUDY: 1,
  SET_STUDY_USER_ATTR: 2,
  SET_STUDY_SYSTEM_ATTR: 3,
  CREATE_TRIAL: 4,
  SET_TRIAL_PARAM: 5,
  SET_TRIAL_STATE_VALUES: 6,
  SET_TRIAL_INTERMEDIATE_VALUE: 7,
  SET_TRIAL_USER_ATTR: 8,
  SET_TRIAL_SYSTEM_ATTR: 9,
  /** Written by Rustuna only; Optuna skips it. */
  DISCARD_TRIALS: 10
} as const;

/** StudyDirection: NOT_SET 0, MINIMIZE 1, MAXIMIZE 2. */
const DIRECTIONS = ['not_set', 'minimize', 'maximize'] as const;

const FINISHED = new Set<TrialStateName>(['COMPLETE', 'PRUNED', 'FAIL']);

/** The state of a journal replayed line by line. */
export class JournalReplay {
  readonly studies: OptunaStudy[] = [];
  /** Trials by Optuna's trial_id, which counts every trial of every study in creation order. */
  readonly #trials: { trial: OptunaTrial; study: OptunaStudy }[] = [];
  /** Rustuna's DISCARD_TRIALS lines, which Optuna skips (the importer warns once). */
  discarded = 0;

  constructor(private readonly r: JsonReader) {}

  #live(id: unknown): OptunaStudy | undefined {
    return this.studies.find((s) => s.id === id && !s.deleted);
  }

  /** The trial an op names, if Optuna would update it (it exists and has not finished). */
  #updatable(o: Record<string, unknown>, at: string): OptunaTrial | undefined {
    const id = this.r.finiteNumber(o.trial_id, `${at}, "trial_id"`);
    const entry = this.#trials[id];
    return entry && !FINISHED.has(entry.trial.state) ? entry.trial : undefined;
  }

  #time(value: unknown, at: string): number | null {
    if (value === null || value === undefined) return null;
    const t = typeof value === 'string' ? parseIsoTime(value) : undefined;
    if (t === undefined) this.r.fail(at, `expected an ISO 8601 time, found ${describe(value)}`);
    return t;
  }

  #state(value: unknown, at: string): TrialStateName {
    const state = TRIAL_STATES[this.r.finiteNumber(value, at)];
    if (!state) this.r.fail(at, `${describe(value)} is not an Optuna trial state (0 to 4)`);
    return state;
  }

  #values(value: unknown, at: string): number[] | null {
    if (value === null || value === undefined) return null;
    return this.r.array(value, at).map((v, i) => this.r.number(v, `${at}[${i}]`));
  }

  /** One key/value attribute op: `{"user_attr": {key: value}}`. */
  #attr(o: Record<string, unknown>, field: string, at: string, into: Map<string, unknown>) {
    for (const [k, v] of Object.entries(this.r.object(o[field], `${at}, "${field}"`)))
      into.set(k.normalize('NFC'), v);
  }

  /** Applies one parsed log line; `at` names it (`line 12`). */
  apply(o: Record<string, unknown>, at: string): void {
    const r = this.r;
    const op = r.finiteNumber(o.op_code, `${at}, "op_code"`);
    switch (op) {
      case OP.CREATE_STUDY: {
        const name = r.string(o.study_name, `${at}, "study_name"`);
        const directions = r.array(o.directions, `${at}, "directions"`).map((d, i) => {
          const word = DIRECTIONS[r.finiteNumber(d, `${at}, "directions"[${i}]`)];
          if (!word)
            return r.fail(`${at}, "directions"[${i}]`, `${describe(d)} is not a direction`);
          return word;
        });
        if (this.studies.some((s) => s.name === name && !s.deleted)) return;
        this.studies.push({
          id: this.studies.length,
          name,
          directions,
          userAttrs: new Map(),
          systemAttrs: new Map(),
          deleted: false,
          trials: []
        });
        return;
      }
      case OP.DELETE_STUDY: {
        const study = this.#live(o.study_id);
        if (study) study.deleted = true;
        return;
      }
      case OP.SET_STUDY_USER_ATTR:
      case OP.SET_STUDY_SYSTEM_ATTR: {
        const study = this.#live(o.study_id);
        if (!study) return;
        if (op === OP.SET_STUDY_USER_ATTR) this.#attr(o, 'user_attr', at, study.userAttrs);
        else this.#attr(o, 'system_attr', at, study.systemAttrs);
        return;
      }
      case OP.CREATE_TRIAL:
        return this.#createTrial(o, at);
      case OP.SET_TRIAL_PARAM:
        return this.#setParam(o, at);
      case OP.SET_TRIAL_STATE_VALUES: {
        const trial = this.#updatable(o, at);
        if (!trial) return;
        const state = this.#state(o.state, `${at}, "state"`);
        // A second RUNNING is another worker popping the same waiting trial: Optuna rejects it.
        if (state === 'RUNNING' && trial.state === 'RUNNING') return;
        if (state === 'RUNNING')
          trial.start = this.#time(o.datetime_start, `${at}, "datetime_start"`);
        if (FINISHED.has(state))
          trial.complete = this.#time(o.datetime_complete, `${at}, "datetime_complete"`);
        trial.state = state;
        const values = this.#values(o.values, `${at}, "values"`);
        if (values) trial.values = values;
        return;
      }
      case OP.SET_TRIAL_INTERMEDIATE_VALUE: {
        const trial = this.#updatable(o, at);
        if (!trial) return;
        const step = r.finiteNumber(o.step, `${at}, "step"`);
        trial.intermediate.set(step, r.number(o.intermediate_value, `${at}, "intermediate_value"`));
        return;
      }
      case OP.SET_TRIAL_USER_ATTR:
      case OP.SET_TRIAL_SYSTEM_ATTR: {
        const trial = this.#updatable(o, at);
        if (!trial) return;
        if (op === OP.SET_TRIAL_USER_ATTR) this.#attr(o, 'user_attr', at, trial.userAttrs);
        else this.#attr(o, 'system_attr', at, trial.systemAttrs);
        return;
      }
      case OP.DISCARD_TRIALS:
        this.discarded++;
        return;
      default:
        r.fail(`${at}, "op_code"`, `${op} is not an Optuna journal operation (0 to 10)`);
    }
  }

  /** CREATE_TRIAL: a fresh RUNNING trial, or a whole one from a template (enqueue, add_trial). */
  #createTrial(o: Record<string, unknown>, at: string): void {
    const r = this.r;
    const study = this.#live(o.study_id);
    if (!study) return;
    const distributions = new Map<string, Distribution>();
    if (o.distributions !== undefined) {
      for (const [k, v] of Object.entries(r.object(o.distributions, `${at}, "distributions"`)))
        distributions.set(k, this.#distribution(v, `${at}, "distributions"[${JSON.stringify(k)}]`));
    }
    const params = new Map<string, TrialParam>();
    if (o.params !== undefined) {
      for (const [k, v] of Object.entries(r.object(o.params, `${at}, "params"`))) {
        const where = `${at}, "params"[${JSON.stringify(k)}]`;
        const distribution = distributions.get(k);
        if (!distribution) return r.fail(where, 'has no distribution in "distributions"');
        params.set(k.normalize('NFC'), { internal: r.number(v, where), distribution });
      }
    }
    const intermediate = new Map<number, number>();
    if (o.intermediate_values !== undefined && o.intermediate_values !== null) {
      const given = r.object(o.intermediate_values, `${at}, "intermediate_values"`);
      for (const [step, v] of Object.entries(given)) {
        const where = `${at}, "intermediate_values"[${JSON.stringify(step)}]`;
        const n = Number(step);
        if (!Number.isInteger(n)) r.fail(where, 'the step is not a whole number');
        intermediate.set(n, r.number(v, where));
      }
    }
    const single = o.value === undefined || o.value === null ? null : [r.number(o.value, at)];
    const userAttrs = new Map<string, unknown>();
    const systemAttrs = new Map<string, unknown>();
    if (o.user_attrs)
      for (const [k, v] of Object.entries(r.object(o.user_attrs, at))) userAttrs.set(k, v);
    if (o.system_attrs)
      for (const [k, v] of Object.entries(r.object(o.system_attrs, at))) systemAttrs.set(k, v);
    const trial: OptunaTrial = {
      number: study.trials.length,
      state: o.state === undefined ? 'RUNNING' : this.#state(o.state, `${at}, "state"`),
      values: single ?? this.#values(o.values, `${at}, "values"`),
      params,
      intermediate,
      userAttrs,
      systemAttrs,
      start: this.#time(o.datetime_start, `${at}, "datetime_start"`),
      complete: this.#time(o.datetime_complete, `${at}, "datetime_complete"`)
    };
    study.trials.push(trial);
    this.#trials.push({ trial, study });
  }

  #distribution(value: unknown, at: string): Distribution {
    try {
      return parseDistribution(value);
    } catch (e) {
      return this.r.fail(at, e instanceof Error ? e.message : String(e));
    }
  }

  #setParam(o: Record<string, unknown>, at: string): void {
    const trial = this.#updatable(o, at);
    if (!trial) return;
    const name = this.r.string(o.param_name, `${at}, "param_name"`).normalize('NFC');
    const internal = this.r.number(o.param_value_internal, `${at}, "param_value_internal"`);
    const distribution = this.#distribution(o.distribution, `${at}, "distribution"`);
    const study = this.#trials[Number(o.trial_id)]!.study;
    // Optuna checks against the first trial of the study that has this param.
    const earlier = study.trials.find((t) => t.params.has(name))?.params.get(name);
    if (earlier && !compatible(earlier.distribution, distribution)) return;
    trial.params.set(name, { internal, distribution });
  }
}
