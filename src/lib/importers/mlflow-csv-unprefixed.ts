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
 * which were dropped until 2026-05. The import report shows each column with its role and why,
 * and a person can choose another role, or another column to name the runs (column-roles.ts).
 */
import { parseNumberToken } from '../model';
import {
  applyFieldChoice,
  applyRoleChoices,
  chosenRolesSentence,
  hasChoices,
  someKeys,
  type ColumnRole,
  type GuessedColumn,
  type ReadingChoices,
  type TolerantReading
} from './column-roles';

/** The columns of search_runs' own RunInfo block (plus a hand-added run name). */
export const SEARCH_RUNS_FIELDS = new Set([
  ...['run_id', 'experiment_id', 'status', 'artifact_uri', 'start_time', 'end_time'],
  'run_name'
]);

/** What each run field becomes, for the report. */
const FIELD_ROLES: ReadonlyMap<string, string> = new Map([
  ['run_id', 'run id'],
  ['experiment_id', 'experiment'],
  ['status', 'status'],
  ['artifact_uri', 'not kept: a path on the machine that ran it'],
  ['start_time', 'start time'],
  ['end_time', 'end time'],
  ['run_name', 'run name']
]);

type Kind = 'param' | 'metric' | 'tag';

/** The unprefixed columns read, and how (null when there is nothing to say: no columns or rows). */
export interface UnprefixedColumns {
  entries: [number, Kind, string][];
  reading: Omit<TolerantReading, 'runs'> | null;
  /** A chosen run-name column (its index in the header), or undefined to keep the guess. */
  runNameColumn: number | null | undefined;
}

/** The guess for each column without a prefix (rules at the top), keyed so repeats differ. */
function guessColumns(
  loose: readonly [number, string][],
  rows: readonly string[][],
  lines: readonly number[]
): (GuessedColumn & { index: number; name: string; repeated: boolean })[] {
  const seen = new Set<string>();
  const keys = new Set<string>();
  return loose.map(([index, name]) => {
    // A repeated name is told apart by its place, counted from 1 as a spreadsheet shows it.
    const key = keys.has(name) ? `${name} (column ${index + 1})` : name;
    keys.add(name);
    const row = rows.findIndex((cells) => {
      const cell = cells[index] ?? '';
      return cell !== '' && parseNumberToken(cell) === undefined;
    });
    const notNumber =
      row < 0
        ? undefined
        : `line ${lines[row]} holds ${JSON.stringify(shorten(rows[row]![index]!))}`;
    const allowed: ColumnRole[] =
      notNumber === undefined ? ['metric', 'param', 'tag', 'ignored'] : ['param', 'tag', 'ignored'];
    const column = { key, index, name, allowed, notNumber, repeated: false };
    if (name.startsWith('mlflow.')) {
      return { ...column, guess: 'tag', why: "mlflow.* is MLflow's own tag namespace" };
    }
    const kind: Kind = notNumber === undefined ? 'metric' : 'param';
    if (seen.has(`${kind}:${name}`)) {
      const why = 'a name seen again: search_runs writes a key logged as a param and a tag twice';
      return { ...column, guess: 'tag', why, repeated: true };
    }
    seen.add(`${kind}:${name}`);
    if (kind === 'param')
      return { ...column, guess: 'param', why: `not only numbers: ${notNumber}` };
    const empty = rows.every((cells) => (cells[index] ?? '') === '');
    const why = empty
      ? 'every cell is empty, as search_runs writes a missing metric'
      : 'every non-empty cell is a number';
    return { ...column, guess: 'metric', why };
  });
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * Kinds for columns without a prefix (`[index, name]`) from the cells of `rows` (on `lines`),
 * with the person's choices applied, and the reading the report shows. `header` is the whole
 * header, for the run fields it names.
 */
export function readUnprefixedColumns(
  loose: readonly [number, string][],
  rows: readonly string[][],
  lines: readonly number[],
  header: readonly string[],
  path: string,
  choices: ReadingChoices | undefined
): UnprefixedColumns {
  const guessed = guessColumns(loose, rows, lines);
  const columns = applyRoleChoices(path, guessed, choices);
  const entries: [number, Kind, string][] = [];
  for (const [i, c] of columns.entries()) {
    if (c.role !== 'ignored') entries.push([guessed[i]!.index, c.role, guessed[i]!.name]);
  }
  // Without rows there is nothing read to explain.
  if (loose.length === 0 || rows.length === 0) {
    return { entries, reading: null, runNameColumn: undefined };
  }
  const keys = guessed.map((c) => c.key);
  const nameGuess = header.includes('run_name')
    ? 'run_name'
    : keys.includes('mlflow.runName')
      ? 'mlflow.runName'
      : null;
  const runName = applyFieldChoice(
    path,
    'the run name',
    {
      guess: nameGuess,
      why:
        nameGuess === null
          ? 'no run_name or mlflow.runName column: runs are unnamed'
          : `\`${nameGuess}\` names the runs`,
      candidates: header.includes('run_name') ? ['run_name', ...keys] : keys
    },
    choices?.runName,
    () => 'the file has no such column'
  );
  const chosenName = choices?.runName;
  const runNameColumn =
    chosenName === undefined || chosenName === null
      ? chosenName
      : chosenName === 'run_name'
        ? header.indexOf('run_name')
        : guessed[keys.indexOf(chosenName)]!.index;
  const reading = {
    file: path,
    kind: 'search-runs-unprefixed' as const,
    title: 'mlflow.search_runs() columns without their prefixes',
    columns,
    runName,
    startTime: null,
    fixed: header
      .filter((h) => FIELD_ROLES.has(h))
      .map((key) => ({ key, as: FIELD_ROLES.get(key)! })),
    chosen: hasChoices(choices)
  };
  const message = reading.chosen
    ? chosenRolesSentence(reading)
    : guessSentence(
        columns.map((c, i) => ({ role: c.role, name: guessed[i]!.name })),
        guessed.filter((c) => c.repeated).map((c) => c.name)
      );
  return { entries, reading: { ...reading, message }, runNameColumn };
}

/** The report's sentence for the guess (kept as it was before roles could be chosen). */
function guessSentence(columns: { role: ColumnRole; name: string }[], repeated: string[]): string {
  const named = (role: ColumnRole) => columns.filter((c) => c.role === role).map((c) => c.name);
  const parts = [
    ['numbers became metrics', named('metric')],
    ['text became params', named('param')],
    ['mlflow.* columns became tags', named('tag').filter((name) => name.startsWith('mlflow.'))],
    ['a name seen again became a tag', repeated]
  ] as const;
  const said = parts.filter(([, keys]) => keys.length > 0);
  return (
    'read as mlflow.search_runs() columns without their metrics./params./tags. prefixes: ' +
    said.map(([what, keys]) => `${what} (${someKeys([...keys])})`).join(', ')
  );
}
