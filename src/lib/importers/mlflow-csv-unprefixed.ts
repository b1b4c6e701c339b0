/**
 * `mlflow.search_runs()` CSVs whose `metrics.`, `params.` and `tags.` prefixes were taken off
 * (`df.rename(columns=lambda c: c.split(".", 1)[-1])` and the like, common before sharing a table).
 * Without the prefixes nothing in the header says which block a column was in, so each column is
 * read by what it holds, and the import report says so:
 * - the run fields (run_id, experiment_id, status, artifact_uri, start_time, end_time, run_name)
 *   stay run fields;
 * - `mlflow.*` columns are tags (mlflow.runName, mlflow.user, mlflow.parentRunId...: MLflow's own
 *   tag namespace, so the run keeps its name and parent);
 * - a column whose every non-empty cell is a number is a metric (search_runs writes a NaN or
 *   missing metric as an empty cell, so an empty column counts as a metric too);
 * - any other column is a param. A param that only ever held numbers reads as a metric: the file
 *   cannot tell them apart, and the report names every column so a person can see it;
 * - a name that comes again as the same kind is a tag: search_runs writes metrics, then params,
 *   then tags, so a key logged both as a param and as a tag gives two columns of one name.
 * Columns that kept their prefix are read as before; this only gives a reading to the others,
 * which were dropped until 2026-05.
 */
import { parseNumberToken } from '../model';

/** The columns of search_runs' own RunInfo block (plus a hand-added run name). */
export const SEARCH_RUNS_FIELDS = new Set([
  ...['run_id', 'experiment_id', 'status', 'artifact_uri', 'start_time', 'end_time'],
  'run_name'
]);

type Kind = 'param' | 'metric' | 'tag';

/** A list of keys for the report: the first few, then how many more. */
function someKeys(keys: string[]): string {
  const shown = keys.slice(0, 6).join(', ');
  return keys.length > 6 ? `${shown} and ${keys.length - 6} more` : shown;
}

/**
 * Kinds for columns without a prefix (`[index, name]`), from the cells of `rows`, and the report's
 * sentence on how they were read (null when there are none).
 */
export function readUnprefixedColumns(
  loose: readonly [number, string][],
  rows: readonly string[][]
): { entries: [number, Kind, string][]; message: string | null } {
  const seen = new Set<string>();
  const repeated: string[] = [];
  const entries: [number, Kind, string][] = loose.map(([index, name]) => {
    if (name.startsWith('mlflow.')) return [index, 'tag', name];
    const numeric = rows.every((row) => {
      const cell = row[index] ?? '';
      return cell === '' || parseNumberToken(cell) !== undefined;
    });
    const kind = numeric ? 'metric' : 'param';
    if (seen.has(`${kind}:${name}`)) {
      repeated.push(name);
      return [index, 'tag', name];
    }
    seen.add(`${kind}:${name}`);
    return [index, kind, name];
  });
  // Without rows there is nothing read to explain.
  if (entries.length === 0 || rows.length === 0) return { entries, message: null };
  const named = (kind: Kind) => entries.filter(([, k]) => k === kind).map(([, , name]) => name);
  const parts = [
    ['numbers became metrics', named('metric')],
    ['text became params', named('param')],
    ['mlflow.* columns became tags', named('tag').filter((name) => name.startsWith('mlflow.'))],
    ['a name seen again became a tag', repeated]
  ] as const;
  const said = parts.filter(([, keys]) => keys.length > 0);
  const message =
    'read as mlflow.search_runs() columns without their metrics./params./tags. prefixes: ' +
    said.map(([what, keys]) => `${what} (${someKeys([...keys])})`).join(', ');
  return { entries, message };
}
