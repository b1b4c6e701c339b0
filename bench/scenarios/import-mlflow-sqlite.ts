/**
 * Scenario 13 (issue 14): an MLflow SQLite store (`mlflow.db`, MLflow's real 3.x schema) picked
 * with the app's file picker, against the baseline worker that opens the same file with the same
 * engine (wa-sqlite's synchronous build: its glue from node_modules, the app's own built .wasm),
 * through a read-only VFS reading the File page by page as the app's does, SELECTs the metric
 * rows into typed arrays and stores the same chunks as scenario 1's baseline.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMlflowSqlite, type MlflowSqliteShape } from '../generate/mlflow-sqlite';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { round } from '../lib/stats';
import { sqliteGlueSource } from '../page/sqlite-baseline';
import { baselineImport, importPairs, medianOf } from './import-common';

export const MLFLOW_SQLITE_NAME = 'import an MLflow SQLite store (mlflow.db)';
export const MLFLOW_SQLITE_TARGET = 2;

const buildDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build');

const shapeText = ({ runs, metrics, steps }: MlflowSqliteShape) =>
  `${runs} runs × ${metrics} metrics × ${steps.toLocaleString('en')} steps`;

/** The URL path of the app's built wa-sqlite .wasm (the one its worker fetches). */
export function builtSqliteWasm(dir = buildDir): string {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/^wa-sqlite.*\.wasm$/.test(e.name)) found.push(join(d, e.name));
    }
  };
  walk(join(dir, '_app'));
  if (found.length !== 1)
    throw new Error(`expected one wa-sqlite .wasm in build/_app, found ${found.length}`);
  return `/${relative(dir, found[0]!).split('\\').join('/')}`;
}

export async function benchMlflowSqlite(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ScenarioResult> {
  const shape = sizes.mlflowSqlite;
  console.log(`Scenario 13: generating mlflow.db (${shapeText(shape)})…`);
  const t0 = performance.now();
  const input = await generateMlflowSqlite(outDir, seed, shape);
  console.log(
    `  ${(input.bytes / 1e6).toFixed(1)} MB, ${input.points.toLocaleString('en')} metric rows (${Math.round(performance.now() - t0)} ms)`
  );
  const extra = {
    'mlflow-sqlite': { glue: sqliteGlueSource(), wasmUrl: `${baseURL}${builtSqliteWasm()}` }
  };
  const { pairs, ratio, appMs, baselineMs } = await importPairs({
    label: 'mlflow.db',
    baseURL,
    outDir,
    pairs: sizes.pairs,
    appInput: 'import-input',
    path: input.file,
    runs: input.runs,
    what: 'mlflow.db',
    async baseline(page) {
      await page.evaluate(`window.__benchExtra = ${JSON.stringify(extra)}; true`);
      return baselineImport(page, 'bench-baseline-sqlite', input.file, input.points);
    }
  });
  return {
    id: 13,
    name: `${MLFLOW_SQLITE_NAME} (${shapeText(shape)}, ${(input.bytes / 1e6).toFixed(0)} MB)`,
    ratio: round(ratio),
    target: MLFLOW_SQLITE_TARGET,
    status: statusOf(ratio, MLFLOW_SQLITE_TARGET),
    absolute: {
      app_ms: Math.round(appMs),
      baseline_ms: Math.round(baselineMs),
      app_parse_ms: Math.round(medianOf(pairs.app, (s) => s.parse_ms)),
      app_write_ms: Math.round(medianOf(pairs.app, (s) => s.write_ms)),
      baseline_parse_ms: Math.round(medianOf(pairs.baseline, (s) => s.parse_ms)),
      baseline_write_ms: Math.round(medianOf(pairs.baseline, (s) => s.write_ms)),
      app_rows_per_second: Math.round((input.points / appMs) * 1000),
      app_long_tasks: pairs.app.map((s) => s.longTasks?.count ?? null),
      points: input.points,
      runs: input.runs,
      bytes: input.bytes,
      pairs: pairs.ratios.length,
      ratios: pairs.ratios.map((r) => round(r))
    },
    display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
  };
}
