// Scenario 13's input and baseline: the generated mlflow.db must be a store the app reads as
// MLflow's own (the real 3.x schema, its alembic revision), and the baseline reader, on the same
// engine, must find the same rows, or the benchmark would time the two sides on different work.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMlflowSqlite, metricKeys } from '../../bench/generate/mlflow-sqlite';
import { readStoreInNode, sqliteGlueSource } from '../../bench/page/sqlite-baseline';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/parse-files';

describe('the generated mlflow.db', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-mlflow-sqlite-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const shape = { runs: 3, metrics: 4, steps: 50 };

  it('is read by the app’s importer as an MLflow 3.x store with every row', async () => {
    const input = await generateMlflowSqlite(out, 5, shape);
    expect(input).toMatchObject({ points: 3 * 4 * 50, runs: 3, params: 15, tags: 12 });
    const bytes = new Uint8Array(readFileSync(input.file));
    expect(bytes.length).toBe(input.bytes);
    const noop = () => {};
    const result = await parseFiles([sourceFromBytes('mlflow.db', bytes)], IMPORTERS, noop, noop);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'read as an MLflow 3.x SQLite store (schema 1b5f0d9ad7c1)'
    ]);
    const runs = result.parsed.flatMap((p) => p.batch.runs);
    const experiments = result.parsed.flatMap((p) => p.batch.experiments);
    expect(experiments.map((e) => e.name)).toEqual(['Default', 'bench']);
    expect(runs.map((r) => [r.name, r.status, r.params.size, r.tags.get('mlflow.user')])).toEqual([
      ['run-0000', 'FINISHED', 5, 'bench'],
      ['run-0001', 'FINISHED', 5, 'bench'],
      ['run-0002', 'FINISHED', 5, 'bench']
    ]);
    for (const run of runs) {
      expect(run.metrics.map((m) => [m.key, m.values.length])).toEqual(
        metricKeys(4).map((k) => [k, 50])
      );
      expect([...run.metrics[0]!.steps.slice(0, 3)]).toEqual([0, 1, 2]);
    }
    // The same seed is reused, not written again.
    expect(await generateMlflowSqlite(out, 5, shape)).toEqual(input);
  });

  it('gives the baseline reader, on the same engine, the same series and points', async () => {
    const input = await generateMlflowSqlite(out, 5, shape);
    const bytes = new Uint8Array(readFileSync(input.file));
    const read = await readStoreInNode(bytes);
    expect(read.points).toBe(input.points);
    expect(read.series).toHaveLength(3 * 4);
    expect(new Set(read.series.map((s) => s.key))).toEqual(new Set(metricKeys(4)));
    expect(read.series.every((s) => s.n === 50 && s.steps[49] === 49)).toBe(true);
    expect(read.runs.map((r) => [r.name, Object.keys(r.params).length])).toEqual([
      ['run-0000', 5],
      ['run-0001', 5],
      ['run-0002', 5]
    ]);

    const noop = () => {};
    const result = await parseFiles([sourceFromBytes('mlflow.db', bytes)], IMPORTERS, noop, noop);
    const app = result.parsed.flatMap((p) => p.batch.runs);
    const first = read.series.find((s) => s.run === app[0]!.id && s.key === 'val_loss')!;
    const appFirst = app[0]!.metrics.find((m) => m.key === 'val_loss')!;
    expect([...first.values.subarray(0, first.n)]).toEqual([...appFirst.values]);
  });

  it('makes the engine’s ES module glue a function body without touching the rest', () => {
    const glue = sqliteGlueSource();
    expect(glue).not.toContain('import.meta');
    expect(glue).not.toContain('export default');
    expect(glue.trimEnd().endsWith('return Module;')).toBe(true);
  });
});
