/**
 * A Runlens JSON library of a hyperparameter sweep for scenario 8 (parallel coordinates):
 * `runs` runs with 17 params (13 numeric, two of them log-spaced; 4 categorical) that all vary,
 * and 3 one-point metrics, so the comparison's hyper table has 20 axes. Drawn from the seed;
 * written once per seed and size into bench/out/ and reused. The baseline draws the same
 * polylines from `columns` (one value per run per axis, in the table's axis order).
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { hexId, seededRandom } from './rng';

/** How one param is drawn: a number from `random`, or one of `categories`. */
interface ParamSpec {
  key: string;
  log?: boolean;
  categories?: readonly string[];
  draw?: (random: () => number) => number;
}

const uniform = (lo: number, hi: number) => (random: () => number) => lo + random() * (hi - lo);
const integer = (lo: number, hi: number) => (random: () => number) =>
  lo + Math.floor(random() * (hi - lo + 1));
const logUniform = (lo: number, hi: number) => (random: () => number) =>
  10 ** (Math.log10(lo) + random() * (Math.log10(hi) - Math.log10(lo)));

/** 17 params; the app sorts them by name (so does the hyper table's axis order). */
export const PARAMS: readonly ParamSpec[] = [
  { key: 'activation', categories: ['gelu', 'relu', 'silu', 'tanh'] },
  { key: 'batch_size', draw: (r) => 2 ** integer(4, 10)(r) },
  { key: 'beta1', draw: uniform(0.8, 0.99) },
  { key: 'beta2', draw: uniform(0.9, 0.9999) },
  { key: 'dropout', draw: uniform(0, 0.5) },
  { key: 'epochs', draw: integer(5, 100) },
  { key: 'grad_clip', draw: uniform(0.1, 5) },
  { key: 'heads', draw: integer(1, 16) },
  { key: 'layers', draw: integer(2, 48) },
  { key: 'lr', log: true, draw: logUniform(1e-5, 1e-1) },
  { key: 'optimizer', categories: ['adam', 'adamw', 'lion', 'sgd'] },
  { key: 'precision', categories: ['bf16', 'fp16', 'fp32'] },
  { key: 'scheduler', categories: ['constant', 'cosine', 'linear', 'step'] },
  { key: 'seed', draw: integer(0, 9999) },
  { key: 'warmup', draw: integer(0, 5000) },
  { key: 'weight_decay', log: true, draw: logUniform(1e-6, 1e-1) },
  { key: 'width', draw: (r) => 64 * integer(1, 32)(r) }
];

export const METRICS = ['accuracy', 'loss', 'val_loss'] as const;

export interface HyperLibrary {
  file: string;
  bytes: number;
  ids: string[];
  /** Axis id (`param:…`, `metric:…`) → one value per run (a category's index for categories). */
  columns: Map<string, Float64Array>;
  /** Axis ids of log-spaced params. */
  logAxes: string[];
  categories: Map<string, readonly string[]>;
}

function sweep(seed: number, n: number) {
  const random = seededRandom(seed * 15_485_863 + 8);
  const ids: string[] = [];
  const columns = new Map<string, Float64Array>();
  for (const p of PARAMS) columns.set(`param:${p.key}`, new Float64Array(n));
  for (const m of METRICS) columns.set(`metric:${m}`, new Float64Array(n));
  const text: string[][] = [];
  for (let r = 0; r < n; r++) {
    ids.push(hexId(random));
    const row: string[] = [];
    for (const p of PARAMS) {
      let value: number;
      let written: string;
      if (p.categories) {
        value = Math.floor(random() * p.categories.length);
        written = p.categories[value]!;
      } else {
        value = Number(p.draw!(random).toPrecision(6));
        written = String(value);
      }
      columns.get(`param:${p.key}`)![r] = value;
      row.push(written);
    }
    text.push(row);
    // Metrics loosely tied to lr and dropout, so the plot has structure.
    const lr = columns.get('param:lr')![r]!;
    const quality =
      Math.exp(-((Math.log10(lr) + 3) ** 2)) * (1 - columns.get('param:dropout')![r]!);
    const loss = 0.05 + (1 - quality) * (0.5 + random());
    columns.get('metric:loss')![r] = loss;
    columns.get('metric:val_loss')![r] = loss * (1 + 0.3 * random());
    columns.get('metric:accuracy')![r] = Math.min(0.999, quality * (0.7 + 0.3 * random()));
  }
  return { ids, columns, text };
}

function batch(seed: number, n: number, made: ReturnType<typeof sweep>): ImportedBatch {
  const t0 = 1_760_000_000_000;
  const runs: Run[] = [];
  for (let r = 0; r < n; r++) {
    runs.push({
      id: made.ids[r]!,
      experimentId: 'hyper',
      name: `trial-${String(r).padStart(5, '0')}`,
      status: 'FINISHED',
      startTime: t0 + r * 1000,
      endTime: t0 + r * 1000 + 900,
      deleted: false,
      parentId: null,
      params: new Map(PARAMS.map((p, k) => [p.key, made.text[r]![k]!])),
      tags: new Map(),
      metrics: METRICS.map((key) => ({
        key,
        steps: Float64Array.of(0),
        values: Float64Array.of(made.columns.get(`metric:${key}`)![r]!),
        timestamps: Float64Array.of(t0 + r * 1000 + 800)
      })),
      artifacts: [],
      source: { format: 'runlens-json', file: 'hyper.json' }
    });
  }
  return {
    experiments: [{ id: 'hyper', name: `bench-hyper-${seed}`, deleted: false, tags: new Map() }],
    runs
  };
}

/** Generates (or reuses) the library file and returns its columns. */
export function generateHyperLibrary(outDir: string, seed: number, n: number): HyperLibrary {
  const dir = join(outDir, `hyper-s${seed}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `hyper-${n}.json`);
  const made = sweep(seed, n);
  if (!existsSync(file)) {
    // Through a temporary name: an interrupted run must not leave a half file to be reused.
    writeFileSync(`${file}.part`, writeRunlensJson(batch(seed, n, made)));
    renameSync(`${file}.part`, file);
  }
  return {
    file,
    bytes: statSync(file).size,
    ids: made.ids,
    columns: made.columns,
    logAxes: PARAMS.filter((p) => p.log).map((p) => `param:${p.key}`),
    categories: new Map(
      PARAMS.filter((p) => p.categories).map((p) => [`param:${p.key}`, p.categories!])
    )
  };
}
