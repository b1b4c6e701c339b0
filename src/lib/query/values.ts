/**
 * Type checks for the right-hand side: which literals and operators each kind of field accepts,
 * with messages that say what to write instead. MLflow's rules, plus the documented extensions
 * (numbers for params and tags, quoted numbers and dates for numeric fields).
 */
import { regexEngine } from './regex-engine';
import type { Field, Literal } from './ast';
import { fieldNoun, fieldType } from './fields';
import type { Token } from './lexer';
import { column } from './lexer';

/** Thrown inside the parser and turned into `{ ok: false, error }` by parseQuery. */
export class QueryFail extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly length: number
  ) {
    super(message);
  }
}

/** A failure that underlines one token (or the end of the text). */
export function failAt(token: Token, message: string): QueryFail {
  return new QueryFail(message, token.start, token.end - token.start);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITIES: ReadonlyMap<string, number> = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity]
]);

/** Reads a number from query text: decimal literals and spellings of infinity, never NaN. */
export function numberFromText(text: string): number | undefined {
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  return INFINITIES.get(t.toLowerCase());
}

/** How a token is shown in messages. */
export function shown(token: Token): string {
  if (token.kind === 'eof') return 'the end of the query';
  // Strings and backticked names already show their own quotes.
  return token.kind === 'string' || token.kind === 'backtick' ? token.text : `'${token.text}'`;
}

function looksLikeField(word: string): boolean {
  return /^(metrics?|params?|parameters?|tags?|attributes?|attr|run)\./i.test(word);
}

function isValueToken(token: Token): boolean {
  return token.kind === 'number' || token.kind === 'string' || token.kind === 'word';
}

/** Parses an ISO-like date for start_time/end_time; Date.parse rules (date-only means UTC). */
function dateFromText(text: string): number | undefined {
  if (!/^\d{4}-\d{2}/.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Turns the token after an operator into a literal the field can be compared with.
 * `after` is the operator token, for "expected a value after '<'" messages.
 */
export function coerceValue(field: Field, token: Token, after: Token): Literal {
  if (token.kind === 'backtick') {
    throw failAt(
      token,
      `backticks are for names; quote the value with ' or " instead (column ${column(token.start)})`
    );
  }
  if (!isValueToken(token)) {
    throw failAt(
      token,
      `expected a value after '${after.text}' at column ${column(token.start)}, found ${shown(token)}`
    );
  }
  if (token.kind === 'word' && looksLikeField(token.value)) {
    throw failAt(
      token,
      `compare with a constant at column ${column(token.start)}: comparing two fields is not supported`
    );
  }
  if (token.kind === 'word' && token.value.toLowerCase() === 'null') {
    throw failAt(
      token,
      `to find runs without a value, write IS NULL (column ${column(token.start)})`
    );
  }
  const noun = fieldNoun(field);
  switch (fieldType(field)) {
    case 'number': {
      const n = numberFromText(token.value);
      if (n !== undefined) return { type: 'number', value: n };
      const isTime =
        field.kind === 'number-attribute' &&
        (field.name === 'start_time' || field.name === 'end_time');
      const date = token.kind === 'string' && isTime ? dateFromText(token.value) : undefined;
      if (date !== undefined) return { type: 'number', value: date };
      const what = field.kind === 'metric' ? 'metrics compare' : `${noun} compares`;
      const also = isTime ? ` (epoch milliseconds, or a quoted date like '2024-05-01')` : '';
      throw failAt(
        token,
        `${what} as numbers${also}: ${shown(token)} at column ${column(token.start)} is not a number`
      );
    }
    case 'flex': {
      if (token.kind === 'string') return { type: 'string', value: token.value };
      const n = numberFromText(token.value);
      if (n !== undefined) return { type: 'number', value: n };
      throw failAt(
        token,
        `${noun} compare as text: quote the value or use a number (${shown(token)} at column ${column(token.start)})`
      );
    }
    case 'text': {
      if (token.kind === 'string') return { type: 'string', value: token.value };
      throw failAt(
        token,
        `${noun} compares as text: quote the value, e.g. '${token.value}' (column ${column(token.start)})`
      );
    }
    case 'boolean': {
      const v = token.value.toLowerCase();
      if (v === 'true' || v === '1') return { type: 'boolean', value: true };
      if (v === 'false' || v === '0') return { type: 'boolean', value: false };
      throw failAt(
        token,
        `${noun} is true or false, not ${shown(token)} (column ${column(token.start)})`
      );
    }
    case 'unavailable': {
      if (token.kind === 'string') return { type: 'string', value: token.value };
      const n = numberFromText(token.value);
      if (n !== undefined) return { type: 'number', value: n };
      throw failAt(token, `quote the value ${shown(token)} at column ${column(token.start)}`);
    }
  }
}

export type OperatorClass = 'order' | 'equality' | 'pattern' | 'set' | 'range' | 'null';

/** Rejects operators a field cannot take: LIKE on a metric, `<` on `deleted`. */
export function checkOperator(field: Field, kind: OperatorClass, token: Token): void {
  const type = fieldType(field);
  const noun = fieldNoun(field);
  if (type === 'number' && kind === 'pattern') {
    const what = field.kind === 'metric' ? 'metrics are numbers' : `${noun} is a number`;
    throw failAt(
      token,
      `${token.text.toUpperCase()} compares text, but ${what} (column ${column(token.start)}): use =, <, >, BETWEEN…`
    );
  }
  if (type === 'boolean' && kind !== 'equality' && kind !== 'null' && kind !== 'set') {
    throw failAt(
      token,
      `deleted is true or false: use deleted = true or deleted = false (column ${column(token.start)})`
    );
  }
}

/** Validates a REGEXP pattern with the same engine that will run it. */
export function checkRegex(token: Token): void {
  try {
    regexEngine().compile(token.value);
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : '';
    throw failAt(
      token,
      `invalid regular expression at column ${column(token.start)}: ${detail || 'cannot be compiled'}`
    );
  }
}

/** Requires a quoted pattern after LIKE, ILIKE, REGEXP, `~` or `!~`. */
export function expectPattern(token: Token, after: Token): string {
  if (token.kind !== 'string') {
    const example = after.text.toUpperCase().includes('LIKE') ? "'%tree%'" : "'tree|forest'";
    throw failAt(
      token,
      `expected a quoted pattern after ${after.text.toUpperCase()} at column ${column(token.start)}, e.g. ${example}`
    );
  }
  return token.value;
}
