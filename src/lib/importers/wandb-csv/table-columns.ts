/**
 * Which columns of a W&B runs-table export are what. The web UI writes the table's visible
 * columns under their display names: W&B's own run columns (Name, State, Created, Tags...), then
 * the config keys, then the summary keys (nested keys dotted: `optimizer.lr`), and nothing in the
 * header marks where config ends. So the free columns are read by a tolerant reading
 * (docs/tolerant-readings.md, ../column-roles.ts), and the import report names each column's role:
 * - a column holding a JSON list or object (`[64, 128]`, `{"a": 1}`) is a param, kept as text;
 * - the config block ends at the last other column holding text: it and every column before it are
 *   params (config comes before summary, and a summary value is almost always a number);
 * - columns after it whose every cell is a number (`NaN`, `Infinity` count) or empty are summary
 *   values: one-point metrics. With no text column at all, every numeric column is a metric, so
 *   a numeric config key reads as a metric: the report says so and a person can change it.
 */
import { parseNumberToken } from '../../model';
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
} from '../column-roles';

/** W&B's own run columns (display names), with what each becomes. */
export const RUN_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['Name', 'run name'],
  ['ID', 'run id'],
  ['State', 'status (tag wandb.state)'],
  ['Created', 'start time'],
  ['End Time', 'end time'],
  ['Runtime', 'end time when there is no End Time (tag wandb.runtime)'],
  ['Updated', 'tag wandb.updated'],
  ['Tags', 'tag wandb.tags'],
  ['Notes', 'tag mlflow.note.content (the run description)'],
  ['User', 'tag wandb.user'],
  ['Sweep', 'tag wandb.sweep'],
  ['Group', 'tag wandb.group'],
  ['Job Type', 'tag wandb.job_type'],
  ['Hostname', 'tag wandb.host'],
  ['Commit', 'tag wandb.commit'],
  ['GitHub', 'tag wandb.github']
]);

/** The tag a run column becomes, for the columns that are kept as tags. */
export const RUN_COLUMN_TAGS: ReadonlyMap<string, string> = new Map([
  ['State', 'wandb.state'],
  ['Runtime', 'wandb.runtime'],
  ['Updated', 'wandb.updated'],
  ['Tags', 'wandb.tags'],
  ['Notes', 'mlflow.note.content'],
  ['User', 'wandb.user'],
  ['Sweep', 'wandb.sweep'],
  ['Group', 'wandb.group'],
  ['Job Type', 'wandb.job_type'],
  ['Hostname', 'wandb.host'],
  ['Commit', 'wandb.commit'],
  ['GitHub', 'wandb.github']
]);

export type Kind = 'param' | 'metric' | 'tag';

export interface TableColumns {
  /** [column index, kind, key] of every free column not left out. */
  entries: [number, Kind, string][];
  reading: Omit<TolerantReading, 'runs'> | null;
  /** The column naming the runs (its index), or null for unnamed runs. */
  runNameColumn: number | null;
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
const isJsonText = (cell: string) =>
  (cell.startsWith('[') && cell.endsWith(']')) || (cell.startsWith('{') && cell.endsWith('}'));

interface Guessed extends GuessedColumn {
  index: number;
  name: string;
}

/** The guess for each free column (`[index, name]`), by the rules at the top. */
function guessColumns(
  free: readonly [number, string][],
  rows: readonly string[][],
  lines: readonly number[]
): Guessed[] {
  const facts = free.map(([index, name]) => {
    const cells = rows.map((row) => row[index] ?? '');
    const text = cells.findIndex((c) => c !== '' && parseNumberToken(c) === undefined);
    const json = text >= 0 && cells.every((c) => c === '' || isJsonText(c));
    const notNumber =
      text < 0 ? undefined : `line ${lines[text]} holds ${JSON.stringify(shorten(cells[text]!))}`;
    return { index, name, notNumber, json, empty: cells.every((c) => c === '') };
  });
  let lastText = -1;
  for (const [i, f] of facts.entries()) if (f.notNumber !== undefined && !f.json) lastText = i;
  const keys = new Set<string>();
  return facts.map((f, i) => {
    // A repeated name (a key in both config and summary) is told apart by its place.
    const key = keys.has(f.name) ? `${f.name} (column ${f.index + 1})` : f.name;
    keys.add(f.name);
    const allowed: ColumnRole[] =
      f.notNumber === undefined
        ? ['metric', 'param', 'tag', 'ignored']
        : ['param', 'tag', 'ignored'];
    const column = { key, index: f.index, name: f.name, allowed, notNumber: f.notNumber };
    if (f.json) return { ...column, guess: 'param', why: `JSON lists or objects: ${f.notNumber}` };
    if (f.notNumber !== undefined)
      return { ...column, guess: 'param', why: `not only numbers: ${f.notNumber}` };
    if (i < lastText) {
      const why = `before ${JSON.stringify(facts[lastText]!.name)}, the last text column: config comes before summary`;
      return { ...column, guess: 'param', why };
    }
    const why = f.empty
      ? 'every cell is empty'
      : lastText < 0
        ? 'every non-empty cell is a number, and no column holds text to end the config'
        : 'every non-empty cell is a number, after the last text column: a summary value';
    return { ...column, guess: 'metric', why };
  });
}

/**
 * The free columns' kinds with the person's choices applied, the column naming the runs, and the
 * reading the report shows. `header` is the whole header, for the run columns it names.
 */
export function readTableColumns(
  free: readonly [number, string][],
  rows: readonly string[][],
  lines: readonly number[],
  header: readonly string[],
  path: string,
  choices: ReadingChoices | undefined
): TableColumns {
  const guessed = guessColumns(free, rows, lines);
  const columns = applyRoleChoices(path, guessed, choices);
  const entries: [number, Kind, string][] = [];
  for (const [i, c] of columns.entries()) {
    if (c.role !== 'ignored') entries.push([guessed[i]!.index, c.role, guessed[i]!.name]);
  }
  const keys = guessed.map((c) => c.key);
  const hasName = header.includes('Name');
  const runName = applyFieldChoice(
    path,
    'the run name',
    {
      guess: hasName ? 'Name' : null,
      why: hasName ? '`Name` names the runs' : 'no Name column: runs are named by their id',
      candidates: hasName ? ['Name', ...keys] : keys
    },
    choices?.runName,
    () => 'the file has no such column'
  );
  const runNameColumn =
    runName.column === null
      ? null
      : runName.column === 'Name'
        ? header.indexOf('Name')
        : guessed[keys.indexOf(runName.column)]!.index;
  if (free.length === 0 || rows.length === 0) return { entries, reading: null, runNameColumn };
  const reading = {
    file: path,
    kind: 'wandb-runs-table' as const,
    title: 'a W&B runs-table export',
    columns,
    runName,
    startTime: null,
    fixed: header
      .filter((h) => RUN_COLUMNS.has(h))
      .map((key) => ({ key, as: RUN_COLUMNS.get(key)! })),
    chosen: hasChoices(choices)
  };
  const named = (role: ColumnRole) =>
    columns.filter((c) => c.role === role).map((c) => guessedName(guessed, c.key));
  const said = (
    [
      ['text, JSON and the columns before the last text column became params', named('param')],
      ['numbers after it became metrics (summary values)', named('metric')]
    ] as const
  ).filter(([, k]) => k.length > 0);
  const message = reading.chosen
    ? chosenRolesSentence(reading)
    : 'read as a W&B runs-table export, config before summary: ' +
      said.map(([what, k]) => `${what} (${someKeys([...k])})`).join(', ');
  return { entries, reading: { ...reading, message }, runNameColumn };
}

const guessedName = (guessed: readonly Guessed[], key: string) =>
  guessed.find((c) => c.key === key)!.name;
