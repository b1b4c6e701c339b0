// Builds Runlens JSON files big enough to watch an import's progress (and cancel it).
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import type { ImportedBatch, Run } from '../../src/lib/model';

/** `runs` runs of one experiment, each with `metrics` metrics of `steps` points. */
export function bigRunlensJson(runs: number, metrics: number, steps: number): Buffer {
  const list: Run[] = [];
  for (let r = 0; r < runs; r++) {
    list.push({
      id: `big-${r}`,
      experimentId: 'big',
      name: `big-run-${r}`,
      status: 'FINISHED',
      startTime: 1_760_000_000_000 + r * 60_000,
      endTime: 1_760_000_000_000 + r * 60_000 + 30_000,
      deleted: false,
      parentId: null,
      params: new Map([['seed', String(r)]]),
      tags: new Map(),
      metrics: Array.from({ length: metrics }, (_, m) => {
        const steps_ = Float64Array.from({ length: steps }, (_, i) => i);
        return {
          key: `metric_${m}`,
          steps: steps_,
          values: steps_.map((i) => Math.exp(-i / steps) + 0.01 * Math.sin(i * (r + 1))),
          timestamps: steps_.map((i) => 1_760_000_000_000 + i * 10)
        };
      }),
      artifacts: [],
      source: { format: 'runlens-json', file: 'big.json' }
    });
  }
  const batch: ImportedBatch = {
    experiments: [{ id: 'big', name: 'big-experiment', deleted: false, tags: new Map() }],
    runs: list
  };
  return Buffer.from(writeRunlensJson(batch));
}
