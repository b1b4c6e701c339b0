/**
 * dvclive output folders as runs (layouts in ./live-folders.ts). One folder is one run: its
 * histories are the metrics, its summary adds the metrics that have no history (logged with
 * `plot=False`, or by `Live.summary` directly) as one point at the summary's `step`, and its
 * params.yaml (or the project's) gives the params. Runs are named as TensorBoard runs are: the
 * folder's path below what was dropped (`.` for the dropped folder itself) in an experiment named
 * after the folder holding it. dvclive records no status, so every run is FINISHED; start and end
 * are the first and last history timestamp when there are any.
 */
import type { MetricSeries, Run } from '../../model';
import { parseTolerantJson } from '../readers/tolerant-json';
import { isJsonObject } from '../../model/json';
import { ImportError, toFileError, type FileError } from '../errors';
import type { FileTree } from '../file-tree';
import { readFolderArtifacts } from '../folder-artifacts';
import type { FolderClaim, FolderImporter, FolderResult, ImportContext } from '../importer';
import type { ImportSource } from '../source';
import { readHistoryTsv } from './history-tsv';
import { findLiveFolders, type LiveFolder } from './live-folders';
import { readParamsYaml } from './params-yaml';
import { someNames, summaryMetricsOf } from './values';

export const DVCLIVE_ID = 'dvclive';

/** Files in a dvclive folder that are neither read nor artifacts, and why. */
function skipReason(relative: string): string | null {
  if (relative === 'dvc.yaml') return 'dvclive DVC config: lists files that are read on their own';
  if (relative === 'report.html' || relative === 'report.md') {
    return 'dvclive report: a rendering of the metrics that are read';
  }
  if (/^plots\/(sklearn|custom)\//.test(relative)) return 'dvclive plot data: not shown yet';
  return null;
}

interface Reading {
  live: LiveFolder;
  ctx: ImportContext;
  problems: FileError[];
}

/** Runs `read`, turning a broken file into a problem so the rest of the run still imports. */
async function tolerate<T>(r: Reading, file: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    r.problems.push(toFileError(file, error));
    return null;
  }
}

async function readHistories(r: Reading): Promise<MetricSeries[]> {
  const out: MetricSeries[] = [];
  for (const source of r.live.files) {
    const root = r.live.historyRoots.find((h) => source.path.startsWith(`${h}/`));
    if (!root || !source.path.toLowerCase().endsWith('.tsv')) continue;
    r.ctx.checkCancelled();
    const key = source.path.slice(root.length + 1, -'.tsv'.length).normalize('NFC');
    const history = await tolerate(r, source.path, async () =>
      readHistoryTsv(source.path, await source.text(), key)
    );
    if (!history) continue;
    if (history.textRows > 0) {
      r.ctx.warn({
        file: source.path,
        message: `${history.textRows} row(s) hold text instead of a number; left out`
      });
    }
    out.push(history.series);
    r.ctx.reportPoints(out.reduce((n, s) => n + s.values.length, 0));
  }
  return out;
}

/** The summary's metrics that have no history, as one point each at the summary's step. */
async function summaryOnly(r: Reading, source: ImportSource, have: Set<string>) {
  let doc: unknown;
  try {
    doc = parseTolerantJson(await source.text());
  } catch (error) {
    throw new ImportError(source.path, `is not valid JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(doc)) throw new ImportError(source.path, 'is not a JSON object of metrics');
  const { step, ...rest } = doc;
  const at = typeof step === 'number' && Number.isFinite(step) ? step : 0;
  const { values, notNumbers } = summaryMetricsOf(rest);
  const missing = notNumbers.filter((k) => !have.has(k));
  if (missing.length > 0) {
    r.ctx.warn({ file: source.path, message: `not numbers, left out: ${someNames(missing)}` });
  }
  const out: MetricSeries[] = [];
  for (const [key, value] of values) {
    if (have.has(key)) continue;
    out.push({
      key,
      steps: Float64Array.of(at),
      values: Float64Array.of(value),
      timestamps: Float64Array.of(NaN)
    });
  }
  return out;
}

function timeRange(metrics: readonly MetricSeries[]): { start: number | null; end: number | null } {
  let start = Infinity;
  let end = -Infinity;
  for (const m of metrics) {
    for (const t of m.timestamps) {
      if (Number.isNaN(t)) continue;
      if (t < start) start = t;
      if (t > end) end = t;
    }
  }
  return Number.isFinite(start) ? { start, end } : { start: null, end: null };
}

/** How a run is named: its path below what was dropped, in the folder that holds it. */
function naming(dir: string) {
  const slash = dir.indexOf('/');
  if (slash < 0) return { runId: '.', experimentId: dir, experimentName: dir };
  const experimentId = dir.slice(0, dir.lastIndexOf('/'));
  const experimentName = experimentId.slice(experimentId.lastIndexOf('/') + 1);
  return { runId: dir.slice(slash + 1), experimentId, experimentName };
}

async function readLiveFolder(
  live: LiveFolder,
  tree: FileTree,
  ctx: ImportContext,
  problems: FileError[]
) {
  const r: Reading = { live, ctx, problems };
  const metrics = await readHistories(r);
  const have = new Set(metrics.map((m) => m.key));
  const summary = live.summary;
  if (summary) {
    const extra = await tolerate(r, summary.path, () => summaryOnly(r, summary, have));
    if (extra) metrics.push(...extra);
  }
  const paramsFile = live.params;
  const params = paramsFile
    ? ((await tolerate(r, paramsFile.path, async () =>
        readParamsYaml(paramsFile.path, await paramsFile.text())
      )) ?? new Map<string, string>())
    : new Map<string, string>();
  const read = new Set([summary, paramsFile].filter((s) => s !== null).map((s) => s.path));
  for (const s of live.pipeline) ctx.skip(s.path, 'DVC pipeline file: not run data');
  const isHistory = (relative: string) =>
    live.historyRoots.some((h) => `${live.dir}/${relative}`.startsWith(`${h}/`)) &&
    relative.toLowerCase().endsWith('.tsv');
  const owned = new Set(live.files.map((s) => s.path));
  const artifacts = await readFolderArtifacts(tree, live.dir, (relative) => {
    const path = `${live.dir}/${relative}`;
    if (!owned.has(path) || isHistory(relative) || read.has(path)) return true;
    const reason = skipReason(relative);
    if (reason) ctx.skip(path, reason);
    return reason !== null;
  });
  const { runId, experimentId, experimentName } = naming(live.dir);
  const { start, end } = timeRange(metrics);
  const run: Run = {
    id: runId,
    experimentId,
    name: runId,
    status: 'FINISHED',
    startTime: start,
    endTime: end,
    deleted: false,
    parentId: null,
    params,
    tags: new Map([['dvclive.layout', live.generation]]),
    metrics: metrics.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    artifacts,
    source: { format: DVCLIVE_ID, file: live.dir }
  };
  return {
    run,
    experiment: { id: experimentId, name: experimentName, deleted: false, tags: new Map() }
  };
}

async function claimLiveFolders(tree: FileTree): Promise<FolderClaim[]> {
  const found = await findLiveFolders(tree.under('').map((f) => f.source));
  return found.map((live) => ({ root: live.root, files: live.files }));
}

async function parseLiveClaim(
  claim: FolderClaim,
  tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const problems: FileError[] = [];
  const batch: FolderResult['batch'] = { experiments: [], runs: [] };
  for (const live of await findLiveFolders(claim.files)) {
    ctx.checkCancelled();
    const { run, experiment } = await readLiveFolder(live, tree, ctx, problems);
    batch.runs.push(run);
    if (!batch.experiments.some((e) => e.id === experiment.id)) batch.experiments.push(experiment);
  }
  return { batch, problems };
}

export const dvcliveImporter: FolderImporter = {
  id: DVCLIVE_ID,
  label: 'dvclive folders',
  claim: claimLiveFolders,
  parseFolder: parseLiveClaim
};
