/**
 * The per-file parts of MLflow's FileStore: metric history files and the one-file-per-key
 * folders of params and tags. Source: mlflow/store/tracking/file_store.py (3.x-era copy and a
 * 2.x copy, read for ../shared/FORMATS.md §1, 2026).
 */
import { parseNumberToken, type MetricSeries } from '../../model';
import { ImportError } from '../errors';
import type { FileTree } from '../file-tree';

/**
 * Parses one `metrics/<key>` file: lines of `timestamp value [step [dataset_name dataset_digest]]`
 * (2, 3 or 5 fields), in logging order, steps unsorted and repeated as they were logged.
 */
export function parseMlflowMetricFile(file: string, key: string, text: string): MetricSeries {
  // One pass with indexOf rather than split(): metric files of 10,000 lines are the bulk of an
  // mlruns import. Arrays are sized by the line count and trimmed at the end.
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  const steps = new Float64Array(lines);
  const values = new Float64Array(lines);
  const timestamps = new Float64Array(lines);
  let n = 0;
  let lineNo = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    // Fields are separated by single spaces (MLflow splits on " "): find them without split().
    const s1 = line.indexOf(' ');
    const s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
    const s3 = s2 < 0 ? -1 : line.indexOf(' ', s2 + 1);
    const s4 = s3 < 0 ? -1 : line.indexOf(' ', s3 + 1);
    const count =
      s1 < 0 ? 1 : s2 < 0 ? 2 : s3 < 0 ? 3 : s4 < 0 ? 4 : line.indexOf(' ', s4 + 1) < 0 ? 5 : 6;
    if (count !== 2 && count !== 3 && count !== 5) {
      throw new ImportError(
        file,
        `line ${lineNo}: expected "timestamp value step", found ${JSON.stringify(line.slice(0, 80))}`
      );
    }
    const fields = [
      line.slice(0, s1),
      line.slice(s1 + 1, s2 < 0 ? line.length : s2),
      count === 2 ? '0' : line.slice(s2 + 1, s3 < 0 ? line.length : s3)
    ];
    const timestamp = parseNumberToken(fields[0]!);
    const value = parseNumberToken(fields[1]!);
    const step = parseNumberToken(fields[2]!);
    if (timestamp === undefined || !Number.isInteger(timestamp)) {
      throw new ImportError(
        file,
        `line ${lineNo}: timestamp ${JSON.stringify(fields[0])} is not a whole number of milliseconds`
      );
    }
    if (value === undefined) {
      throw new ImportError(
        file,
        `line ${lineNo}: value ${JSON.stringify(fields[1])} is not a number`
      );
    }
    if (step === undefined || !Number.isInteger(step)) {
      throw new ImportError(
        file,
        `line ${lineNo}: step ${JSON.stringify(fields[2])} is not a whole number`
      );
    }
    timestamps[n] = timestamp;
    values[n] = value;
    steps[n] = step;
    n++;
  }
  return {
    key,
    steps: n === lines ? steps : steps.slice(0, n),
    values: n === lines ? values : values.slice(0, n),
    timestamps: n === lines ? timestamps : timestamps.slice(0, n)
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
