/**
 * The per-file parts of MLflow's FileStore: metric history files and the one-file-per-key
 * folders of params and tags. Source: mlflow/store/tracking/file_store.py (3.x-era copy and a
 * 2.x copy, read for ../shared/FORMATS.md §1, 2026).
 */
import { parseNumberToken, type MetricSeries } from '../model';
import { ImportError } from './errors';
import type { FileTree } from './file-tree';

/**
 * Parses one `metrics/<key>` file: lines of `timestamp value [step [dataset_name dataset_digest]]`
 * (2, 3 or 5 fields), in logging order, steps unsorted and repeated as they were logged.
 */
export function parseMlflowMetricFile(file: string, key: string, text: string): MetricSeries {
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fields = line.split(' ');
    if (fields.length !== 2 && fields.length !== 3 && fields.length !== 5) {
      throw new ImportError(
        file,
        `line ${i + 1}: expected "timestamp value step", found ${JSON.stringify(line.slice(0, 80))}`
      );
    }
    const timestamp = parseNumberToken(fields[0]!);
    const value = parseNumberToken(fields[1]!);
    const step = fields.length === 2 ? 0 : parseNumberToken(fields[2]!);
    if (timestamp === undefined || !Number.isInteger(timestamp)) {
      throw new ImportError(
        file,
        `line ${i + 1}: timestamp ${JSON.stringify(fields[0])} is not a whole number of milliseconds`
      );
    }
    if (value === undefined) {
      throw new ImportError(
        file,
        `line ${i + 1}: value ${JSON.stringify(fields[1])} is not a number`
      );
    }
    if (step === undefined || !Number.isInteger(step)) {
      throw new ImportError(
        file,
        `line ${i + 1}: step ${JSON.stringify(fields[2])} is not a whole number`
      );
    }
    timestamps.push(timestamp);
    values.push(value);
    steps.push(step);
  }
  return {
    key,
    steps: Float64Array.from(steps),
    values: Float64Array.from(values),
    timestamps: Float64Array.from(timestamps)
  };
}

/**
 * Reads a one-file-per-key folder (`params/`, `tags/`): the key is the path below the folder
 * (a `/` in a key is a sub-folder), the value the file's text, verbatim (no trimming; CRLF kept).
 */
export async function readKeyValueFolder(
  tree: FileTree,
  dir: string
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const files = tree
    .under(dir)
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  for (const { relative, source } of files) {
    map.set(relative.normalize('NFC'), await source.text());
  }
  return map;
}

/** Every metric file of a run, keyed like MLflow keys them. */
export async function readMetricsFolder(tree: FileTree, dir: string): Promise<MetricSeries[]> {
  const out: MetricSeries[] = [];
  const files = tree
    .under(dir)
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  for (const { relative, source } of files) {
    out.push(parseMlflowMetricFile(source.path, relative.normalize('NFC'), await source.text()));
  }
  return out;
}

const STATUS_BY_NUMBER = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;

/** service.proto RunStatus: 1 RUNNING … 5 KILLED; names are accepted too; missing is RUNNING. */
export function mlflowRunStatus(value: string | null) {
  if (value === null || value.trim() === '') return 'RUNNING' as const;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 5)
    return STATUS_BY_NUMBER[n] as Exclude<(typeof STATUS_BY_NUMBER)[number], ''>;
  const name = value
    .trim()
    .toUpperCase()
    .replace(/^RUNSTATUS\./, '');
  if (
    name === 'RUNNING' ||
    name === 'SCHEDULED' ||
    name === 'FINISHED' ||
    name === 'FAILED' ||
    name === 'KILLED'
  )
    return name;
  return null;
}
