/**
 * Measures share-link sizes for 1, 10, 50 and 100 runs (docs/share-links.md):
 * `node --import tsx scripts/link-sizes.ts`. Runs are generated deterministically: 10 params,
 * 3 tags, 6 metrics of which the 3 charted ones have 10,000 steps (a long training curve) or
 * 30 (an epoch-level curve like the sample's).
 */
import type { RunRow } from '../src/lib/db/rows';
import { summarizeSeries, type MetricSeries } from '../src/lib/model';
import { buildSharePayload } from '../src/lib/share/share-build';
import { encodeShareLink, LINK_COMFORT_CHARS } from '../src/lib/share/share-codec';

const CHARTED = ['loss', 'val_loss', 'accuracy'];
const OTHER = ['lr', 'epoch_time', 'grad_norm'];

function curve(run: number, metric: number, steps: number): MetricSeries {
  const s = Float64Array.from({ length: steps }, (_, i) => i);
  let seed = run * 7919 + metric * 104729 + 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.05;
  const values = s.map((i) => 0.2 + Math.exp(-i / (steps / 5)) * (1 + run / 100) + noise());
  return {
    key: metric < CHARTED.length ? CHARTED[metric]! : OTHER[metric - CHARTED.length]!,
    steps: s,
    values,
    timestamps: s.map((i) => 1_700_000_000_000 + i * 500)
  };
}

function runRow(i: number, steps: number, series: Map<string, MetricSeries>): RunRow {
  const metrics = new Map();
  for (let m = 0; m < CHARTED.length + OTHER.length; m++) {
    const c = curve(i, m, m < CHARTED.length ? steps : 1);
    series.set(`${i}\u0000${c.key}`, c);
    metrics.set(c.key, summarizeSeries(c));
  }
  return {
    key: `runlens-json|exp|run-${i}`,
    importId: 'x',
    experimentKey: 'runlens-json|exp',
    sourceFormat: 'runlens-json',
    sourceFile: 'x.json',
    id: `3f2a${String(i).padStart(28, '0')}`,
    experimentId: 'exp',
    name: `resnet50-lr${(0.001 * (1 + (i % 7))).toFixed(3)}-bs${32 << (i % 3)}-seed${i}`,
    status: 'FINISHED',
    startTime: 1_700_000_000_000 + i * 3_600_000,
    endTime: 1_700_000_000_000 + i * 3_600_000 + 3_000_000,
    deleted: false,
    parentId: null,
    params: new Map(
      Array.from({ length: 10 }, (_, p) => [`param_${p}`, String(((i * 31 + p * 17) % 97) / 10)])
    ),
    tags: new Map([
      ['mlflow.user', 'alice'],
      ['mlflow.source.name', 'train.py'],
      ['team', `t${i % 4}`]
    ]),
    metrics,
    artifactCount: 0
  };
}

async function sizeFor(runs: number, steps: number): Promise<number> {
  const series = new Map<string, MetricSeries>();
  const rows = Array.from({ length: runs }, (_, i) => runRow(i, steps, series));
  const payload = await buildSharePayload(
    rows,
    new Map([['runlens-json|exp', 'resnet sweep']]),
    CHARTED,
    { charts: CHARTED, smoothing: { kind: 'ema', weight: 0.6 } },
    false,
    {
      readSeries: async (key, metric) =>
        series.get(`${rows.findIndex((r) => r.key === key)}\u0000${metric}`)!
    }
  );
  return `https://runlens.example/#share=${encodeShareLink(payload)}`.length;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('| runs | 3 charts × 30 epochs | 3 charts × 10,000 steps |');
console.log('|---:|---:|---:|');
for (const runs of [1, 10, 50, 100]) {
  const short = await sizeFor(runs, 30);
  const long = await sizeFor(runs, 10_000);
  const mark = (n: number) => (n > LINK_COMFORT_CHARS ? `${kb(n)} (bundle offered)` : kb(n));
  console.log(`| ${runs} | ${mark(short)} | ${mark(long)} |`);
}
