/**
 * Writes an MLflow FileStore tree (`mlruns/<experiment>/<run>/{meta.yaml,metrics,params,tags}`)
 * the way MLflow writes it: metric lines are `<timestamp ms> <value> <step>\n`, values in
 * Python's shortest round-trip spelling (the same as JavaScript's String(number)).
 * Deterministic from the seed; written once per (seed, shape) and reused.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curveValue, hexId, seededRandom } from './rng';

export interface MlrunsShape {
  runs: number;
  metrics: number;
  steps: number;
}

export interface MlrunsInput {
  /** The `mlruns` folder to pick with the folder picker. */
  dir: string;
  points: number;
  files: number;
  bytes: number;
  runs: number;
}

const EXPERIMENT_ID = '1';
const PARAMS = ['lr', 'batch_size', 'optimizer', 'dropout', 'seed'];

function runMeta(runId: string, name: string, start: number, end: number): string {
  return [
    `artifact_uri: file:///tmp/mlruns/${EXPERIMENT_ID}/${runId}/artifacts`,
    `end_time: ${end}`,
    `entry_point_name: ''`,
    `experiment_id: '${EXPERIMENT_ID}'`,
    `lifecycle_stage: active`,
    `run_id: ${runId}`,
    `run_name: ${name}`,
    `run_uuid: ${runId}`,
    `source_name: ''`,
    `source_type: 4`,
    `source_version: ''`,
    `start_time: ${start}`,
    `status: 3`,
    `tags: []`,
    `user_id: bench`,
    ''
  ].join('\n');
}

function metricText(random: () => number, steps: number, start: number, scale: number): string {
  const lines: string[] = new Array<string>(steps);
  let t = start;
  for (let step = 0; step < steps; step++) {
    t += 50 + Math.floor(random() * 20);
    lines[step] = `${t} ${curveValue(random, step, steps, scale)} ${step}`;
  }
  return lines.join('\n') + '\n';
}

/** Generates (or reuses) the tree under `outDir` and says what it holds. */
export function generateMlruns(outDir: string, seed: number, shape: MlrunsShape): MlrunsInput {
  const root = join(outDir, `mlruns-seed${seed}-${shape.runs}x${shape.metrics}x${shape.steps}`);
  const dir = join(root, 'mlruns');
  const marker = join(root, 'complete.json');
  if (existsSync(marker))
    return { dir, ...(JSON.parse(readFileSync(marker, 'utf8')) as Omit<MlrunsInput, 'dir'>) };
  rmSync(root, { recursive: true, force: true });
  const random = seededRandom(seed);
  const expDir = join(dir, EXPERIMENT_ID);
  mkdirSync(expDir, { recursive: true });
  writeFileSync(
    join(expDir, 'meta.yaml'),
    `artifact_location: file:///tmp/mlruns/${EXPERIMENT_ID}\nexperiment_id: '${EXPERIMENT_ID}'\nlifecycle_stage: active\nname: bench\n`
  );
  let files = 1;
  let bytes = 0;
  const base = 1_700_000_000_000;
  for (let r = 0; r < shape.runs; r++) {
    const runId = hexId(random);
    const runDir = join(expDir, runId);
    const start = base + r * 3_600_000;
    const name = `run-${String(r).padStart(4, '0')}`;
    mkdirSync(join(runDir, 'metrics'), { recursive: true });
    mkdirSync(join(runDir, 'params'));
    mkdirSync(join(runDir, 'tags'));
    mkdirSync(join(runDir, 'artifacts'));
    const meta = runMeta(runId, name, start, start + shape.steps * 60);
    writeFileSync(join(runDir, 'meta.yaml'), meta);
    bytes += meta.length;
    files++;
    for (let m = 0; m < shape.metrics; m++) {
      const text = metricText(random, shape.steps, start, 1 + m);
      writeFileSync(join(runDir, 'metrics', `metric_${m}`), text);
      bytes += text.length;
      files++;
    }
    for (const key of PARAMS) {
      const value = key === 'optimizer' ? 'adam' : String(Math.round(random() * 1000) / 1000);
      writeFileSync(join(runDir, 'params', key), value);
      bytes += value.length;
      files++;
    }
    const tags: [string, string][] = [
      ['mlflow.runName', name],
      ['mlflow.user', 'bench'],
      ['mlflow.source.type', 'LOCAL']
    ];
    for (const [key, value] of tags) {
      writeFileSync(join(runDir, 'tags', key), value);
      bytes += value.length;
      files++;
    }
  }
  const info = {
    points: shape.runs * shape.metrics * shape.steps,
    files,
    bytes,
    runs: shape.runs
  };
  writeFileSync(marker, JSON.stringify(info));
  return { dir, ...info };
}
