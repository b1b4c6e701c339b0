/**
 * A Runlens JSON library of training curves for scenarios 4, 5 and 7 (the comparison chart):
 * `runs` runs with one `loss` metric of `steps` points each (steps 0 … steps − 1, the same for
 * every run), a param `group` with 4 values (run r is in group r mod 4) and a param `lr`.
 * With `panels` > 1 (scenarios 18 and 19), each run also logs `panels − 1` more metrics in
 * sections by prefix (`train/…`, `grad/…`, `system/…`), every 10th step: the grid a real
 * training run fills, beside the same `loss`. None of them is a held-out result, so `loss` stays
 * the target metric and the grid's first panel (the app would lead with a `val/` metric).
 * Drawn from the seed; written once per seed and size into bench/out/ and reused.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { curveValue, hexId, seededRandom } from './rng';

export const METRIC = 'loss';
export const GROUP_PARAM = 'group';
export const GROUPS = ['g0', 'g1', 'g2', 'g3'] as const;

export interface CurvesShape {
  runs: number;
  steps: number;
  /** Metrics per run, `loss` included (1 when absent). */
  panels?: number;
}

const SECTIONS = ['train/', 'grad/', 'system/'] as const;

/** The names of the metrics besides `loss`: `train/metric_01`, `val/metric_02`, … */
export function extraMetricNames(panels: number): string[] {
  return Array.from(
    { length: Math.max(0, panels - 1) },
    (_, k) => `${SECTIONS[k % SECTIONS.length]}metric_${String(k + 1).padStart(2, '0')}`
  );
}

/** One extra metric: a curve of its own, logged every 10th step. */
function extraSeries(random: () => number, key: string, steps: number, times: Float64Array) {
  const n = Math.ceil(steps / 10);
  const s = new Float64Array(n);
  const v = new Float64Array(n);
  const t = new Float64Array(n);
  const scale = 0.5 + random();
  for (let i = 0; i < n; i++) {
    s[i] = i * 10;
    v[i] = curveValue(random, i, n, scale);
    t[i] = times[i * 10]!;
  }
  return { key, steps: s, values: v, timestamps: t };
}

export interface CurvesLibrary {
  file: string;
  bytes: number;
  /** Run ids in the order of the file (what the compare URL lists). */
  ids: string[];
  points: number;
}

function batch(seed: number, shape: CurvesShape): { batch: ImportedBatch; ids: string[] } {
  const random = seededRandom(seed * 104_729 + 4);
  const t0 = 1_760_000_000_000;
  const runs: Run[] = [];
  const ids: string[] = [];
  for (let r = 0; r < shape.runs; r++) {
    const id = hexId(random);
    ids.push(id);
    const steps = new Float64Array(shape.steps);
    const values = new Float64Array(shape.steps);
    const timestamps = new Float64Array(shape.steps);
    // Each group decays to a different floor, so the groups' bands are apart.
    const scale = 1 + (r % GROUPS.length) * 0.25;
    let t = t0 + r * 3_600_000;
    for (let s = 0; s < shape.steps; s++) {
      t += 50 + Math.floor(random() * 20);
      steps[s] = s;
      values[s] = curveValue(random, s, shape.steps, scale);
      timestamps[s] = t;
    }
    runs.push({
      id,
      experimentId: 'curves',
      name: `curve-${String(r).padStart(4, '0')}`,
      status: 'FINISHED',
      startTime: t0 + r * 3_600_000,
      endTime: t,
      deleted: false,
      parentId: null,
      params: new Map([
        [GROUP_PARAM, GROUPS[r % GROUPS.length]!],
        ['lr', String(Math.round(random() * 1000) / 1e5)]
      ]),
      tags: new Map(),
      metrics: [
        { key: METRIC, steps, values, timestamps },
        ...extraMetricNames(shape.panels ?? 1).map((key) =>
          extraSeries(random, key, shape.steps, timestamps)
        )
      ],
      artifacts: [],
      source: { format: 'runlens-json', file: 'curves.json' }
    });
  }
  return {
    ids,
    batch: {
      experiments: [{ id: 'curves', name: 'bench-curves', deleted: false, tags: new Map() }],
      runs
    }
  };
}

/** Generates (or reuses) the library file and says what it holds. */
export function generateCurvesLibrary(
  outDir: string,
  seed: number,
  shape: CurvesShape
): CurvesLibrary {
  const dir = join(outDir, `curves-s${seed}`);
  mkdirSync(dir, { recursive: true });
  const panels = shape.panels ?? 1;
  const grid = panels > 1 ? `-${panels}panels` : '';
  const file = join(dir, `curves-${shape.runs}x${shape.steps}${grid}.json`);
  const made = batch(seed, shape);
  if (!existsSync(file)) {
    // Through a temporary name: an interrupted run must not leave a half file to be reused.
    writeFileSync(`${file}.part`, writeRunlensJson(made.batch));
    renameSync(`${file}.part`, file);
  }
  const extraPoints = (panels - 1) * Math.ceil(shape.steps / 10);
  return {
    file,
    bytes: statSync(file).size,
    ids: made.ids,
    points: shape.runs * (shape.steps + extraPoints)
  };
}
