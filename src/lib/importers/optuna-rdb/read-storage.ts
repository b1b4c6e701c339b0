/**
 * The studies and trials of an Optuna RDB storage, read the way RDBStorage builds its
 * FrozenTrials (optuna/storages/_rdb/storage.py, 5.0.0): trials in trial_id order, the values of
 * a trial placed by objective, params in param_id order decoded by their distribution JSON,
 * attributes parsed from `value_json`, infinities restored from their value types (or from the
 * clamped float32 maxima older Optuna stored). Every generation's layout: schema.ts.
 */
import { parseIsoTime } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import { parseDistribution } from '../optuna-distributions';
import {
  TRIAL_STATES,
  type OptunaStudy,
  type OptunaTrial,
  type TrialStateName
} from '../optuna-trial-run';
import type { SqliteDatabase } from '../readers/sqlite/database';
import { schemaHas, type SqliteSchema } from '../readers/sqlite/source-database';
import { parseTolerantJson } from '../readers/tolerant-json';
import type { OptunaLayout } from './schema';

/** Older Optuna stored ±inf as ±float32 max (RDB_MAX_FLOAT): the v3.0.0 migrations undo it. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** numpy.isclose with its defaults, as the migrations test for the clamped values. */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/** A value stored before value types existed: NULL is NaN, the clamped maxima are infinities. */
function untypedValue(value: number | null): number {
  if (value === null) return NaN;
  if (value === Infinity || isClose(value, FLOAT32_MAX)) return Infinity;
  if (value === -Infinity || isClose(value, -FLOAT32_MAX)) return -Infinity;
  return value;
}

/** A value with its type (FINITE, INF_POS, INF_NEG, NAN), as stored since Optuna 3.0. */
function typedValue(value: number | null, type: string | null): number {
  if (type === 'INF_POS') return Infinity;
  if (type === 'INF_NEG') return -Infinity;
  if (type === 'NAN' || value === null) return NaN;
  return value;
}

interface TrialRow {
  trialId: number;
  studyId: number;
  trial: OptunaTrial;
}

/** Reads the whole storage: every study with its trials in Optuna's order. */
export class OptunaStorageReader {
  readonly #studies = new Map<number, OptunaStudy>();
  readonly #trials = new Map<number, TrialRow>();
  /** Trials whose state is not an Optuna state, left out with a warning. */
  readonly unknownStates = new Map<string, number>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly schema: SqliteSchema,
    private readonly layout: OptunaLayout,
    private readonly file: string
  ) {}

  #fail(place: string, problem: string): never {
    throw new ImportError(this.file, `${place}: ${problem}`);
  }

  #json(text: string | null, place: string): unknown {
    try {
      return parseTolerantJson(text ?? 'null');
    } catch {
      return this.#fail(
        place,
        `value_json ${JSON.stringify((text ?? '').slice(0, 60))} is not JSON`
      );
    }
  }

  #time(text: string | null, place: string): number | null {
    if (text === null || text === '') return null;
    // SQLAlchemy writes `2024-02-08 23:02:14.620335`, Optuna's naive local time: read as UTC.
    const t = parseIsoTime(text);
    if (t === undefined) this.#fail(place, `${JSON.stringify(text)} is not a date and time`);
    return t;
  }

  async read(ctx: ImportContext): Promise<OptunaStudy[]> {
    await this.#readStudies();
    await this.#readTrials();
    ctx.checkCancelled();
    await this.#readParams();
    await this.#readValues();
    ctx.checkCancelled();
    await this.#readIntermediateValues();
    await this.#readTrialAttrs('trial_user_attributes', (t) => t.userAttrs);
    await this.#readTrialAttrs('trial_system_attributes', (t) => t.systemAttrs);
    this.#numberFromAttributes();
    return [...this.#studies.values()];
  }

  async #readStudies(): Promise<void> {
    await this.db.each('SELECT study_id, study_name FROM studies ORDER BY study_id', (row) => {
      const id = row.number(0)!;
      this.#studies.set(id, {
        id,
        name: row.text(1) ?? '',
        directions: [],
        userAttrs: new Map(),
        systemAttrs: new Map(),
        deleted: false,
        trials: []
      });
    });
    const directions = schemaHas(this.schema, 'study_directions', ['objective'])
      ? 'SELECT study_id, direction FROM study_directions ORDER BY study_id, objective'
      : 'SELECT study_id, direction FROM studies ORDER BY study_id';
    await this.db.each(directions, (row) => {
      this.#studies.get(row.number(0)!)?.directions.push((row.text(1) ?? 'not_set').toLowerCase());
    });
    for (const [table, of] of [
      ['study_user_attributes', (s: OptunaStudy) => s.userAttrs],
      ['study_system_attributes', (s: OptunaStudy) => s.systemAttrs]
    ] as const) {
      if (!schemaHas(this.schema, table, ['study_id', 'key', 'value_json'])) continue;
      await this.db.each(`SELECT study_id, key, value_json FROM ${table} ORDER BY rowid`, (row) => {
        const study = this.#studies.get(row.number(0)!);
        const key = (row.text(1) ?? '').normalize('NFC');
        if (study)
          of(study).set(
            key,
            this.#json(row.text(2), `${table}, study ${study.name}, key ${JSON.stringify(key)}`)
          );
      });
    }
  }

  async #readTrials(): Promise<void> {
    const number = this.layout.numberColumn ? 'number' : 'NULL';
    const sql = `SELECT trial_id, study_id, ${number}, state, datetime_start, datetime_complete
      FROM trials ORDER BY study_id, trial_id`;
    await this.db.each(sql, (row) => {
      const trialId = row.number(0)!;
      const study = this.#studies.get(row.number(1) ?? NaN);
      if (!study) return; // a trial of no study: Optuna cannot reach it either
      const place = `trials, trial_id ${trialId}`;
      const state = row.text(3) ?? '';
      if (!(TRIAL_STATES as readonly string[]).includes(state)) {
        this.unknownStates.set(state, (this.unknownStates.get(state) ?? 0) + 1);
        return;
      }
      const trial: OptunaTrial = {
        number: row.number(2) ?? study.trials.length,
        state: state as TrialStateName,
        values: null,
        params: new Map(),
        intermediate: new Map(),
        userAttrs: new Map(),
        systemAttrs: new Map(),
        start: this.#time(row.text(4), `${place}, datetime_start`),
        complete: this.#time(row.text(5), `${place}, datetime_complete`)
      };
      study.trials.push(trial);
      this.#trials.set(trialId, { trialId, studyId: study.id, trial });
    });
  }

  async #readParams(): Promise<void> {
    const sql = `SELECT trial_id, param_name, param_value, distribution_json FROM trial_params
      ORDER BY rowid`;
    await this.db.each(sql, (row) => {
      const entry = this.#trials.get(row.number(0)!);
      if (!entry) return;
      const name = (row.text(1) ?? '').normalize('NFC');
      let distribution;
      try {
        distribution = parseDistribution(row.text(3));
      } catch (e) {
        const study = this.#studies.get(entry.studyId)!;
        this.#fail(
          `trial_params, study ${JSON.stringify(study.name)}, trial ${entry.trial.number}, param ${JSON.stringify(name)}`,
          e instanceof Error ? e.message : String(e)
        );
      }
      entry.trial.params.set(name, { internal: row.number(2) ?? NaN, distribution });
    });
  }

  /** The objective values: `trial_values` by objective since 2.4, `trials.value` before. */
  async #readValues(): Promise<void> {
    if (!this.layout.multiObjective) {
      if (!schemaHas(this.schema, 'trials', ['value'])) return;
      await this.db.each('SELECT trial_id, value FROM trials WHERE value IS NOT NULL', (row) => {
        const entry = this.#trials.get(row.number(0)!);
        if (entry) entry.trial.values = [untypedValue(row.number(1))];
      });
      return;
    }
    const type = this.layout.valueTypes ? 'value_type' : 'NULL';
    const sql = `SELECT trial_id, objective, value, ${type} FROM trial_values
      ORDER BY trial_id, objective`;
    await this.db.each(sql, (row) => {
      const entry = this.#trials.get(row.number(0)!);
      if (!entry) return;
      const value = this.layout.valueTypes
        ? typedValue(row.number(2), row.text(3))
        : untypedValue(row.number(2));
      const values = (entry.trial.values ??= []);
      values[row.number(1) ?? values.length] = value;
    });
    // Objectives are numbered from 0 without gaps; a gap would be NaN rather than a hole.
    for (const { trial } of this.#trials.values())
      if (trial.values) trial.values = Array.from(trial.values, (v) => v ?? NaN);
  }

  /** `trial.report(value, step)`: its own table since 2.4, `trial_values(step, value)` before. */
  async #readIntermediateValues(): Promise<void> {
    let sql: string;
    if (this.layout.multiObjective) {
      const type = this.layout.intermediateTypes ? 'intermediate_value_type' : 'NULL';
      sql = `SELECT trial_id, step, intermediate_value, ${type} FROM trial_intermediate_values
        ORDER BY rowid`;
    } else if (schemaHas(this.schema, 'trial_values', ['step', 'value'])) {
      sql = 'SELECT trial_id, step, value, NULL FROM trial_values ORDER BY rowid';
    } else {
      return;
    }
    await this.db.each(sql, (row) => {
      const entry = this.#trials.get(row.number(0)!);
      const step = row.number(1);
      if (!entry || step === null) return;
      const value = this.layout.intermediateTypes
        ? typedValue(row.number(2), row.text(3))
        : untypedValue(row.number(2));
      entry.trial.intermediate.set(step, value);
    });
  }

  async #readTrialAttrs(
    table: 'trial_user_attributes' | 'trial_system_attributes',
    of: (t: OptunaTrial) => Map<string, unknown>
  ): Promise<void> {
    if (!schemaHas(this.schema, table, ['trial_id', 'key', 'value_json'])) return;
    await this.db.each(`SELECT trial_id, key, value_json FROM ${table} ORDER BY rowid`, (row) => {
      const entry = this.#trials.get(row.number(0)!);
      if (!entry) return;
      const key = (row.text(1) ?? '').normalize('NFC');
      const place = `${table}, trial_id ${entry.trialId}, key ${JSON.stringify(key)}`;
      of(entry.trial).set(key, this.#json(row.text(2), place));
    });
  }

  /**
   * Before 1.3 a trial's number was its system attribute `_number`; the v1.3.0.a migration moves
   * it into `trials.number` and deletes the attribute, so Runlens does the same.
   */
  #numberFromAttributes(): void {
    if (this.layout.numberColumn) return;
    for (const { trial } of this.#trials.values()) {
      const n = trial.systemAttrs.get('_number');
      if (typeof n === 'number' && Number.isInteger(n)) {
        trial.number = n;
        trial.systemAttrs.delete('_number');
      }
    }
  }
}
