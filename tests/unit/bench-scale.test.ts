// Scenario 17's search_runs CSV is read by the app as MLflow writes it: every row a run with its
// params, tags and one-point metrics (a generator the importer rejected would measure nothing).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSearchRunsCsv } from '../../bench/generate/search-runs-csv';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/import-pipeline';

const out = mkdtempSync(join(tmpdir(), 'bench-scale-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("scenario 17's search_runs CSV", () => {
  it('imports as 500 MLflow runs with their params, tags and last metrics', async () => {
    const csv = generateSearchRunsCsv(out, 3, 500);
    const bytes = new Uint8Array(readFileSync(csv.file));
    expect(bytes.length).toBe(csv.bytes);
    const { parsed } = await parseFiles(
      [{ ...sourceFromBytes('runs.csv', bytes), fromFolder: false }],
      IMPORTERS,
      () => undefined,
      () => undefined
    );
    expect(parsed).toHaveLength(1);
    const runs = parsed[0]!.batch.runs;
    expect(runs).toHaveLength(500);
    expect(new Set(runs.map((r) => r.id)).size).toBe(500);
    const run = runs[7]!;
    expect(run.name).toBe('run-7');
    expect([...run.params.keys()].sort()).toEqual(['batch_size', 'lr', 'model']);
    expect(run.tags.get('team')).toMatch(/^t[0-4]$/);
    expect(run.metrics.map((m) => [m.key, m.values.length]).sort()).toEqual([
      ['accuracy', 1],
      ['loss', 1]
    ]);
    expect(run.endTime! - run.startTime!).toBeGreaterThanOrEqual(30_000);
  });

  it('is written once per seed and size and then reused', () => {
    const first = generateSearchRunsCsv(out, 4, 20);
    const again = generateSearchRunsCsv(out, 4, 20);
    expect(again).toEqual(first);
    expect(readFileSync(first.file, 'utf8').split('\n')).toHaveLength(22);
  });
});
