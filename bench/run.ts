/**
 * The benchmark harness of issue 7: `npm run bench [-- --quick] [--seed N] [--build]`.
 * Builds the app if needed, serves build/, drives Debian's Chromium through Playwright, measures
 * each scenario beside its physical baseline in the same page, and writes bench/results.json and
 * bench/results.md. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBuild } from '../scripts/serve.js';
import { firstChartPageFiles } from './page/first-chart-page';
import { ensureBuild } from './lib/build';
import { parseOptions, sizesFor } from './lib/options';
import { details, failed, markdownTable, writeResults, type ScenarioResult } from './lib/results';
import { benchExplorer, EXPLORER_NAME, FILTER_TARGET } from './scenarios/explorer-filter-sort';
import { openCompareSession } from './scenarios/compare-common';
import {
  benchFirstChart,
  FIRST_CHART_NAME,
  FIRST_CHART_TARGET,
  GRID_FIRST_CHART_NAME,
  GRID_OF_PANELS
} from './scenarios/first-chart';
import { benchGroupStats, GROUP_NAME, GROUP_TARGET } from './scenarios/group-stats';
import { benchExportJson } from './scenarios/import-export-json';
import { benchMlruns } from './scenarios/import-mlruns';
import { benchManyFiles, MANY_FILES_NAME, MANY_FILES_TARGET } from './scenarios/import-many-files';
import { benchTfevents, TFEVENTS_NAME, TFEVENTS_TARGET } from './scenarios/import-tfevents';
import { benchInitialJs } from './scenarios/initial-js';
import {
  benchMlflowSqlite,
  MLFLOW_SQLITE_NAME,
  MLFLOW_SQLITE_TARGET
} from './scenarios/import-mlflow-sqlite';
import { benchWandb, WANDB_NAME, WANDB_TARGET } from './scenarios/import-wandb';
import {
  benchServerChart,
  SERVER_CHART_NAME,
  SERVER_CHART_TARGET
} from './scenarios/server-first-chart';
import {
  benchServerListing,
  SERVER_LISTING_NAME,
  SERVER_LISTING_TARGET
} from './scenarios/server-listing';
import { serverMissing } from './generate/mlflow-server';
import { longTaskResult } from './scenarios/long-tasks';
import { notBuiltScenarios } from './scenarios/not-built';
import { benchParallelCoordinates, PC_NAME, PC_TARGET } from './scenarios/parallel-coordinates';
import {
  benchSmoothing,
  GRID_SMOOTHING_NAME,
  SMOOTHING_NAME,
  SMOOTHING_TARGET
} from './scenarios/smoothing';
import { benchZoom, ZOOM_NAME, ZOOM_TARGET } from './scenarios/zoom';
import { benchScale } from './scenarios/scale';
import type { SideSample } from './scenarios/import-common';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const outDir = join(benchDir, 'out');

/** Whether the app's sources differ from the commit (other work in progress gets built too). */
function sourcesDirty(): boolean {
  try {
    const args = ['status', '--porcelain', '--', 'src', 'static'];
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2));
  const sizes = sizesFor(options);
  const wanted = (id: number) => options.only.length === 0 || options.only.includes(id);
  mkdirSync(outDir, { recursive: true });

  const build = ensureBuild(root, options.build);
  if (build.built) console.log(`  built in ${(build.ms / 1000).toFixed(1)} s`);
  const server = await serveBuild({
    port: 0,
    root: join(root, 'build'),
    overrides: firstChartPageFiles()
  });
  const { port } = server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}`;
  console.log(
    `Serving build/ at ${baseURL}; ${options.quick ? 'quick' : 'full'} run, seed ${options.seed}`
  );

  if (options.scale) {
    // Scenario 17 runs alone and writes its own file: it takes long and has no baseline.
    try {
      const { scale, scalePart } = options;
      const reports = await benchScale(baseURL, outDir, options.seed, scale, scalePart);
      const part = scalePart ? `-${scalePart}` : '';
      const file = join(outDir, `scale-${scale}${part}-seed${options.seed}.json`);
      writeFileSync(
        file,
        JSON.stringify({ commit: commit(), size: options.scale, reports }, null, 2)
      );
      console.log(`\nScenario 17 figures written to ${file}`);
    } finally {
      server.close();
    }
    return;
  }

  const scenarios: ScenarioResult[] = [];
  /** A scenario that broke is reported as missed with the error, and the others still run. */
  const guard = async (ids: [number, string, number][], job: () => Promise<void>) => {
    try {
      await job();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      console.error(`  failed: ${message}`);
      for (const [id, name, target] of ids) scenarios.push(failed(id, name, target, message));
    }
  };
  try {
    let mlrunsSamples: SideSample[] = [];
    let exportSamples: SideSample[] = [];
    const baselineSamples: SideSample[] = [];
    let exportBuilt = false;
    if (wanted(1) || wanted(3) || wanted(9)) {
      const names: [number, string, number][] = [
        [1, 'import MLflow mlruns/', 1.5],
        [3, 'stored bytes per point after scenario 1', 1.25]
      ];
      await guard(names, async () => {
        const mlruns = await benchMlruns(baseURL, outDir, options.seed, sizes);
        scenarios.push(mlruns.import, mlruns.storage);
        mlrunsSamples = mlruns.appSamples;
        baselineSamples.push(...mlruns.baselineSamples);
      });
    }
    if (wanted(2) || wanted(9)) {
      await guard([[2, 'import a big mlflow-export-import run.json', 1.5]], async () => {
        const exported = await benchExportJson(baseURL, outDir, options.seed, sizes);
        scenarios.push(exported.result);
        exportSamples = exported.appSamples;
        baselineSamples.push(...exported.baselineSamples);
        exportBuilt = exported.result.status !== 'not built';
      });
    }
    if (mlrunsSamples.length > 0)
      scenarios.push(longTaskResult(mlrunsSamples, exportSamples, exportBuilt, baselineSamples));
    else if (wanted(9))
      scenarios.push(
        failed(9, 'main-thread long tasks during the imports', 0, 'scenario 1 failed')
      );
    if (wanted(20)) {
      await guard([[20, MANY_FILES_NAME, MANY_FILES_TARGET]], async () => {
        scenarios.push(await benchManyFiles(baseURL, outDir, options.seed, sizes));
      });
    }
    if (wanted(6)) {
      await guard([[6, EXPLORER_NAME, FILTER_TARGET]], async () => {
        scenarios.push(await benchExplorer(baseURL, outDir, options.seed, sizes));
      });
    }
    // 4, 5, 7 and 11 share one profile: the curves are imported once and every pair reuses them.
    const charts: [number, string, number][] = [
      [4, FIRST_CHART_NAME, FIRST_CHART_TARGET],
      [5, SMOOTHING_NAME, SMOOTHING_TARGET],
      [7, GROUP_NAME, GROUP_TARGET],
      [11, ZOOM_NAME, ZOOM_TARGET]
    ];
    const chartsWanted = charts.filter(([id]) => wanted(id));
    if (chartsWanted.length > 0) {
      await guard(chartsWanted, async () => {
        console.log('Scenarios 4, 5, 7, 11: the comparison chart…');
        const cs = await openCompareSession(baseURL, outDir, options.seed, sizes);
        try {
          const jobs = [benchFirstChart, benchSmoothing, benchGroupStats, benchZoom];
          for (const [k, [id, name, target]] of charts.entries()) {
            if (!wanted(id)) continue;
            await guard([[id, name, target]], async () => {
              scenarios.push(await jobs[k]!(cs, sizes));
            });
          }
        } finally {
          await cs.session.close();
        }
      });
    }
    // 18 and 19 (issue 16): 4 and 5 again with the comparison's default grid of 30 panels.
    const grid: [number, string, number][] = [
      [18, GRID_FIRST_CHART_NAME, FIRST_CHART_TARGET],
      [19, GRID_SMOOTHING_NAME, SMOOTHING_TARGET]
    ];
    if (grid.some(([id]) => wanted(id))) {
      await guard(
        grid.filter(([id]) => wanted(id)),
        async () => {
          console.log(`Scenarios 18, 19: the same with a grid of ${sizes.panels} panels…`);
          const cs = await openCompareSession(baseURL, outDir, options.seed, sizes, sizes.panels);
          try {
            if (wanted(18))
              await guard([grid[0]!], async () => {
                scenarios.push(await benchFirstChart(cs, sizes, GRID_OF_PANELS));
              });
            if (wanted(19))
              await guard([grid[1]!], async () => {
                scenarios.push(await benchSmoothing(cs, sizes, true));
              });
          } finally {
            await cs.session.close();
          }
        }
      );
    }
    if (wanted(8)) {
      await guard([[8, PC_NAME, PC_TARGET]], async () => {
        scenarios.push(await benchParallelCoordinates(baseURL, outDir, options.seed, sizes));
      });
    }
    if (wanted(10)) {
      await guard([[10, 'initial JavaScript of the start page, gzip', 1]], async () => {
        scenarios.push(await benchInitialJs(baseURL, outDir));
      });
    }
    if (wanted(12)) {
      await guard([[12, TFEVENTS_NAME, TFEVENTS_TARGET]], async () => {
        scenarios.push(await benchTfevents(baseURL, outDir, options.seed, sizes));
      });
    }
    if (wanted(13)) {
      await guard([[13, MLFLOW_SQLITE_NAME, MLFLOW_SQLITE_TARGET]], async () => {
        scenarios.push(await benchMlflowSqlite(baseURL, outDir, options.seed, sizes));
      });
    }
    if (wanted(14)) {
      await guard([[14, WANDB_NAME, WANDB_TARGET]], async () => {
        scenarios.push(await benchWandb(baseURL, outDir, options.seed, sizes));
      });
    }
    // 15 and 16 start a real MLflow server from the server suite's venv; without it they are
    // reported missed with the way to build it, never skipped.
    const serverJobs: [number, string, number, typeof benchServerChart][] = [
      [15, SERVER_CHART_NAME, SERVER_CHART_TARGET, benchServerChart],
      [16, SERVER_LISTING_NAME, SERVER_LISTING_TARGET, benchServerListing]
    ];
    for (const [id, name, target, job] of serverJobs) {
      if (!wanted(id)) continue;
      const missing = serverMissing();
      if (missing) {
        scenarios.push({ ...failed(id, name, target, missing), reason: missing });
        continue;
      }
      await guard([[id, name, target]], async () => {
        scenarios.push(await job(baseURL, outDir, options.seed, sizes));
      });
    }
    scenarios.push(...notBuiltScenarios().filter((s) => wanted(s.id)));
  } finally {
    server.close();
  }

  scenarios.sort((a, b) => a.id - b.id);
  const results = { commit: commit(), quick: options.quick, scenarios };
  const minutes = (performance.now() - started) / 60_000;
  const notes = [
    `${options.quick ? 'Quick' : 'Full'} run, seed ${options.seed}, ${sizes.pairs} interleaved pairs after one warm-up pair, ${minutes.toFixed(1)} min in all${build.built ? ` (build ${(build.ms / 1000).toFixed(0)} s)` : ''}.`,
    'Ratios are medians of per-pair ratios app/baseline measured in the same page; for #9 the ratio column is the number of long tasks.',
    ...(build.warning ? [`Warning: ${build.warning}.`] : []),
    ...(sourcesDirty()
      ? ['src/ had uncommitted changes: the build measured is not exactly the commit.']
      : [])
  ];
  if (options.only.length === 0) {
    await writeResults(benchDir, results, notes);
    console.log('\nWrote bench/results.json and bench/results.md');
  } else {
    console.log('\n--only was given: bench/results.json and results.md were left as they were');
  }
  console.log(`\n${markdownTable(results)}\n`);
  // The splits and notes results.md would carry, so a partial run can be read as closely.
  if (options.only.length > 0) for (const line of details(results)) console.log(`- ${line}`);
  for (const s of scenarios) if (s.reason) console.log(`#${s.id}: ${s.reason}`);
  console.log(`\nDone in ${minutes.toFixed(1)} min.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
