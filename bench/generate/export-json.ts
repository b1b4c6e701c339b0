/**
 * Writes one mlflow-export-import run.json in the tool's current layout (2023+ generation, as in
 * tests/fixtures/real/mlflow-export-import/mlflow-export-import-samples-2026):
 * `{system, mlflow: {info, params, metrics: {key: [{value, timestamp, step}]}, tags}}`, indented
 * by 2 like Python's `json.dump(..., indent=2)`. Sized to a byte target; reused once written.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync
} from 'node:fs';
import { join } from 'node:path';
import { curveValue, hexId, seededRandom } from './rng';

export interface ExportJsonInput {
  file: string;
  points: number;
  bytes: number;
  metrics: number;
}

const METRICS = 10;
/** Bytes of one indented `{value, timestamp, step}` point, measured on the output. */
const BYTES_PER_POINT = 122;

function head(runId: string, start: number, end: number): string {
  const doc = {
    system: {
      package_version: '1.2.0',
      script: 'export_run.py',
      export_time: Math.floor(end / 1000) + 60,
      _export_time: new Date(end + 60_000).toISOString().replace('T', ' ').slice(0, 19),
      mlflow_version: '2.3.2',
      mlflow_tracking_uri: 'http://localhost:5000',
      platform: { python_version: '3.10.12', system: 'Linux', processor: 'x86_64' },
      user: 'bench'
    },
    mlflow: {
      info: {
        run_uuid: runId,
        run_id: runId,
        experiment_id: '1',
        user_id: 'bench',
        status: 'FINISHED',
        start_time: start,
        end_time: end,
        lifecycle_stage: 'active',
        artifact_uri: `file:///tmp/mlruns/1/${runId}/artifacts`,
        run_name: 'bench-export',
        _start_time: new Date(start).toISOString().replace('T', ' ').slice(0, 19),
        _end_time: new Date(end).toISOString().replace('T', ' ').slice(0, 19)
      },
      params: { lr: '0.001', batch_size: '64', optimizer: 'adam' },
      metrics: {},
      tags: {
        'mlflow.runName': 'bench-export',
        'mlflow.source.type': 'LOCAL',
        'mlflow.user': 'bench'
      }
    }
  };
  // Everything up to the opening of `"metrics": {`; the points are streamed in after it.
  const text = JSON.stringify(doc, null, 2);
  const at = text.indexOf('"metrics": {}');
  return text.slice(0, at) + '"metrics": {\n';
}

function tail(): string {
  const tags = {
    'mlflow.runName': 'bench-export',
    'mlflow.source.type': 'LOCAL',
    'mlflow.user': 'bench'
  };
  const body = JSON.stringify(tags, null, 2).replace(/\n/g, '\n    ');
  return `\n    },\n    "tags": ${body}\n  }\n}\n`;
}

function metricBlock(random: () => number, key: string, n: number, start: number, scale: number) {
  const parts: string[] = new Array<string>(n);
  let t = start;
  for (let step = 0; step < n; step++) {
    t += 50 + Math.floor(random() * 20);
    const value = curveValue(random, step, n, scale);
    parts[step] =
      `        {\n          "value": ${value},\n          "timestamp": ${t},\n          "step": ${step}\n        }`;
  }
  return `      ${JSON.stringify(key)}: [\n${parts.join(',\n')}\n      ]`;
}

/** Generates (or reuses) a run.json of about `targetBytes` and says what it holds. */
export function generateExportJson(
  outDir: string,
  seed: number,
  targetBytes: number
): ExportJsonInput {
  const perMetric = Math.max(1, Math.round(targetBytes / METRICS / BYTES_PER_POINT));
  const file = join(outDir, `export-seed${seed}-${METRICS}x${perMetric}`, 'run.json');
  const marker = `${file}.complete.json`;
  if (existsSync(marker))
    return { file, ...(JSON.parse(readFileSync(marker, 'utf8')) as Omit<ExportJsonInput, 'file'>) };
  rmSync(join(file, '..'), { recursive: true, force: true });
  mkdirFor(file);
  const random = seededRandom(seed ^ 0x5eed);
  const runId = hexId(random);
  const start = 1_700_000_000_000;
  const fd = openSync(file, 'w');
  let bytes = 0;
  const write = (s: string) => {
    bytes += writeSync(fd, s);
  };
  try {
    write(head(runId, start, start + perMetric * 70));
    for (let m = 0; m < METRICS; m++) {
      write((m > 0 ? ',\n' : '') + metricBlock(random, `metric_${m}`, perMetric, start, 1 + m));
    }
    write(tail());
  } finally {
    closeSync(fd);
  }
  const info = { points: perMetric * METRICS, bytes, metrics: METRICS };
  writeFileSync(marker, JSON.stringify(info));
  return { file, ...info };
}

function mkdirFor(file: string): void {
  const dir = join(file, '..');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
}
