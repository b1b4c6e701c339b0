// Sacred FileStorageObserver run folders: the real set three ways, and what a person sees of it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REAL_FIXTURES,
  checkThreeWays,
  importFromDisk,
  readManifest
} from './helpers/real-fixtures';

describe('Sacred run folders', () => {
  for (const entry of readManifest('sacred')) {
    it(entry.set, async () => {
      await checkThreeWays(entry);
    });
  }

  it('maps Sacred statuses, naive UTC times, config and the failure trace', async () => {
    const result = await importFromDisk(
      ['runs'],
      join(REAL_FIXTURES, 'json-logs/sacred-ml-pws-2024')
    );
    const runs = new Map(result.batches.flatMap((b) => b.runs.map((r) => [r.id, r])));
    expect(runs.get('1')).toMatchObject({
      status: 'FINISHED',
      startTime: Date.UTC(2024, 1, 8, 23, 2, 14, 620),
      endTime: Date.UTC(2024, 1, 8, 23, 3, 12, 616)
    });
    expect(runs.get('1')!.params.get('dataset.filename')).toBe('data/gaussian_data.pt');
    expect(runs.get('1')!.metrics[0]).toMatchObject({ key: 'training.loss' });
    const failed = runs.get('73')!;
    expect(failed.status).toBe('FAILED');
    expect(failed.tags.get('sacred.fail_trace')).toMatch(/^Traceback/);
    expect(failed.metrics).toEqual([]);
    // A pickled model as "result" is not shown as a tag.
    expect(runs.get('90')!.tags.has('sacred.result')).toBe(false);
    expect(runs.get('90')!.artifacts.map((a) => a.path)).toEqual(['cout.txt', 'info.json']);
  });
});
