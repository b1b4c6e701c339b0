// Small model builders for unit tests: runs with chosen metric values, written as files.
import type { Experiment, ImportedBatch, MetricSeries, Run } from '../../../src/lib/model';
import { writeRunlensJson } from '../../../src/lib/export/runlens-json-writer';
import { sourceFromBytes, type SourceFile } from '../../../src/lib/importers/source';

export function series(
  key: string,
  values: number[],
  steps?: number[],
  timestamps?: number[]
): MetricSeries {
  return {
    key,
    values: Float64Array.from(values),
    steps: Float64Array.from(steps ?? values.map((_, i) => i)),
    timestamps: Float64Array.from(timestamps ?? values.map((_, i) => 1_700_000_000_000 + i * 1000))
  };
}

export function experiment(id: string, name = `exp-${id}`): Experiment {
  return { id, name, deleted: false, tags: new Map() };
}

export function run(id: string, experimentId: string, overrides: Partial<Run> = {}): Run {
  return {
    id,
    experimentId,
    name: `run-${id}`,
    status: 'FINISHED',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_100_000,
    deleted: false,
    parentId: null,
    params: new Map([['lr', '0.01']]),
    tags: new Map(),
    metrics: [series('loss', [0.9, 0.5, 0.3])],
    artifacts: [],
    source: { format: 'runlens-json', file: 'x.json' },
    ...overrides
  };
}

export function batchFile(path: string, batch: ImportedBatch): SourceFile {
  return sourceFromBytes(path, new TextEncoder().encode(writeRunlensJson(batch)));
}

export function textFile(path: string, text: string): SourceFile {
  return sourceFromBytes(path, new TextEncoder().encode(text));
}
