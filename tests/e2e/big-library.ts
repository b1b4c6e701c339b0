// A deterministic library of many runs (params, tags, one-point metric summaries) for explorer
// tests, and the plain-loop answers the tests check the app against.
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import type { ImportedBatch, Run } from '../../src/lib/model';

export const MODELS = ['tree', 'forest', 'linear', 'svm'] as const;

export interface GeneratedRun {
  name: string;
  model: string;
  lr: string;
  loss: number;
}

export function generatedRun(i: number): GeneratedRun {
  return {
    name: `run-${String(i).padStart(6, '0')}`,
    model: MODELS[i % 4]!,
    lr: ['0.001', '0.01', '0.1'][i % 3]!,
    // A permutation of 0..n-1 scaled into [0, 1): every loss differs, so "best" is one run.
    loss: ((i * 7919) % 100_003) / 100_003
  };
}

export function bigLibraryJson(n: number): Buffer {
  const runs: Run[] = [];
  for (let i = 0; i < n; i++) {
    const g = generatedRun(i);
    runs.push({
      id: `r${i}`,
      experimentId: 'big',
      name: g.name,
      status: i % 10 === 0 ? 'FAILED' : 'FINISHED',
      startTime: 1_760_000_000_000 + i * 1000,
      endTime: 1_760_000_000_000 + i * 1000 + 500,
      deleted: false,
      parentId: null,
      params: new Map([
        ['model', g.model],
        ['lr', g.lr]
      ]),
      tags: new Map([['team', `t${i % 5}`]]),
      metrics: [
        {
          key: 'loss',
          steps: Float64Array.of(0),
          values: Float64Array.of(g.loss),
          timestamps: Float64Array.of(1_760_000_000_000 + i * 1000)
        }
      ],
      artifacts: [],
      source: { format: 'runlens-json', file: 'big.json' }
    });
  }
  const batch: ImportedBatch = {
    experiments: [{ id: 'big', name: 'sweep-100k', deleted: false, tags: new Map() }],
    runs
  };
  return Buffer.from(writeRunlensJson(batch));
}
