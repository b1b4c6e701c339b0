// Peak GPU memory and GPU utilisation as run columns (issue 15, item 4): read from MLflow's and
// W&B's GPU system metrics, shown by default when a run in view has them, sortable, filterable.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/lib/cli/disk-source';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { REAL_FIXTURES } from './helpers/real-fixtures';
import { prepareImport, type BatchFromFile } from '../../src/lib/db/prepare';
import { ExplorerService } from '../../src/lib/explorer/explorer-service';
import type { ExplorerRequest } from '../../src/lib/explorer/explorer-types';
import { gpuMetricRole } from '../../src/lib/model';
import { experiment, run, series } from './helpers/batches';

const batch: BatchFromFile = {
  file: 'gpu.json',
  format: 'runlens-json',
  batch: {
    experiments: [experiment('gpu')],
    runs: [
      // MLflow, two devices: the peak is the larger device's, utilisation the devices' mean.
      run('mlflow-2gpu', 'gpu', {
        metrics: [
          series('loss', [1, 0.5]),
          series('system/gpu_0_memory_usage_megabytes', [1000, 9000, 4000]),
          series('system/gpu_1_memory_usage_megabytes', [12000, 3000]),
          series('system/gpu_0_utilization_percentage', [80, 100]),
          series('system/gpu_1_utilization_percentage', [40, 60]),
          // A percentage of the device is not megabytes: it must not count as memory.
          series('system/gpu_0_memory_usage_percentage', [99])
        ]
      }),
      // W&B counts bytes; `gpu.0.gpu` is the utilisation.
      run('wandb', 'gpu', {
        metrics: [
          series('zloss', [1, 0.4]),
          series('system/gpu.0.memoryAllocatedBytes', [2e9, 5e9]),
          series('system/gpu.0.gpu', [10, 30])
        ]
      }),
      run('cpu-only', 'gpu', { metrics: [series('loss', [1, 0.7])] })
    ]
  }
};

function service(b: BatchFromFile): ExplorerService {
  const prepared = prepareImport('imp-0', [b], 0);
  return new ExplorerService({
    readLibrary: async () => ({
      runs: prepared.runs,
      experiments: prepared.experiments,
      imports: [prepared.importRow]
    }),
    readSeries: () => Promise.reject(new Error('not needed'))
  });
}

function request(over: Partial<ExplorerRequest> = {}): ExplorerRequest {
  return {
    query: '',
    quickSearch: '',
    showDeleted: false,
    experiments: null,
    sort: [],
    tree: true,
    collapseAll: false,
    toggled: [],
    defaultColumns: true,
    ...over
  };
}

const GPU = [
  { kind: 'attribute' as const, key: 'gpu_memory' as const },
  { kind: 'attribute' as const, key: 'gpu_utilization' as const }
];

async function cells(s: ExplorerService, over: Partial<ExplorerRequest> = {}) {
  const view = await s.view(request(over));
  const rows = (await s.rows(view.generation, 0, view.shown, GPU)) ?? [];
  return Object.fromEntries(rows.map((r) => [r.id, r.cells]));
}

describe('GPU columns', () => {
  it('take the highest device peak in megabytes and the mean utilisation over devices', async () => {
    expect(await cells(service(batch))).toEqual({
      'mlflow-2gpu': [12000, 70],
      wandb: [5000, 20],
      'cpu-only': [null, null]
    });
  });

  it('are default columns only when a run in view logged GPU metrics', async () => {
    const s = service(batch);
    // System metrics come after the model's in the default metric columns, however common.
    const wandbOnly = await s.view(request({ query: 'attributes.run_id = "wandb"' }));
    expect(wandbOnly.columns?.metrics).toEqual([
      'zloss',
      'system/gpu.0.gpu',
      'system/gpu.0.memoryAllocatedBytes'
    ]);
    expect((await s.view(request())).columns?.attributes).toEqual(
      expect.arrayContaining(['gpu_memory', 'gpu_utilization'])
    );
    const cpu = await s.view(request({ query: 'attributes.gpu_memory is null' }));
    expect(cpu.matching).toBe(1);
    expect(cpu.columns?.attributes).not.toContain('gpu_memory');
  });

  it('filter and sort like any number attribute', async () => {
    const s = service(batch);
    expect((await s.view(request({ query: 'attributes.gpu_memory > 8000' }))).matching).toBe(1);
    expect((await s.view(request({ query: 'gpu_util < 50' }))).matching).toBe(1);
    const sorted = await s.view(
      request({ sort: [{ column: GPU[0]!, direction: 'desc' }], tree: false })
    );
    const rows = await s.rows(sorted.generation, 0, sorted.shown, []);
    // Missing values stay last whichever the direction.
    expect(rows?.map((r) => r.id)).toEqual(['mlflow-2gpu', 'wandb', 'cpu-only']);
  });

  it('know the GPU metric names of MLflow and W&B and nothing else', () => {
    expect(gpuMetricRole('system/gpu_3_memory_usage_megabytes')).toEqual({
      kind: 'memory',
      toMegabytes: 1
    });
    expect(gpuMetricRole('system/gpu.1.gpu')).toEqual({ kind: 'utilization' });
    expect(gpuMetricRole('system/gpu.0.memoryAllocated')).toBeNull();
    expect(gpuMetricRole('gpu_0_memory_usage_megabytes')).toBeNull();
    expect(gpuMetricRole('system/cpu_utilization_percentage')).toBeNull();
  });
});

describe('GPU columns of a real W&B set (vq-vae, wandb 0.19.8, one GPU)', () => {
  it('every run that logged GPU stats has a peak in megabytes and a utilisation', async () => {
    const collected = await collectInputs(
      ['.'],
      join(REAL_FIXTURES, 'wandb/vq-vae-wandb-0.19.8-2025')
    );
    const parsed = await parseFiles(
      collected.inputs,
      undefined,
      () => {},
      () => {}
    );
    const prepared = prepareImport('imp-0', parsed.parsed, 0);
    const cols = buildRunColumns(prepared.runs);
    const summary = cols.ids.map((id, i) => ({
      id,
      logged: [...cols.metrics.keys()].some(
        (k) => k.startsWith('system/gpu.0.') && cols.metrics.get(k)!.present[i]
      ),
      memory: cols.gpuMemoryPeak[i]!,
      util: cols.gpuUtilization[i]!
    }));
    const withGpu = summary.filter((r) => r.logged);
    expect(withGpu.length).toBeGreaterThanOrEqual(3);
    for (const r of withGpu) {
      // A real device: between 1 MB and 100 GB in use, utilisation a percentage.
      expect(r.memory, r.id).toBeGreaterThan(1);
      expect(r.memory, r.id).toBeLessThan(100_000);
      expect(r.util, r.id).toBeGreaterThanOrEqual(0);
      expect(r.util, r.id).toBeLessThanOrEqual(100);
    }
    for (const r of summary.filter((r) => !r.logged)) expect(r.memory, r.id).toBeNaN();
  });
});
