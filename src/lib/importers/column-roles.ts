/**
 * Column roles of a tolerant reading (docs/tolerant-readings.md): files whose columns carry no
 * mark of what they are (flat result records, search_runs CSVs without prefixes) are read by a
 * guess per column. The reading describes its guess here, so the import report can show each
 * column with its role and why, and a person can choose other roles; the choices come back to
 * the importer through the import context (`ctx.choices`, per file path), so the worker, the
 * CLI and the tests read a file with chosen roles through the same code.
 */
import { ImportError } from './errors';

/** What a column becomes: a one-point metric, a param, a tag, or nothing. */
export type ColumnRole = 'metric' | 'param' | 'tag' | 'ignored';

/** Every role, in the order the report offers them. */
export const COLUMN_ROLES: readonly ColumnRole[] = ['metric', 'param', 'tag', 'ignored'];

/** The tolerant readings that describe their columns. */
export type ReadingKind = 'flat-records' | 'search-runs-unprefixed' | 'wandb-runs-table';

/**
 * Roles a person chose for one file. A column not in `roles` keeps the guess; `runName` and
 * `startTime` are the column that names the runs or gives their start time (null: none),
 * and keep the guess when undefined.
 */
export interface ReadingChoices {
  roles: ReadonlyMap<string, ColumnRole>;
  runName?: string | null;
  startTime?: string | null;
}

/** One column of a reading: what it became, what the guess was and why. */
export interface ColumnReading {
  /** The column as the file names it (a repeated CSV name gets its position: `team@12`). */
  key: string;
  role: ColumnRole;
  guess: ColumnRole;
  /** Why the guess, in words: "every value is a number". */
  why: string;
  /** The roles this column can take; a column holding text cannot be a metric. */
  allowed: ColumnRole[];
}

/** A run field one column may give (the run name, the start time), and which column gives it. */
export interface FieldReading {
  column: string | null;
  guess: string | null;
  why: string;
  /** Columns that could give it (every value a time, for the start time). */
  candidates: string[];
}

/** How a tolerant reading read one file: sent with the import report. */
export interface TolerantReading {
  file: string;
  kind: ReadingKind;
  /** The reading in words: "flat result records". */
  title: string;
  runs: number;
  columns: ColumnReading[];
  runName: FieldReading;
  /** Null when the format's own column gives it (search_runs' start_time). */
  startTime: FieldReading | null;
  /** Columns the format's own rules read (run_id, status...), with what they became. */
  fixed: { key: string; as: string }[];
  /** A person's choice is in effect (remembered for this file, or just made). */
  chosen: boolean;
  /** The report's sentence, as the CLI prints it. */
  message: string;
}

/** A column as the reading guessed it, before choices. */
export type GuessedColumn = Omit<ColumnReading, 'role'> & {
  /** Why it cannot be a metric, when it cannot: 'record 2 holds "RF"'. */
  notNumber?: string;
};

/** Did the person choose anything for this file? */
export function hasChoices(choices: ReadingChoices | undefined): choices is ReadingChoices {
  return (
    choices !== undefined &&
    (choices.roles.size > 0 || choices.runName !== undefined || choices.startTime !== undefined)
  );
}

/**
 * The roles in effect: the guess, changed where the person chose. A choice the column cannot
 * take, or a column the file does not have, is an ImportError naming both: a value is never
 * dropped in silence.
 */
export function applyRoleChoices(
  file: string,
  guessed: readonly GuessedColumn[],
  choices: ReadingChoices | undefined
): ColumnReading[] {
  const byKey = new Map(guessed.map((c) => [c.key, c]));
  for (const [key, role] of choices?.roles ?? []) {
    const column = byKey.get(key);
    if (!column)
      throw new ImportError(file, `has no column ${JSON.stringify(key)} to read as a ${role}`);
    if (!column.allowed.includes(role)) {
      const others = column.allowed.join(', ');
      const why = column.notNumber ? ` (${column.notNumber}, not a number)` : '';
      throw new ImportError(
        file,
        `column ${JSON.stringify(key)} cannot be a ${role}${why}; it can be: ${others}`
      );
    }
  }
  return guessed.map(({ notNumber: _, ...c }) => ({
    ...c,
    role: choices?.roles.get(c.key) ?? c.guess
  }));
}

/**
 * The column giving a run field: the guess, or the person's choice, which must be one of the
 * candidates (`what` names the field, `problem` says why a column cannot give it).
 */
export function applyFieldChoice(
  file: string,
  what: string,
  guess: Omit<FieldReading, 'column'>,
  chosen: string | null | undefined,
  problem: (column: string) => string
): FieldReading {
  if (chosen === undefined) return { ...guess, column: guess.guess };
  if (chosen !== null && !guess.candidates.includes(chosen)) {
    throw new ImportError(
      file,
      `column ${JSON.stringify(chosen)} cannot be ${what}: ${problem(chosen)}`
    );
  }
  return { ...guess, column: chosen };
}

/** A list of keys for the report: the first few, then how many more. */
export function someKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 6).join(', ');
  return keys.length > 6 ? `${shown} and ${keys.length - 6} more` : shown;
}

/** The report's sentence for a file read with chosen roles (the guess has its own sentence). */
export function chosenRolesSentence(
  reading: Pick<TolerantReading, 'title' | 'columns' | 'runName' | 'startTime'>
): string {
  const named = (role: ColumnRole) =>
    reading.columns.filter((c) => c.role === role).map((c) => c.key);
  const parts: string[] = [];
  for (const [role, words] of [
    ['metric', 'metrics'],
    ['param', 'params'],
    ['tag', 'tags'],
    ['ignored', 'left out']
  ] as const) {
    const keys = named(role);
    if (keys.length > 0) parts.push(`${words} (${someKeys(keys)})`);
  }
  if (reading.runName.column !== null) parts.push(`\`${reading.runName.column}\` named the runs`);
  if (reading.startTime?.column)
    parts.push(`\`${reading.startTime.column}\` became the start time`);
  return `read as ${reading.title} with the roles you chose: ${parts.join(', ')}`;
}
