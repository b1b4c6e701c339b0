/**
 * TensorBoard.dev exports (`tensorboard dev export --outdir DIR`; the service shut down on
 * 2024-01-01, so these folders are all that is left of the experiments people shared there).
 * Source: tensorboard/uploader/exporter.py (read 2026-11). Each experiment is a folder
 * `experiment_<id>/` holding `metadata.json` ({name, description, create_time, update_time}),
 * `scalars.json` (JSON Lines, one time series per line: {run, tag, summary_metadata (base64),
 * points: {steps, wall_times (seconds), values}}), `tensors.json` and `blob_sequences.json`
 * (same lines, pointing to .npz files under tensors/ and blobs under blobs/).
 * Runs are named as TensorBoard named them; `x/train` and `x/validation` are read into run `x`
 * with prefixed keys, as for event-file folders. Tensors and blobs are counted, not imported.
 */
import {
  numberFromJson,
  type Experiment,
  type ImportedBatch,
  type MetricSeries,
  type Run
} from '../../model';
import { isJsonObject, type JsonObject } from '../../model/json';
import { ImportError, toFileError, type FileError } from '../errors';
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type {
  FolderClaim,
  FolderImporter,
  FolderResult,
  ImportContext,
  Importer
} from '../importer';
import type { ImportSource } from '../source';
import { parseTolerantJson } from '../readers/tolerant-json';
import { splitRunName } from './run-folders';

export const TENSORBOARD_DEV_ID = 'tensorboard-dev';

const SCALARS = 'scalars.json';
const UNREAD_REASON = 'TensorBoard.dev tensors and blobs: not supported yet';

/** A line of scalars.json as the exporter writes it. */
interface SeriesLine {
  run: string;
  tag: string;
  points: { steps: unknown[]; values: unknown[]; wall_times: unknown[] };
}

function isSeriesLine(v: unknown): v is SeriesLine {
  if (!isJsonObject(v) || typeof v.run !== 'string' || typeof v.tag !== 'string') return false;
  const p = v.points;
  return (
    isJsonObject(p) &&
    Array.isArray(p.steps) &&
    Array.isArray(p.values) &&
    Array.isArray(p.wall_times)
  );
}

/** Does the text start with a line of scalars.json (the head may end mid-line)? */
function startsWithSeriesLine(head: string): boolean {
  const first = head.slice(0, head.indexOf('\n') >>> 0).trim();
  if (!first.startsWith('{')) return false;
  try {
    return isSeriesLine(parseTolerantJson(first));
  } catch {
    return false;
  }
}

interface RunPoints {
  series: Map<string, { steps: number[]; values: number[]; times: number[] }>;
}

/** Reads scalars.json into points per run (split folders merged) and metric key. */
function readScalars(text: string, file: string, ctx: ImportContext): Map<string, RunPoints> {
  const runs = new Map<string, RunPoints>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (i % 256 === 0) ctx.checkCancelled();
    let parsed: unknown;
    try {
      parsed = parseTolerantJson(line);
    } catch (e) {
      throw new ImportError(
        file,
        `line ${i + 1}: not valid JSON (${e instanceof Error ? e.message : String(e)})`
      );
    }
    if (!isSeriesLine(parsed)) {
      throw new ImportError(
        file,
        `line ${i + 1}: not a series of the export ({run, tag, points: {steps, wall_times, values}})`
      );
    }
    const { steps, values, wall_times: walls } = parsed.points;
    if (steps.length !== values.length || walls.length !== values.length) {
      throw new ImportError(
        file,
        `line ${i + 1}: ${steps.length} steps, ${walls.length} wall times and ${values.length} values`
      );
    }
    const { run, prefix } = splitRunName(parsed.run);
    let target = runs.get(run);
    if (!target) runs.set(run, (target = { series: new Map() }));
    const key = `${prefix}${parsed.tag}`.normalize('NFC');
    let series = target.series.get(key);
    if (!series) target.series.set(key, (series = { steps: [], values: [], times: [] }));
    for (let k = 0; k < values.length; k++) {
      const step = numberFromJson(steps[k]);
      const value = numberFromJson(values[k]);
      const wall = numberFromJson(walls[k]);
      if (step === undefined || value === undefined || wall === undefined) {
        throw new ImportError(file, `line ${i + 1}: point ${k} is not numbers`);
      }
      series.steps.push(step);
      series.values.push(value);
      series.times.push(wall * 1000);
    }
  }
  return runs;
}

function toRun(id: string, points: RunPoints, experimentId: string, file: string): Run {
  const metrics: MetricSeries[] = [];
  let start = Infinity;
  let end = -Infinity;
  for (const [key, s] of points.series) {
    for (const t of s.times) {
      if (t < start) start = t;
      if (t > end) end = t;
    }
    metrics.push({
      key,
      steps: Float64Array.from(s.steps),
      values: Float64Array.from(s.values),
      timestamps: Float64Array.from(s.times)
    });
  }
  const time = (t: number) => (Number.isFinite(t) ? Math.round(t) : null);
  return {
    id,
    experimentId,
    name: id,
    status: 'FINISHED',
    startTime: time(start),
    endTime: time(end),
    deleted: false,
    parentId: null,
    params: new Map(),
    tags: new Map(),
    metrics,
    artifacts: [],
    source: { format: TENSORBOARD_DEV_ID, file }
  };
}

/** The experiment of an export folder: metadata.json's name and description when it has them. */
function experimentOf(id: string, fallbackName: string, metadata: JsonObject | null): Experiment {
  const tags = new Map<string, string>();
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
  const description = text(metadata?.description);
  if (description) tags.set('mlflow.note.content', description);
  for (const k of ['create_time', 'update_time']) {
    const v = text(metadata?.[k]);
    if (v) tags.set(`tensorboard.dev.${k}`, v);
  }
  return { id, name: text(metadata?.name) ?? fallbackName, deleted: false, tags };
}

function batchOf(
  scalars: ImportSource,
  text: string,
  experiment: Experiment,
  ctx: ImportContext
): ImportedBatch {
  const runs = [...readScalars(text, scalars.path, ctx)].map(([id, points]) =>
    toRun(id, points, experiment.id, scalars.path)
  );
  ctx.reportPoints(
    runs.reduce((n, r) => n + r.metrics.reduce((m, s) => m + s.values.length, 0), 0)
  );
  return { experiments: [experiment], runs };
}

/** Export folders: a folder holding a scalars.json whose first line is a series of the export. */
async function claimExportFolders(tree: FileTree): Promise<FolderClaim[]> {
  const claims: FolderClaim[] = [];
  for (const dir of tree.foldersWithFile(SCALARS)) {
    if (dir === '') continue;
    if (!startsWithSeriesLine(await tree.get(joinPath(dir, SCALARS))!.headText())) continue;
    claims.push({ root: dir, files: tree.under(dir).map((f) => f.source) });
  }
  return claims;
}

async function readMetadata(tree: FileTree, dir: string, ctx: ImportContext) {
  const source = tree.get(joinPath(dir, 'metadata.json'));
  if (!source) return null;
  try {
    const doc = parseTolerantJson(await source.text());
    if (isJsonObject(doc)) return doc;
  } catch {
    // reported below
  }
  ctx.warn({
    file: source.path,
    message: 'is not a JSON object; the experiment is named after its folder'
  });
  return null;
}

async function parseExportFolder(
  claim: FolderClaim,
  tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const problems: FileError[] = [];
  const scalarsPath = joinPath(claim.root, SCALARS);
  const scalars = tree.get(scalarsPath)!;
  for (const f of claim.files) {
    const relative = f.path.slice(claim.root.length + 1);
    if (/^(tensors|blobs)\//.test(relative)) ctx.skip(f.path, UNREAD_REASON);
  }
  const folder = nameOf(claim.root);
  const experiment = experimentOf(
    claim.root,
    folder.replace(/^experiment_/, '') || folder,
    await readMetadata(tree, claim.root, ctx)
  );
  for (const name of ['tensors.json', 'blob_sequences.json']) {
    const source = tree.get(joinPath(claim.root, name));
    if (!source || source.file.size === 0) continue;
    const series = (await source.text()).split('\n').filter((l) => l.trim() !== '').length;
    ctx.warn({
      file: source.path,
      message: `${series} ${name === 'tensors.json' ? 'tensor' : 'blob'} series not shown: only scalars are read from TensorBoard.dev exports`
    });
  }
  try {
    return { batch: batchOf(scalars, await scalars.text(), experiment, ctx), problems };
  } catch (error) {
    problems.push(toFileError(scalarsPath, error));
    return { batch: { experiments: [], runs: [] }, problems };
  }
}

/** An export folder (`experiment_<id>/`), named after metadata.json. */
export const tensorboardDevFolderImporter: FolderImporter = {
  id: TENSORBOARD_DEV_ID,
  label: 'TensorBoard.dev export folders',
  claim: claimExportFolders,
  parseFolder: parseExportFolder
};

/** A scalars.json dropped on its own: its experiment is named after its folder, or itself. */
export const tensorboardDevFileImporter: Importer = {
  id: TENSORBOARD_DEV_ID,
  label: 'TensorBoard.dev scalars.json',
  extensions: ['json'],
  async sniff(source) {
    return startsWithSeriesLine(await source.headText()) ? 0.95 : null;
  },
  async parse(source, ctx) {
    const dir = parentOf(source.path);
    const id = dir === '' ? source.path : dir;
    return batchOf(source, await source.text(), experimentOf(id, nameOf(id), null), ctx);
  }
};
