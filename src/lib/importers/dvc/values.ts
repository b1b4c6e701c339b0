/**
 * How DVC's nested params and metrics become Runlens keys and values. DVC flattens nested data with
 * `.` for display (dvc/utils/flatten.py); dvclive names metrics with `/` (`train/loss` is the file
 * `plots/metrics/train/loss.tsv` and the nested `{"train": {"loss": …}}` in metrics.json). So params
 * are joined with `.`, as `dvc exp run -S train.lr=0.1` names them, and metrics with `/`, so a run
 * read from `dvc exp show --json` and the same run read from its dvclive folder have the same keys.
 */
import { numberFromJson } from '../../model';
import { isJsonObject } from '../../model/json';
import { formatPythonNumber } from '../tensorboard/hparams';

/** A plain value as Python's str() shows it (DVC's table does): True, None, 1e-08, ['a', 1]. */
export function pythonText(value: unknown, nested = false): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatPythonNumber(value);
  if (typeof value === 'string') {
    return nested ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : value;
  }
  if (Array.isArray(value)) return `[${value.map((v) => pythonText(v, true)).join(', ')}]`;
  if (isJsonObject(value)) {
    const items = Object.entries(value).map(
      ([k, v]) => `${pythonText(k, true)}: ${pythonText(v, true)}`
    );
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/**
 * Leaves of nested objects under joined keys: `{"a": {"b": 1}}` → `a.b`. Lists are leaves (DVC
 * does not flatten them). An empty object is no leaf at all.
 */
export function flattenLeaves(
  value: unknown,
  separator: string,
  visit: (key: string, leaf: unknown) => void,
  prefix = ''
): void {
  if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      flattenLeaves(v, separator, visit, prefix === '' ? k : `${prefix}${separator}${k}`);
    }
  } else if (prefix !== '') visit(prefix.normalize('NFC'), value);
}

/** Params of one nested document, keys joined with `.`, values as Python shows them. */
export function paramsOf(doc: unknown, out: Map<string, string> = new Map()): Map<string, string> {
  flattenLeaves(doc, '.', (key, leaf) => out.set(key, pythonText(leaf)));
  return out;
}

/** Metrics of one nested summary, keys joined with `/`; values that are not numbers are listed. */
export function summaryMetricsOf(doc: unknown): {
  values: Map<string, number>;
  notNumbers: string[];
} {
  const values = new Map<string, number>();
  const notNumbers: string[] = [];
  flattenLeaves(doc, '/', (key, leaf) => {
    // Booleans are not metrics to chart; numberFromJson reads "nan"/"inf" as dvclive writes them.
    const n = typeof leaf === 'boolean' ? undefined : numberFromJson(leaf);
    if (n === undefined) notNumbers.push(key);
    else values.set(key, n);
  });
  return { values, notNumbers };
}

/** A short list of names for a message: `a, b, c and 4 more`. */
export function someNames(names: readonly string[], shown = 3): string {
  const quoted = names.slice(0, shown).map((n) => JSON.stringify(n));
  return names.length > shown
    ? `${quoted.join(', ')} and ${names.length - shown} more`
    : quoted.join(', ');
}
