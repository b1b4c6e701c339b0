/**
 * The CSV `mlflow.search_runs(...).to_csv()` writes, with `runs` rows, for scenario 17 (1 M runs):
 * the info columns first (run_id, experiment_id, status, artifact_uri, start_time, end_time),
 * then metrics.*, params.* and tags.* as pandas orders them. Written in pieces (never one string
 * of the whole file), once per seed and size into bench/out/.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeSync
} from 'node:fs';
import { join } from 'node:path';
import { hexId, seededRandom } from './rng';

export interface SearchRunsCsv {
  file: string;
  bytes: number;
  runs: number;
}

const HEADER = [
  'run_id',
  'experiment_id',
  'status',
  'artifact_uri',
  'start_time',
  'end_time',
  'metrics.loss',
  'metrics.accuracy',
  'params.model',
  'params.lr',
  'params.batch_size',
  'tags.team',
  'tags.mlflow.runName'
];
const MODELS = ['tree', 'forest', 'linear', 'svm'];
const LRS = ['0.001', '0.01', '0.1'];
const TEAMS = ['t0', 't1', 't2', 't3', 't4'];

/** The start time of row `i`, as pandas prints a UTC datetime column. */
function timeText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00:00');
}

export function generateSearchRunsCsv(outDir: string, seed: number, runs: number): SearchRunsCsv {
  const dir = join(outDir, `search-runs-seed${seed}-${runs}`);
  const file = join(dir, 'runs.csv');
  if (existsSync(file)) return { file, bytes: statSync(file).size, runs };
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  const random = seededRandom(seed * 104_729 + 17);
  let bytes = 0;
  const write = (text: string) => (bytes += writeSync(fd, text));
  write(',' + HEADER.join(',') + '\n');
  const base = Date.UTC(2025, 0, 1);
  let piece: string[] = [];
  for (let i = 0; i < runs; i++) {
    const id = hexId(random);
    const start = base + i * 60_000;
    const row = [
      String(i),
      id,
      '1',
      'FINISHED',
      `file:///mlruns/1/${id}/artifacts`,
      timeText(start),
      timeText(start + 30_000 + Math.floor(random() * 30_000)),
      String(Math.round(random() * 1e6) / 1e6),
      String(Math.round(random() * 1e6) / 1e6),
      MODELS[Math.floor(random() * MODELS.length)]!,
      LRS[Math.floor(random() * LRS.length)]!,
      String(16 << Math.floor(random() * 4)),
      TEAMS[Math.floor(random() * TEAMS.length)]!,
      `run-${i}`
    ];
    piece.push(row.join(','));
    if (piece.length === 10_000) {
      write(piece.join('\n') + '\n');
      piece = [];
    }
  }
  if (piece.length) write(piece.join('\n') + '\n');
  closeSync(fd);
  renameSync(partial, file);
  return { file, bytes, runs };
}
