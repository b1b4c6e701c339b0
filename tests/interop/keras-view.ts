/**
 * What Python's csv module reads in Keras 3 CSVLogger files (keras_writer.py writes it, with the
 * separator each header uses), and what Runlens should show for it (docs/lightning-keras.md):
 * a run per file named after it, in an experiment that is its folder; every column but `epoch` a
 * metric on the epoch, `NA` (a key not logged that epoch) no point.
 */
import type { ExpectedImport, ExpectedRun, JsonNumber } from './compare-summary';

export interface KerasFileView {
  /** Below the logdir: `project_03/training.log`. */
  path: string;
  separator: string;
  header: string[];
  /** The epoch of every row, in file order (append=True may start again from 0). */
  epochs: number[];
  /** Per column but `epoch`: [epoch, value] of every cell that is not `NA`. */
  metrics: Record<string, [number, JsonNumber][]>;
}

export interface KerasView {
  files: KerasFileView[];
  covers: string[];
}

const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
export const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The run's key in the comparison: its experiment id (the folder, as dropped) and its id. */
export function runKey(logdirName: string, path: string): string {
  return `${logdirName}/${folderOf(path)}/${fileName(path)}`;
}

export function expectFromKeras(view: KerasView, logdirName: string): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const f of view.files) {
    const metrics: ExpectedRun['metrics'] = new Map();
    for (const [key, cells] of Object.entries(f.metrics)) {
      if (cells.length === 0) continue;
      metrics.set(key, {
        points: cells.map(([epoch, value]) => [epoch, NaN, value]),
        from: [`${f.path} › ${key}`]
      });
    }
    const id = runKey(logdirName, f.path);
    runs.set(id, {
      id,
      sources: [f.path],
      metrics,
      params: new Map(),
      status: 'FINISHED',
      note: null,
      artifacts: 0,
      startTime: null,
      endTime: null
    });
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** What the files hold, plus what the writer says it did that files cannot show. */
export function kerasFeatures(view: KerasView): { runs: number; seen: Set<string> } {
  const seen = new Set(view.covers);
  for (const f of view.files) {
    const cells = Object.values(f.metrics).flat();
    if (cells.some(([, v]) => v === 'NaN')) seen.add('nan-cell');
    if (f.epochs.some((e, i) => i > 0 && e <= f.epochs[i - 1]!)) seen.add('epochs-restart');
    if (f.header.includes('learning_rate')) seen.add('learning-rate-column');
    const rows = f.epochs.length;
    if (Object.entries(f.metrics).some(([k, c]) => k.startsWith('val_') && c.length < rows))
      seen.add('NA');
  }
  return { runs: view.files.length, seen };
}
