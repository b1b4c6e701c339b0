/**
 * The guess of flat-records.ts, column by column, as the import report shows it: what each key
 * became and why, which key names the runs and which gives their start time, and what else each
 * could be. The rules are at the top of flat-records.ts; choices are applied by column-roles.ts.
 */
import { describe } from '../readers/json-reader';
import type { FieldReading, GuessedColumn } from '../column-roles';

/** A record flattened: key (joined with "/") to value, and whether it sat under a params group. */
export interface FlatRecord {
  leaves: Map<string, string | number | boolean>;
  forcedParams: Set<string>;
}

/** What the values of one key say, over every record that has it. */
interface KeyFacts {
  /** The first value that is not a number, where it is: 'record [1] holds the text "RF"'. */
  notNumber: string | undefined;
  /** The first value that is not a time, likewise. */
  notTime: string | undefined;
  /** Under a params group (params, config...) in some record: a param even when a number. */
  forced: boolean;
}

/** "record [2]" for a JSON array, "line 3" for JSON Lines. */
const recordAt = (place: string) => (place.startsWith('[') ? `record ${place}` : place);

/** Facts per key, keys in the order they first appear. */
export function keyFacts(
  flat: readonly FlatRecord[],
  places: readonly string[],
  isTime: (value: unknown) => boolean
): Map<string, KeyFacts> {
  const facts = new Map<string, KeyFacts>();
  for (const [i, f] of flat.entries()) {
    for (const [key, v] of f.leaves) {
      let k = facts.get(key);
      if (!k) {
        k = { notNumber: undefined, notTime: undefined, forced: false };
        facts.set(key, k);
      }
      const where = () => `${recordAt(places[i]!)} holds ${describe(v)}`;
      if (typeof v !== 'number') k.notNumber ??= where();
      if (!isTime(v)) k.notTime ??= where();
      if (f.forcedParams.has(key)) k.forced = true;
    }
  }
  return facts;
}

/** The guess per column (every key but the run id), and why. */
export function guessColumns(
  facts: ReadonlyMap<string, KeyFacts>,
  runFields: { id: string | undefined; time: string | undefined; names: readonly string[] }
): GuessedColumn[] {
  const columns: GuessedColumn[] = [];
  for (const [key, k] of facts) {
    if (key === runFields.id) continue;
    const allowed: GuessedColumn['allowed'] =
      k.notNumber === undefined
        ? ['metric', 'param', 'tag', 'ignored']
        : ['param', 'tag', 'ignored'];
    const column = { key, allowed, notNumber: k.notNumber };
    if (key === runFields.time) {
      columns.push({ ...column, guess: 'ignored', why: 'a time in every record: the start time' });
    } else if (runFields.names.includes(key)) {
      columns.push({ ...column, guess: 'ignored', why: "the run's name" });
    } else if (k.notNumber !== undefined) {
      columns.push({ ...column, guess: 'param', why: `not only numbers: ${k.notNumber}` });
    } else if (k.forced) {
      const group = key.slice(0, key.indexOf('/'));
      columns.push({ ...column, guess: 'param', why: `under ${group}: a param, even a number` });
    } else {
      columns.push({ ...column, guess: 'metric', why: 'every value is a number' });
    }
  }
  return columns;
}

/** The run-name guess: the first name key any record has (records may fall back, see parse). */
export function guessRunName(
  facts: ReadonlyMap<string, KeyFacts>,
  nameKeys: readonly string[],
  id: string | undefined
): Omit<FieldReading, 'column'> {
  const guess = nameKeys.find((k) => facts.has(k)) ?? null;
  const why =
    guess === null
      ? `no ${nameKeys.join(', ')} key: runs are unnamed`
      : guess === 'model'
        ? 'no name or run_name key: the model names the runs'
        : `\`${guess}\` names the runs`;
  return { guess, why, candidates: [...facts.keys()].filter((k) => k !== id) };
}

/** The start-time guess and the keys that could give it (a time in every record). */
export function guessStartTime(
  facts: ReadonlyMap<string, KeyFacts>,
  time: string | undefined,
  timeKeys: readonly string[],
  id: string | undefined
): Omit<FieldReading, 'column'> {
  const why =
    time === undefined
      ? `no ${timeKeys.join(', ')} key with a time in every record`
      : `\`${time}\` holds a time in every record`;
  const candidates = [...facts]
    .filter(([key, k]) => k.notTime === undefined && key !== id)
    .map(([key]) => key);
  return { guess: time ?? null, why, candidates };
}

/** Why a key cannot give the start time, for the error on an impossible choice. */
export function notATime(facts: ReadonlyMap<string, KeyFacts>, key: string): string {
  const k = facts.get(key);
  return k ? `${k.notTime ?? 'it'}, not a time` : 'the file has no such key';
}
