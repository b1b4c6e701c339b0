/**
 * Scenario 1 (import an MLflow mlruns/ tree through the folder picker, against the baseline
 * worker on the same files) and, from the same imports, scenario 3 (stored bytes per point).
 */
import { generateMlruns, type MlrunsInput } from '../generate/mlruns';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, round } from '../lib/stats';
import { baselineImport, importPairs, medianOf, type SideSample } from './import-common';

export interface MlrunsOutcome {
  import: ScenarioResult;
  storage: ScenarioResult;
  /** The app's samples, for the long-task scenario. */
  appSamples: SideSample[];
  baselineSamples: SideSample[];
  input: MlrunsInput;
}

const PAYLOAD_BYTES_PER_POINT = 16;

export async function benchMlruns(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<MlrunsOutcome> {
  const { runs, metrics, steps } = sizes.mlruns;
  console.log(
    `Scenario 1: generating mlruns/ (${runs} runs × ${metrics} metrics × ${steps} steps)…`
  );
  const input = generateMlruns(outDir, seed, sizes.mlruns);
  console.log(
    `  ${input.files} files, ${(input.bytes / 1e6).toFixed(1)} MB, ${input.points.toLocaleString('en')} points`
  );
  const { pairs, ratio, appMs, baselineMs } = await importPairs({
    label: 'mlruns',
    baseURL,
    outDir,
    pairs: sizes.pairs,
    appInput: 'import-folder-input',
    path: input.dir,
    runs: input.runs,
    what: 'mlruns/',
    baseline: (page) => baselineImport(page, 'bench-baseline-folder', input.dir)
  });
  const importResult: ScenarioResult = {
    id: 1,
    name: `import MLflow mlruns/ (${runs} runs × ${metrics} metrics × ${steps.toLocaleString('en')} steps)`,
    ratio: round(ratio),
    target: 1.5,
    status: statusOf(ratio, 1.5),
    absolute: {
      app_ms: Math.round(appMs),
      baseline_ms: Math.round(baselineMs),
      app_parse_ms: Math.round(medianOf(pairs.app, (s) => s.parse_ms)),
      app_write_ms: Math.round(medianOf(pairs.app, (s) => s.write_ms)),
      baseline_parse_ms: Math.round(medianOf(pairs.baseline, (s) => s.parse_ms)),
      baseline_write_ms: Math.round(medianOf(pairs.baseline, (s) => s.write_ms)),
      points: input.points,
      files: input.files,
      bytes: input.bytes,
      pairs: pairs.ratios.length,
      ratios: pairs.ratios.map((r) => round(r))
    },
    display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
  };

  // Storage: only a side that ran first wrote into an empty origin.
  const appFirst = pairs.app.filter((s) => s.first).map((s) => s.storage_bytes);
  const baseFirst = pairs.baseline.filter((s) => s.first).map((s) => s.storage_bytes);
  const appPerPoint = median(appFirst) / input.points;
  const basePerPoint = median(baseFirst) / input.points;
  const storageRatio = appPerPoint / PAYLOAD_BYTES_PER_POINT;
  const storage: ScenarioResult = {
    id: 3,
    name: 'stored bytes per point after scenario 1 (storage.estimate delta)',
    ratio: round(storageRatio),
    target: 1.25,
    status: statusOf(storageRatio, 1.25),
    absolute: {
      bytes_per_point: round(appPerPoint),
      payload_bytes_per_point: PAYLOAD_BYTES_PER_POINT,
      usage_delta_bytes: Math.round(median(appFirst)),
      baseline_bytes_per_point: Number.isFinite(basePerPoint) ? round(basePerPoint) : null,
      points: input.points
    },
    display: {
      app: `${appPerPoint.toFixed(1)} B/point`,
      baseline: `16 B/point (baseline store: ${Number.isFinite(basePerPoint) ? basePerPoint.toFixed(1) : '–'})`
    }
  };
  return {
    import: importResult,
    storage,
    appSamples: pairs.app,
    baselineSamples: pairs.baseline,
    input
  };
}
