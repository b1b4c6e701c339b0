/**
 * What Optuna's own `load_study` sees in the journals (read_optuna.py prints it), and what Runlens
 * should show for it (docs/tuners.md): a run per trial named by its study's experiment id and its
 * number, its params, `value`/`values/<i>` and `intermediate_value`, status and times, and the tags
 * that carry the rest.
 */
import type { RunStatus } from '../../src/lib/model';
import type { ExpectedImport, ExpectedRun, JsonNumber } from './compare-summary';

export interface OptunaTrialView {
  number: number;
  state: 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';
  values: JsonNumber[] | null;
  params: Record<string, string>;
  intermediate: [number, JsonNumber][];
  user_attrs: Record<string, string>;
  system_attrs: Record<string, string>;
  start: number | null;
  complete: number | null;
}

export interface OptunaStudyView {
  id: number;
  name: string;
  directions: string[];
  user_attrs: Record<string, string>;
  system_attrs: Record<string, string>;
  trials: OptunaTrialView[];
}

export interface OptunaView {
  files: {
    file: string;
    torn: { line: number; whole: number } | null;
    /** A SQLite storage's alembic revision and the Optuna that set it up; null for journals. */
    storage: { revision: string; library: string } | null;
    studies: OptunaStudyView[];
  }[];
}

const STATUS: Record<OptunaTrialView['state'], RunStatus> = {
  RUNNING: 'RUNNING',
  WAITING: 'SCHEDULED',
  COMPLETE: 'FINISHED',
  PRUNED: 'KILLED',
  FAIL: 'FAILED'
};

/** The experiment id Runlens gives a study: the storage file's path and Optuna's study id. */
export function studyId(logdirName: string, file: string, study: OptunaStudyView): string {
  return `${logdirName}/${file}#study-${study.id}`;
}

/** Metric keys of a study's objectives. */
function objectiveKeys(directions: string[]): string[] {
  return directions.length === 1 ? ['value'] : directions.map((_, i) => `values/${i}`);
}

/** The tags Runlens should give a trial. */
export function expectedTags(study: OptunaStudyView, t: OptunaTrialView): Map<string, string> {
  const tags = new Map<string, string>();
  const keys = objectiveKeys(study.directions);
  study.directions.forEach((d, i) => tags.set(`optuna.direction.${keys[i]}`, d));
  tags.set('optuna.study', study.name);
  tags.set('optuna.state', t.state);
  for (const [k, v] of Object.entries(t.user_attrs)) tags.set(k, v);
  for (const [k, v] of Object.entries(t.system_attrs)) tags.set(`optuna.system_attrs.${k}`, v);
  return tags;
}

/** Runs keyed `<experiment id>/<trial number>`: trial numbers repeat across studies. */
export function expectFromOptuna(view: OptunaView, logdirName: string): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const f of view.files) {
    for (const study of f.studies) {
      const keys = objectiveKeys(study.directions);
      for (const t of study.trials) {
        const id = `${studyId(logdirName, f.file, study)}/${t.number}`;
        const from = `${f.file} › ${study.name} › trial ${t.number}`;
        const metrics: ExpectedRun['metrics'] = new Map();
        t.values?.forEach((v, i) => {
          metrics.set(keys[i]!, { points: [[0, t.complete ?? NaN, v]], from: [from] });
        });
        if (t.intermediate.length > 0) {
          metrics.set('intermediate_value', {
            points: t.intermediate.map(([step, v]) => [step, NaN, v]),
            from: [from]
          });
        }
        runs.set(id, {
          id,
          sources: [from],
          metrics,
          params: new Map(Object.entries(t.params)),
          status: STATUS[t.state],
          note: null,
          artifacts: 0,
          startTime: t.start,
          endTime: t.complete
        });
      }
    }
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** How many trials the journals and storages hold and which kinds of data they reach. */
export function optunaFeatures(view: OptunaView): { runs: number; seen: Set<string> } {
  const seen = new Set<string>();
  let runs = 0;
  for (const f of view.files) {
    if (f.torn) seen.add('torn');
    if (f.storage) seen.add('rdb');
    for (const study of f.studies) {
      if (study.directions.length > 1) seen.add('multi-objective');
      for (const t of study.trials) {
        runs++;
        seen.add(`state:${t.state}`);
        if (t.intermediate.length > 0) seen.add('intermediate');
        const numbers = [...(t.values ?? []), ...t.intermediate.map((p) => p[1])];
        if (numbers.some((v) => typeof v === 'string')) seen.add('nonfinite');
        if (Object.keys(t.user_attrs).length > 0) seen.add('user-attrs');
        if (t.user_attrs.source === 'imported') seen.add('template');
        if ('fixed_params' in t.system_attrs) seen.add('enqueued');
        // The writer's params: a categorical, a linear and a log int, a log and a stepped float.
        for (const p of ['optimizer', 'layers', 'batch', 'lr', 'dropout'])
          if (p in t.params) seen.add(`param:${p}`);
      }
    }
  }
  return { runs, seen };
}
