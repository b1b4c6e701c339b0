// Deterministic comparison inputs for browser tests, written as Runlens JSON.
import type { ImportedBatch, Run } from '../../src/lib/model';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';

/** The learning rate of sweep run i: 1e-4 … 1e-1 on a log grid. */
export function sweepLr(i: number): number {
  return Number((10 ** (-4 + (i % 13) / 4)).toPrecision(4));
}

/**
 * `runs` runs of a sweep with `steps` points of `loss` each: the loss settles at a floor that
 * grows with log(lr), so lr explains it; `optimizer` alternates and explains nothing.
 */
export function sweepJson(
  runs: number,
  steps: number,
  spike?: { run: number; step: number; value?: number }
): string {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const lr = sweepLr(i);
    const floor = (Math.log10(lr) + 5) / 4;
    const stepArray = new Float64Array(steps);
    const values = new Float64Array(steps);
    const timestamps = new Float64Array(steps);
    for (let s = 0; s < steps; s++) {
      stepArray[s] = s;
      values[s] = floor + Math.exp(-s / (steps / 8)) + 0.01 * Math.sin(s * 0.37 + i);
      timestamps[s] = 1_700_000_000_000 + i * 60_000 + s * 100;
    }
    if (spike && spike.run === i) values[spike.step] = spike.value ?? 25;
    list.push({
      id: `sweep-${String(i).padStart(4, '0')}`,
      experimentId: 'sweep',
      name: `sweep-${i}`,
      status: 'FINISHED',
      startTime: 1_700_000_000_000 + i * 60_000,
      endTime: 1_700_000_000_000 + i * 60_000 + steps * 100,
      deleted: false,
      parentId: null,
      params: new Map([
        ['lr', String(lr)],
        ['optimizer', i % 2 === 0 ? 'adam' : 'sgd']
      ]),
      tags: new Map(),
      metrics: [{ key: 'loss', steps: stepArray, values, timestamps }],
      artifacts: [],
      source: { format: 'runlens-json', file: 'sweep.json' }
    });
  }
  const batch: ImportedBatch = {
    experiments: [{ id: 'sweep', name: 'sweep', deleted: false, tags: new Map() }],
    runs: list
  };
  return writeRunlensJson(batch);
}

/** `runs` runs whose `loss` falls from about 1 to 0.001 over `steps` steps: three decades. */
export function decayJson(runs: number, steps: number, secondsPerStep = 1): string {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const stepArray = new Float64Array(steps);
    const values = new Float64Array(steps);
    const timestamps = new Float64Array(steps);
    for (let s = 0; s < steps; s++) {
      stepArray[s] = s;
      values[s] = 10 ** ((-3 * s) / (steps - 1)) * (1 + 0.1 * i);
      timestamps[s] = 1_700_000_000_000 + s * secondsPerStep * 1000;
    }
    list.push({
      id: `decay-${i}`,
      experimentId: 'decay',
      name: `decay-${i}`,
      status: 'FINISHED',
      startTime: 1_700_000_000_000,
      endTime: 1_700_000_000_000 + steps * secondsPerStep * 1000,
      deleted: false,
      parentId: null,
      params: new Map([['seed', String(i)]]),
      tags: new Map(),
      metrics: [{ key: 'loss', steps: stepArray, values, timestamps }],
      artifacts: [],
      source: { format: 'runlens-json', file: 'decay.json' }
    });
  }
  return writeRunlensJson({
    experiments: [{ id: 'decay', name: 'decay', deleted: false, tags: new Map() }],
    runs: list
  });
}

/**
 * Runs logged without steps, as MLflow's `log_metric` without a step does: every point of
 * `loss` at step 0, `secondsApart` between timestamps; `lonely` adds a run with one point.
 */
export function steplessJson(
  runs: number,
  points: number,
  secondsApart = 2,
  lonely = false
): string {
  const list: Run[] = [];
  const start = 1_700_000_000_000;
  for (let i = 0; i < runs + (lonely ? 1 : 0); i++) {
    const n = i < runs ? points : 1;
    const values = Float64Array.from({ length: n }, (_, s) => 2 * Math.exp(-s / 40) + 0.1 * i);
    list.push({
      id: `stepless-${i}`,
      experimentId: 'stepless',
      name: i < runs ? `stepless-${i}` : 'one-point',
      status: 'FINISHED',
      startTime: start + i * 3_600_000,
      endTime: start + i * 3_600_000 + n * secondsApart * 1000,
      deleted: false,
      parentId: null,
      params: new Map([['seed', String(i)]]),
      tags: new Map(),
      metrics: [
        {
          key: 'loss',
          steps: new Float64Array(n),
          values,
          timestamps: Float64Array.from(
            { length: n },
            (_, s) => start + i * 3_600_000 + s * secondsApart * 1000
          )
        }
      ],
      artifacts: [],
      source: { format: 'runlens-json', file: 'stepless.json' }
    });
  }
  return writeRunlensJson({
    experiments: [{ id: 'stepless', name: 'stepless', deleted: false, tags: new Map() }],
    runs: list
  });
}

/**
 * `runs` runs named `run-<i>` with `loss` at the given steps, valued by `valueOf(run, step)`:
 * one builder for diverged runs, gaps in the steps, and many runs.
 */
export function lossRunsJson(
  runs: number,
  steps: number[],
  valueOf: (run: number, step: number) => number
): string {
  const start = 1_700_000_000_000;
  const list: Run[] = Array.from({ length: runs }, (_, i) => ({
    id: `run-${i}`,
    experimentId: 'loss',
    name: `run-${i}`,
    status: 'FINISHED',
    startTime: start,
    endTime: start + steps.length * 1000,
    deleted: false,
    parentId: null,
    params: new Map([['seed', String(i)]]),
    tags: new Map(),
    metrics: [
      {
        key: 'loss',
        steps: Float64Array.from(steps),
        values: Float64Array.from(steps, (s) => valueOf(i, s)),
        timestamps: Float64Array.from(steps, (s) => start + s * 1000)
      }
    ],
    artifacts: [],
    source: { format: 'runlens-json', file: 'loss.json' }
  }));
  return writeRunlensJson({
    experiments: [{ id: 'loss', name: 'loss', deleted: false, tags: new Map() }],
    runs: list
  });
}

/** The models, datasets and seeds of `paperGridJson`; one model's name carries LaTeX specials. */
export const PAPER_MODELS = ['cnn', 'resnet', 'vit_b&16%'] as const;
export const PAPER_DATASETS = ['cifar10', 'mnist'] as const;
export const PAPER_SEEDS = [0, 1, 2] as const;

/** The final `val/acc` of one run of the grid: model and dataset effects plus a seed's noise. */
export function paperFinalAcc(model: number, dataset: number, seed: number): number {
  const modelEffect = [0.7, 0.8, 0.85][model]!;
  const datasetEffect = [0, 0.12][dataset]!;
  const seedNoise = [-0.013, 0.004, 0.021][seed]! * (1 + model);
  return Number((modelEffect + datasetEffect + seedNoise).toFixed(6));
}

/**
 * A model × dataset × seed grid (3 × 2 × 3 = 18 runs, ids `grid-<m>-<d>-<s>`) with `val/acc`
 * rising over five steps to a peak 0.02 above its final value (so best ≠ final), for results
 * tables.
 */
export function paperGridJson(): string {
  const start = 1_700_000_000_000;
  const list: Run[] = [];
  PAPER_MODELS.forEach((model, m) =>
    PAPER_DATASETS.forEach((dataset, d) =>
      PAPER_SEEDS.forEach((seed) => {
        const final = paperFinalAcc(m, d, seed);
        const values = Float64Array.from([0.3, 0.5, final + 0.02, final + 0.01, final]);
        const steps = Float64Array.from(values, (_, i) => i);
        list.push({
          id: `grid-${m}-${d}-${seed}`,
          experimentId: 'grid',
          name: `${model} ${dataset} s${seed}`,
          status: 'FINISHED',
          startTime: start,
          endTime: start + 5000,
          deleted: false,
          parentId: null,
          params: new Map([
            ['model', model],
            ['dataset', dataset],
            ['seed', String(seed)]
          ]),
          tags: new Map(),
          metrics: [
            {
              key: 'val/acc',
              steps,
              values,
              timestamps: Float64Array.from(steps, (s) => start + s * 1000)
            }
          ],
          artifacts: [],
          source: { format: 'runlens-json', file: 'grid.json' }
        });
      })
    )
  );
  return writeRunlensJson({
    experiments: [{ id: 'grid', name: 'grid', deleted: false, tags: new Map() }],
    runs: list
  });
}
