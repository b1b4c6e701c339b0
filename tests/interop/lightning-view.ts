/**
 * What Lightning's own readers see in a logdir of CSVLogger folders (lightning_writer.py writes
 * it: `csv.DictReader` over each metrics.csv, `load_hparams_from_yaml` over each hparams.yaml),
 * and what Runlens should show for it (docs/lightning-keras.md): a run per folder whose
 * metrics.csv has a `step` column or per `version_<N>` folder with only an hparams.yaml, its id
 * the folder's path below the logdir, every filled cell a point at the row's step, nested
 * hparams joined with `/`, values as Python prints them.
 */
import type { ExpectedImport, ExpectedRun, JsonNumber } from './compare-summary';

export interface LightningFolderView {
  /** Below the logdir: `lightning_logs/version_3`, `version_0` (no experiment name), `default/baseline`. */
  path: string;
  header: string[] | null;
  /** Per column but `step`: [step, value] of every filled cell, in file order. */
  metrics: Record<string, [number, JsonNumber][]>;
  params: Record<string, string> | null;
}

export interface LightningView {
  folders: LightningFolderView[];
  /** What the writer did that the files do not show (a Trainer run, a tensor value, a prefix). */
  covers: string[];
}

const VERSION_FOLDER = /^version_\d+$/;

export const folderName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
export const parentPath = (path: string) =>
  path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';

/** Runlens's rule for which folders are runs. */
export function isRunFolder(f: LightningFolderView): boolean {
  if (f.header?.includes('step')) return true;
  return f.params !== null && VERSION_FOLDER.test(folderName(f.path));
}

export function expectFromLightning(view: LightningView): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const f of view.folders.filter(isRunFolder)) {
    const metrics: ExpectedRun['metrics'] = new Map();
    for (const [key, cells] of Object.entries(f.metrics)) {
      if (cells.length === 0) continue;
      metrics.set(key, {
        points: cells.map(([step, value]) => [step, NaN, value]),
        from: [`${f.path}/metrics.csv › ${key}`]
      });
    }
    runs.set(f.path, {
      id: f.path,
      sources: [f.path],
      metrics,
      params: new Map(Object.entries(f.params ?? {})),
      status: 'FINISHED',
      note: null,
      artifacts: 0,
      startTime: null,
      endTime: null
    });
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** What the written folders hold, plus what the writer says it did that files cannot show. */
export function lightningFeatures(view: LightningView): { runs: number; seen: Set<string> } {
  const seen = new Set(view.covers);
  const runFolders = view.folders.filter(isRunFolder);
  const versionsPer = new Map<string, number>();
  for (const f of runFolders) {
    const parent = parentPath(f.path);
    const name = folderName(f.path);
    if (VERSION_FOLDER.test(name)) versionsPer.set(parent, (versionsPer.get(parent) ?? 0) + 1);
    else seen.add('string-version');
    const experiment = folderName(parent);
    if (parent === '') seen.add('experiment:none');
    else if (experiment === 'lightning_logs' || experiment === 'default')
      seen.add('experiment:default');
    else seen.add('experiment:custom');
    if (f.header === null) seen.add('params-only');
    const header = f.header ?? [];
    if (header.some((h) => h.startsWith('lr-'))) seen.add('lr-monitor');
    if (header.some((h) => h.endsWith('_step') && header.includes(`${h.slice(0, -5)}_epoch`)))
      seen.add('step-and-epoch');
    const cells = Object.values(f.metrics).flat();
    if (cells.some(([, v]) => v === 'NaN')) seen.add('nan');
    if (cells.some(([, v]) => v === 'Infinity' || v === '-Infinity')) seen.add('nonfinite');
    if (Object.keys(f.params ?? {}).some((k) => k.includes('/'))) seen.add('nested-hparams');
  }
  if ([...versionsPer.values()].some((n) => n > 1)) seen.add('several-versions');
  return { runs: runFolders.length, seen };
}
