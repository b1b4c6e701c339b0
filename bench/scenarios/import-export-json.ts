/**
 * Scenario 2: one big mlflow-export-import run.json through the file picker, against JSON.parse
 * of the same text plus the same chunk store. Whether the app reads this format at all is found
 * out by importing a small file of the same shape first: a rejected file makes it "not built".
 */
import { generateExportJson } from '../generate/export-json';
import { openApp, openSession } from '../lib/browser';
import type { Sizes } from '../lib/options';
import { formatMs, notBuilt, statusOf, type ScenarioResult } from '../lib/results';
import { round } from '../lib/stats';
import { appImport, baselineImport, importPairs, medianOf, type SideSample } from './import-common';

export interface ExportJsonOutcome {
  result: ScenarioResult;
  appSamples: SideSample[];
  baselineSamples: SideSample[];
}

const NAME = 'import a big mlflow-export-import run.json';
const TARGET = 1.5;

/** Imports a small file of the same shape; returns why the app refused it, or null. */
async function probe(baseURL: string, outDir: string, seed: number): Promise<string | null> {
  const small = generateExportJson(outDir, seed, 60_000);
  const session = await openSession(baseURL, outDir);
  try {
    await openApp(session.page);
    const { wait } = await appImport(session.page, 'import-input', small.file, 1);
    if (wait.state === 'done') return null;
    const why = wait.errors.join('; ') || `the import ended "${wait.state}"`;
    return `the app does not accept an mlflow-export-import run.json yet: ${why}`;
  } finally {
    await session.close();
  }
}

export async function benchExportJson(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ExportJsonOutcome> {
  const mb = Math.round(sizes.exportJsonBytes / 1e6);
  console.log(`Scenario 2: does the app read mlflow-export-import run.json?`);
  const refused = await probe(baseURL, outDir, seed);
  if (refused !== null) {
    console.log(`  not built: ${refused}`);
    return {
      result: notBuilt(2, `${NAME} (${mb} MB)`, TARGET, refused),
      appSamples: [],
      baselineSamples: []
    };
  }
  console.log(`  yes; generating a ${mb} MB run.json…`);
  const input = generateExportJson(outDir, seed, sizes.exportJsonBytes);
  const { pairs, ratio, appMs, baselineMs } = await importPairs({
    label: 'export-json',
    baseURL,
    outDir,
    pairs: sizes.pairs,
    appInput: 'import-input',
    path: input.file,
    runs: 1,
    what: 'run.json',
    baseline: (page) => baselineImport(page, 'bench-baseline-file', input.file)
  });
  return {
    result: {
      id: 2,
      name: `${NAME} (${(input.bytes / 1e6).toFixed(0)} MB)`,
      ratio: round(ratio),
      target: TARGET,
      status: statusOf(ratio, TARGET),
      absolute: {
        app_ms: Math.round(appMs),
        baseline_ms: Math.round(baselineMs),
        app_parse_ms: Math.round(medianOf(pairs.app, (s) => s.parse_ms)),
        app_write_ms: Math.round(medianOf(pairs.app, (s) => s.write_ms)),
        baseline_parse_ms: Math.round(medianOf(pairs.baseline, (s) => s.parse_ms)),
        baseline_write_ms: Math.round(medianOf(pairs.baseline, (s) => s.write_ms)),
        points: input.points,
        bytes: input.bytes,
        pairs: pairs.ratios.length,
        ratios: pairs.ratios.map((r) => round(r))
      },
      display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
    },
    appSamples: pairs.app,
    baselineSamples: pairs.baseline
  };
}
