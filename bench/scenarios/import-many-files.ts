/**
 * Scenario 20 (issue 19 item 5): an mlruns/ tree of many small files, 400 runs of one
 * 10-step metric, five params and three tags each (4,001 files, ~160 KB), picked with the folder
 * picker against the baseline worker reading the same files. Scenario 1's tree is 1,901 files of
 * ~200 KB; here the bytes are negligible, so what is timed is the cost of each file: the
 * browser's read of a File, the importer's walk, a run's rows.
 */
import { generateMlruns } from '../generate/mlruns';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { round } from '../lib/stats';
import { baselineImport, importPairs } from './import-common';

export const MANY_FILES_NAME = 'import an mlruns/ of many small files';
export const MANY_FILES_TARGET = 1.5;

export async function benchManyFiles(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ScenarioResult> {
  const shape = sizes.manyFiles;
  const input = generateMlruns(outDir, seed, shape);
  console.log(
    `Scenario 20: mlruns/ of ${shape.runs} runs × ${shape.metrics} metric × ${shape.steps} steps: ${input.files.toLocaleString('en')} files, ${(input.bytes / 1e3).toFixed(0)} KB`
  );
  const { pairs, ratio, appMs, baselineMs } = await importPairs({
    label: 'many-files',
    baseURL,
    outDir,
    pairs: sizes.pairs,
    appInput: 'import-folder-input',
    path: input.dir,
    runs: input.runs,
    what: 'the tree',
    baseline: (page) => baselineImport(page, 'bench-baseline-folder', input.dir)
  });
  return {
    id: 20,
    name: `${MANY_FILES_NAME} (${input.files.toLocaleString('en')} files)`,
    ratio: round(ratio),
    target: MANY_FILES_TARGET,
    status: statusOf(ratio, MANY_FILES_TARGET),
    absolute: {
      app_ms: Math.round(appMs),
      baseline_ms: Math.round(baselineMs),
      app_ms_per_file: round(appMs / input.files, 3),
      baseline_ms_per_file: round(baselineMs / input.files, 3),
      files: input.files,
      bytes: input.bytes,
      runs: input.runs,
      pairs: pairs.ratios.length,
      ratios: pairs.ratios.map((r) => round(r))
    },
    display: {
      app: `${formatMs(appMs)} (${(appMs / input.files).toFixed(2)} ms/file)`,
      baseline: `${formatMs(baselineMs)} (${(baselineMs / input.files).toFixed(2)} ms/file)`
    }
  };
}
