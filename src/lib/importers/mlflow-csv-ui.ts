/**
 * Reading the MLflow UI's "Download CSV" cells (the second dialect of mlflow-csv.ts): its start
 * times in whatever locale wrote them, its rounded durations, and which of its unprefixed
 * columns are params, metrics or tags.
 */
import { parseIsoTime, parseNumberToken, utcMilliseconds } from '../model';

const DAY_FIRST = /^(\d{1,2})([-.])(\d{1,2})\2(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The UI writes the start time in the browser's local time zone without saying which
 * (`2021-12-07 15:43:42`); it is read as if it were UTC. Files re-saved by a spreadsheet carry the
 * spreadsheet's locale instead: `04-08-2024 14:28` is day-month-year (checked against the FileStore
 * copy of the same runs: 4 August 2024, written at UTC+05:30), as is `04.08.2024`. With slashes the
 * order is decided per file: a first number above 12 means day first, a second above 12 month first;
 * when nothing decides it, month first (the en-US default that writes slashes).
 */
export function parseUiStart(text: string, dayFirstSlashes: boolean): number | undefined {
  const iso = parseIsoTime(text);
  if (iso !== undefined) return iso;
  let m = DAY_FIRST.exec(text);
  if (m) return utcMilliseconds(+m[4]!, +m[3]!, +m[1]!, +m[5]!, +m[6]!, +(m[7] ?? 0), 0);
  m = SLASHED.exec(text);
  if (!m) return undefined;
  const [a, b] = [+m[1]!, +m[2]!];
  const [day, month] = dayFirstSlashes ? [a, b] : [b, a];
  return utcMilliseconds(+m[3]!, month, day, +m[4]!, +m[5]!, +(m[6] ?? 0), 0);
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1e3, min: 6e4, h: 36e5, d: 864e5 };

/** The UI's rounded duration (`161ms`, `7.6s`, `1.2min`, `1.1h`, `2.0d`) in ms. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) ?(ms|s|min|h|d)$/.exec(text);
  return m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : undefined;
}

/**
 * Sorts the UI's free columns into params, metrics and tags. The UI writes the param keys, then
 * the metric keys, then the visible tag keys, params and metrics each sorted
 * (`Array.from(keys).sort()`), and a metric cell is always a number. So the metrics lie in the
 * last run of columns whose cells are all numbers (or empty); columns after that run are tags,
 * columns before it params. Inside the run, a place where the key order goes down is a block
 * boundary: with one such place the metrics start there (numeric params are common, numeric
 * visible tags rare); with two, the metrics lie between them; with more, the keys were reordered
 * and the order says nothing. Where nothing marks the boundary, every numeric column after the
 * last text param is a metric, so a param that only ever holds numbers may be read as a metric.
 */
export function splitUiColumns(
  names: string[],
  rows: string[][],
  first: number
): ('param' | 'metric' | 'tag')[] {
  const numeric = names.map((_, c) =>
    rows.every((row) => {
      const v = row[first + c] ?? '';
      return v === '' || parseNumberToken(v) !== undefined;
    })
  );
  let end = numeric.length;
  while (end > 0 && !numeric[end - 1]) end--;
  let start = end;
  while (start > 0 && numeric[start - 1]) start--;
  const downs: number[] = [];
  for (let i = Math.max(start, 1); i < end; i++) if (names[i - 1]! > names[i]!) downs.push(i);
  if (downs.length === 1 || downs.length === 2) start = downs[0]!;
  if (downs.length === 2) end = downs[1]!;
  return names.map((_, c) => (c < start ? 'param' : c < end ? 'metric' : 'tag'));
}
