/**
 * Splits a filter into tokens. Words run until whitespace or a character that means something on
 * its own, so `metrics.train.loss` and `metrics.f1-score` are single words (the parser splits the
 * entity off at the first dot, as MLflow does) and `metrics.x<-1` still reads as `x`, `<`, `-1`.
 */
import type { QueryError } from './ast';

export type TokenKind =
  'word' | 'number' | 'string' | 'backtick' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token, quotes included. */
  text: string;
  /** Decoded content: the string without quotes, the operator, the word as written. */
  value: string;
  /** For strings: the quote character used. */
  quote?: "'" | '"';
  start: number;
  end: number;
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: QueryError };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const OPERATORS = ['==', '!=', '<>', '<=', '>=', '!~', '=', '<', '>', '~'];
/** Characters that end a word; everything else (letters, digits, `._-/:@#$%&*+`…) continues it. */
const BREAKS = new Set([...'\'"`(),=<>!~;']);

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** Column numbers in messages are 1-based, as editors show them. */
export function column(position: number): number {
  return position + 1;
}

/** Reads a quoted run starting at `start`; a doubled quote stands for one quote character. */
function readQuoted(
  text: string,
  start: number,
  quote: string
): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close < 0) return undefined;
    value += text.slice(i, close);
    if (text[close + 1] === quote) {
      value += quote;
      i = close + 2;
      continue;
    }
    return { value, end: close + 1 };
  }
}

function describeQuote(q: string): string {
  return q === '`' ? 'backtick' : q === '"' ? 'double quote' : 'quote';
}

/** Tokenizes a whole filter; the last token is always `eof`. */
export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === '`') {
      const q = readQuoted(text, start, c);
      if (!q) {
        return {
          ok: false,
          error: {
            message: `unclosed ${describeQuote(c)}: the text starting at column ${column(start)} has no closing ${c}`,
            position: start,
            length: n - start
          }
        };
      }
      const token: Token = {
        kind: c === '`' ? 'backtick' : 'string',
        text: text.slice(start, q.end),
        value: q.value,
        start,
        end: q.end
      };
      if (c !== '`') token.quote = c as "'" | '"';
      tokens.push(token);
      i = q.end;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      const kind = c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma';
      tokens.push({ kind, text: c, value: c, start, end: start + 1 });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, value: op, start, end: start + op.length });
      i += op.length;
      continue;
    }
    if (BREAKS.has(c)) {
      return {
        ok: false,
        error: {
          message:
            c === ';'
              ? `unexpected ';' at column ${column(start)}: join conditions with AND or OR`
              : c === '!'
                ? `unexpected '!' at column ${column(start)}: write NOT, != or !~`
                : `unexpected '${c}' at column ${column(start)}`,
          position: start,
          length: 1
        }
      };
    }
    while (i < n && !isSpace(text[i]!) && !BREAKS.has(text[i]!)) i++;
    const word = text.slice(start, i);
    tokens.push({
      kind: DECIMAL.test(word) ? 'number' : 'word',
      text: word,
      value: word,
      start,
      end: i
    });
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: n, end: n });
  return { ok: true, tokens };
}
