// Builders and comparisons for the bundle tests: a library with every hard case, bundles as
// bytes, re-zipped bundles with a tampered header or entry, and the store as comparable data.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { RunlensDb } from '../../../src/lib/db/db';
import { prepareImport, type BatchFromFile } from '../../../src/lib/db/prepare';
import { commitImport } from '../../../src/lib/db/commit-import';
import { readRunSeries } from '../../../src/lib/db/repo';
import type { SavedViewRow } from '../../../src/lib/db/rows';
import { sourceFromBytes } from '../../../src/lib/importers/source';
import type { ImportedBatch } from '../../../src/lib/model';
import { runImport } from '../../../src/lib/worker/import-pipeline';
import { experiment, run, series } from './batches';

/** Writes a NaN with a non-canonical payload as raw bits (a bit-exact copy must keep it). */
function setPayloadNaN(column: Float64Array, index: number): void {
  const view = new DataView(column.buffer, column.byteOffset);
  view.setUint32(index * 8, 0xbeef1234, true);
  view.setUint32(index * 8 + 4, 0x7ff80001, true);
}

/** 5,000 points (two stored chunks) with NaN, ±Infinity, -0 and a NaN with a payload. */
function longSeries(key: string) {
  const n = 5000;
  const values = Array.from({ length: n }, (_, i) => Math.sin(i) / (i + 1));
  values[3] = NaN;
  values[4] = Infinity;
  values[5] = -Infinity;
  values[6] = -0;
  const s = series(
    key,
    values,
    values.map((_, i) => i * 10),
    values.map((_, i) => (i === 9 ? NaN : 1_700_000_000_000 + i * 997))
  );
  setPayloadNaN(s.values, 7);
  return s;
}

export const VIEWS: SavedViewRow[] = [
  {
    id: 'view-1',
    name: 'good runs',
    savedAt: 1_700_000_000_000,
    explorer: { query: 'metrics.loss < 0.5', columns: ['params.lr'] },
    compare: null,
    runs: null
  },
  {
    id: 'view-2',
    name: '<img src=x onerror=alert(1)>',
    savedAt: 1_700_000_000_001,
    explorer: null,
    compare: { smoothing: 0.6, charts: [{ metric: 'loss' }] },
    runs: ['mlflow-filestore|1|parent']
  }
];

/** Two formats, parents and children, deletions, notes, hostile keys, artifacts and edge values. */
export function hardLibrary(): BatchFromFile[] {
  const mlflow: ImportedBatch = {
    experiments: [experiment('1', 'vision'), { ...experiment('2', 'gone'), deleted: true }],
    runs: [
      run('parent', '1', {
        tags: new Map([
          ['mlflow.note.content', '## Note\n\n<script>alert(1)</script> **bold**'],
          ['__proto__', 'polluted?'],
          ['constructor', '{{7*7}} ${process.exit(1)}']
        ]),
        params: new Map([
          ['__proto__', '{"isAdmin":true}'],
          ['lr', '2e-05']
        ]),
        metrics: [longSeries('train/loss'), series('acc', [0.5, NaN, -0, Infinity])],
        artifacts: [
          {
            path: 'plots/x.png',
            size: 4,
            mediaType: 'image/png',
            content: new Uint8Array([0x89, 0x50, 0x4e, 0x47])
          },
          {
            path: 'notes/ünïcode ✓.txt',
            size: 3,
            mediaType: 'text/plain',
            content: strToU8('hé')
          },
          {
            path: 'model/model.pt',
            size: 1_073_741,
            mediaType: 'application/octet-stream',
            content: null
          }
        ],
        source: { format: 'mlflow-filestore', file: 'mlruns/1/parent/meta.yaml' }
      }),
      run('child', '1', {
        parentId: 'parent',
        status: 'FAILED',
        endTime: null,
        source: { format: 'mlflow-filestore', file: 'mlruns/1/child/meta.yaml' }
      }),
      run('old', '2', {
        deleted: true,
        name: null,
        startTime: null,
        source: { format: 'mlflow-filestore', file: 'mlruns/2/old/meta.yaml' }
      })
    ]
  };
  const json: ImportedBatch = {
    experiments: [experiment('1', 'same id, other format'), experiment('a|b', 'pipe|id')],
    runs: [run('r1', '1'), run('x|y', 'a|b', { metrics: [] })]
  };
  return [
    { file: 'mlruns', format: 'mlflow-filestore', batch: mlflow, views: VIEWS },
    { file: 'runs.json', format: 'runlens-json', batch: json }
  ];
}

/** Stores the hard library as one import, the way the pipeline would. */
export async function storeLibrary(db: RunlensDb, parsed = hardLibrary()): Promise<void> {
  const noop = () => {};
  await commitImport(db, prepareImport('import-1', parsed, 1_700_000_000_000), {
    checkCancelled: noop,
    onRowsWritten: noop
  });
}

/** Imports bundle bytes through the real pipeline. */
export function importBytes(db: RunlensDb, name: string, bytes: Uint8Array) {
  return runImport(db, [sourceFromBytes(name, bytes)], {
    isCancelled: () => false,
    onProgress: () => {}
  });
}

/** A bundle unzipped, changed, and zipped again (header first, as a writer would). */
export function rezip(
  bytes: Uint8Array,
  change: (header: Record<string, unknown>, entries: Record<string, Uint8Array>) => void
): Uint8Array {
  const entries = unzipSync(bytes);
  const header = JSON.parse(strFromU8(entries['runlens-bundle.json']!)) as Record<string, unknown>;
  change(header, entries);
  const out: Zippable = { 'runlens-bundle.json': strToU8(JSON.stringify(header)) };
  for (const [name, data] of Object.entries(entries)) {
    if (name !== 'runlens-bundle.json') out[name] = data;
  }
  return zipSync(out);
}

/** The IEEE 754 bits of a column, for bit-exact comparisons (NaN payloads, -0). */
export function bits(column: Float64Array): string {
  return Buffer.from(column.buffer, column.byteOffset, column.byteLength).toString('hex');
}

/** Everything stored except import ids, as comparable data; series as bit strings. */
export async function snapshot(db: RunlensDb) {
  const runs = await db.runs.orderBy('key').toArray();
  const series: Record<string, { steps: string; values: string; timestamps: string }> = {};
  for (const r of runs) {
    for (const s of await readRunSeries(db, r)) {
      series[`${r.key} ${s.key}`] = {
        steps: bits(s.steps),
        values: bits(s.values),
        timestamps: bits(s.timestamps)
      };
    }
  }
  const artifacts = [];
  for (const a of await db.artifacts.toArray()) {
    const bytes = a.blob ? Buffer.from(await a.blob.arrayBuffer()).toString('hex') : null;
    artifacts.push({ ...a, blob: bytes });
  }
  return {
    experiments: (await db.experiments.orderBy('key').toArray()).map(({ importId: _, ...e }) => e),
    runs: runs.map(({ importId: _, ...r }) => r),
    series,
    artifacts,
    views: await db.views.orderBy('id').toArray()
  };
}
