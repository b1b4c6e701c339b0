/**
 * Which files of a followed folder are read incrementally, and into which stored run and metric:
 * TensorBoard event files (the run of their run folder, `train/`-style split folders prefixed as
 * the importer does), MLflow `metrics/<key>` files (the run whose `meta.yaml` is above them) and
 * Lightning CSVLogger `metrics.csv` files. Found from the runs the last import stored (their
 * format and source path), so a file whose run was never stored is read again whole instead.
 */
import { nameOf, parentOf } from '../importers/file-tree';
import { LIGHTNING_CSV_ID } from '../importers/lightning-csv/importer';
import { MLFLOW_FILESTORE_ID } from '../importers/mlflow-filestore/mlflow-filestore';
import { TENSORBOARD_ID } from '../importers/tensorboard/importer';
import {
  SPLIT_FOLDERS,
  isEventFileName,
  keyPrefix,
  profilerOwner
} from '../importers/tensorboard/run-folders';

export type FileKind =
  | { kind: 'tfevents'; runKey: string; prefix: string }
  | { kind: 'mlflow-metric'; runKey: string; metric: string }
  | { kind: 'csv'; runKey: string }
  | { kind: 'other' };

/** What the store says of a run of the followed import: enough to find its files. */
export interface StoredRunSource {
  key: string;
  sourceFormat: string;
  sourceFile: string;
}

/** Stored runs by `format|source path`. */
export type RunsBySource = ReadonlyMap<string, string>;

export function runsBySource(runs: readonly StoredRunSource[]): RunsBySource {
  return new Map(runs.map((r) => [`${r.sourceFormat}|${r.sourceFile}`, r.key]));
}

/** The TensorBoard run folder an event file in `dir` is read into (a split folder's parent). */
function tensorboardRoot(dir: string): string {
  return SPLIT_FOLDERS.has(nameOf(dir)) && dir.includes('/') ? parentOf(dir) : dir;
}

/** How a file of the followed folder is read when it grows. */
export function kindOf(path: string, runs: RunsBySource): FileKind {
  const name = nameOf(path);
  if (isEventFileName(name) && profilerOwner(path) === null) {
    const dir = parentOf(path);
    const root = tensorboardRoot(dir);
    // A split folder with no run above it is a run of its own, as the importer reads it.
    for (const candidate of root === dir ? [dir] : [root, dir]) {
      const runKey = runs.get(`${TENSORBOARD_ID}|${candidate}`);
      if (runKey) return { kind: 'tfevents', runKey, prefix: keyPrefix(candidate, dir) };
    }
    return { kind: 'other' };
  }
  // `<run>/metrics/<key>`, where a key may hold `/` (a sub-folder): the run has a meta.yaml.
  for (let at = path.indexOf('/metrics/'); at >= 0; at = path.indexOf('/metrics/', at + 1)) {
    const runKey = runs.get(`${MLFLOW_FILESTORE_ID}|${path.slice(0, at)}/meta.yaml`);
    if (runKey) {
      return { kind: 'mlflow-metric', runKey, metric: path.slice(at + 9).normalize('NFC') };
    }
  }
  if (name === 'metrics.csv') {
    const runKey =
      runs.get(`${LIGHTNING_CSV_ID}|${parentOf(path)}`) ?? runs.get(`${LIGHTNING_CSV_ID}|${path}`);
    if (runKey) return { kind: 'csv', runKey };
  }
  return { kind: 'other' };
}
