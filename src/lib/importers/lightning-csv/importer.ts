/**
 * PyTorch Lightning's CSVLogger (lightning/pytorch/loggers/csv_logs.py, 1.x and 2.x, read 2026):
 * `<save_dir>/<name>/version_<N>/metrics.csv` and `hparams.yaml`. A folder holding a
 * `metrics.csv` with a `step` column is a run, as is a `version_<N>` folder holding only
 * `hparams.yaml` (a run that stopped before logging; params only). The experiment is the folder
 * the run sits in (`lightning_logs`, `default` or the logger's name), the run is named after its
 * folder (`version_3`), and its id is its path below the dropped folder, as TensorBoard runs are
 * named, so two `version_3` of different experiments stay apart. A `metrics.csv` dropped on its
 * own (or renamed) is read by the file importer below.
 */
import { parseDocument } from 'yaml';
import type { Experiment, ImportedBatch, MetricSeries, Run } from '../../model';
import { ImportCancelled, toFileError, type FileError } from '../errors';
import { joinPath, nameOf, type FileTree } from '../file-tree';
import type {
  FolderClaim,
  FolderImporter,
  FolderResult,
  ImportContext,
  Importer
} from '../importer';
import { csvHeader } from '../readers/csv';
import type { ImportSource } from '../source';
import { paramsFromHparamsYaml } from '../tensorboard/hparams-yaml';
import { isEventFileName, nameRunFolder } from '../tensorboard/run-folders';
import { STEP_COLUMN, hasStepColumn, readLightningMetrics } from './metrics-csv';

export const LIGHTNING_CSV_ID = 'lightning-csv';

const METRICS = 'metrics.csv';
const HPARAMS = 'hparams.yaml';
const VERSION_FOLDER = /^version_\d+$/;

/** Paths in natural order, so `version_9` comes before `version_10` and `version_100`. */
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * One claim per run folder. An `hparams.yaml` beside TensorBoard event files is TensorBoard's
 * (its folder importer comes first and reads it), so such a folder gives only its metrics.csv.
 */
async function claimVersionFolders(tree: FileTree): Promise<FolderClaim[]> {
  const dirs = new Set([...tree.foldersWithFile(METRICS), ...tree.foldersWithFile(HPARAMS)]);
  const claims: FolderClaim[] = [];
  for (const dir of [...dirs].sort(naturalOrder)) {
    // Files dropped on their own are the file importer's (or the recognisers').
    if (dir === '') continue;
    const metrics = tree.get(joinPath(dir, METRICS));
    const logged = metrics !== undefined && hasStepColumn(await metrics.headText());
    const hparams = tree.get(joinPath(dir, HPARAMS));
    const tensorboard = tree.files(dir).some(isEventFileName);
    const files: ImportSource[] = [];
    if (logged) files.push(metrics);
    if (hparams && !tensorboard && (logged || VERSION_FOLDER.test(nameOf(dir))))
      files.push(hparams);
    if (files.length > 0) claims.push({ root: dir, files });
  }
  return claims;
}

/**
 * Do the aliases of this YAML expand past the yaml package's limit? Flattening follows aliases,
 * so a few nested ones (`b: {p: *a, q: *a}`, `c: {p: *b, q: *b}`, …) would give 2^n params. The
 * package's own check is used; the file is small, so parsing it twice costs little.
 */
function expandsTooFar(text: string): boolean {
  try {
    parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true }).toJS({
      maxAliasCount: 100
    });
    return false;
  } catch (error) {
    return error instanceof ReferenceError;
  }
}

/**
 * The params of an hparams.yaml. Lightning dumps it with PyYAML's unsafe dumper, so a value may be
 * a Python object (`!!python/object/apply:numpy…`); it is never rebuilt, its YAML text is kept.
 */
async function readHparams(file: ImportSource, ctx: ImportContext): Promise<Map<string, string>> {
  const text = await file.text();
  if (text.trim() === '') return new Map();
  if (expandsTooFar(text)) {
    const message =
      'its YAML aliases expand too far (a resource exhaustion attack?); params left out';
    ctx.warn({ file: file.path, message });
    return new Map();
  }
  const params = paramsFromHparamsYaml(text);
  if (params === null) {
    ctx.warn({ file: file.path, message: 'is not a YAML map of params; left out' });
    return new Map();
  }
  const objects = [...params].filter(([, v]) => v.startsWith('!!')).map(([k]) => k);
  if (objects.length > 0) {
    const names = objects.map((k) => JSON.stringify(k)).join(', ');
    const message = `${names} ${objects.length === 1 ? 'holds a Python object' : 'hold Python objects'} that only an unsafe YAML loader rebuilds; the YAML text is kept as the value`;
    ctx.warn({ file: file.path, message });
  }
  return params;
}

function makeRun(
  id: string,
  name: string,
  experimentId: string,
  file: string,
  params: Map<string, string>,
  metrics: MetricSeries[]
): Run {
  return {
    id,
    experimentId,
    name,
    // The CSVLogger records neither times nor how the run ended.
    status: 'FINISHED',
    startTime: null,
    endTime: null,
    deleted: false,
    parentId: null,
    params,
    tags: new Map(),
    metrics,
    artifacts: [],
    source: { format: LIGHTNING_CSV_ID, file }
  };
}

function experimentOf(id: string, name: string): Experiment {
  return { id, name, deleted: false, tags: new Map() };
}

async function parseVersionFolder(
  claim: FolderClaim,
  _tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const empty: FolderResult = { batch: { experiments: [], runs: [] }, problems: [] };
  const metricsFile = claim.files.find((f) => nameOf(f.path) === METRICS);
  const hparamsFile = claim.files.find((f) => nameOf(f.path) === HPARAMS);
  if (!metricsFile && !hparamsFile) return empty;
  const problems: FileError[] = [];
  let metrics: MetricSeries[] = [];
  if (metricsFile) {
    try {
      metrics = readLightningMetrics(metricsFile.path, await metricsFile.text(), ctx);
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      // The run's curves are what it is for: without them it is left out, named in the report.
      return { ...empty, problems: [toFileError(metricsFile.path, error)] };
    }
  }
  const params = hparamsFile ? await readHparams(hparamsFile, ctx) : new Map<string, string>();
  const naming = nameRunFolder(claim.root);
  // A version folder dropped on its own is run "." (as in TensorBoard): its name is the dropped
  // folder's, which a rename changes, so it is not taken as the run's name either.
  const name = naming.runId === '.' ? '.' : nameOf(claim.root);
  const run = makeRun(naming.runId, name, naming.experimentId, claim.root, params, metrics);
  return {
    batch: {
      experiments: [experimentOf(naming.experimentId, naming.experimentName)],
      runs: [run]
    },
    problems
  };
}

/** Lightning CSVLogger version folders (`lightning_logs/version_3/`). */
export const lightningCsvFolderImporter: FolderImporter = {
  id: LIGHTNING_CSV_ID,
  label: 'Lightning CSVLogger folders',
  claim: claimVersionFolders,
  parseFolder: parseVersionFolder
};

/**
 * A Lightning metrics.csv on its own (dropped alone, or renamed): run "." of an experiment named
 * after the file, as a lone TensorBoard event file is. Known by its `step` and `epoch` columns;
 * a `step` column alone says less (dvclive and others write one), so it needs the usual name.
 */
export const lightningCsvFileImporter: Importer = {
  id: LIGHTNING_CSV_ID,
  label: 'Lightning metrics.csv files',
  extensions: ['.csv'],
  async sniff(source) {
    const header = csvHeader(await source.headText());
    if (!header.includes(STEP_COLUMN)) return null;
    if (header.includes('epoch')) return 0.6;
    return source.baseName === METRICS ? 0.4 : null;
  },
  async parse(source, ctx): Promise<ImportedBatch> {
    const metrics = readLightningMetrics(source.path, await source.text(), ctx);
    return {
      experiments: [experimentOf(source.path, nameOf(source.path))],
      runs: [makeRun('.', '.', source.path, source.path, new Map(), metrics)]
    };
  }
};
