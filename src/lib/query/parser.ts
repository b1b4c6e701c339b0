/**
 * Recursive-descent parser for the runs filter (grammar in README.md). MLflow's syntax is the
 * subset `comparison (AND comparison)*`; OR, NOT, parentheses, ranges, IS NULL, summary functions
 * and REGEXP are Runlens extensions. Never throws: every failure becomes `{ ok: false, error }`.
 */
import type { Comparator, Field, Literal, ParseResult, QueryNode, Span } from './ast';
import { parseOperand } from './identifier';
import type { Token } from './lexer';
import { column, tokenize } from './lexer';
import {
  QueryFail,
  checkOperator,
  checkRegex,
  coerceValue,
  expectPattern,
  failAt,
  numberFromText,
  shown
} from './values';
import { queryWarnings } from './warnings';

/** Parentheses and NOT deeper than this are refused rather than risking the call stack. */
const MAX_DEPTH = 100;

const COMPARATORS: ReadonlyMap<string, Comparator> = new Map([
  ['=', '='],
  ['==', '='],
  ['!=', '!='],
  ['<>', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>=']
]);

const FLIPPED: Record<Comparator, Comparator> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<='
};

const PREDICATE_HINT = '=, !=, <, <=, >, >=, LIKE, ILIKE, IN, BETWEEN, REGEXP or IS NULL';

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[]
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'word' && token.value.toUpperCase() === word;
  }

  private accept(word: string): Token | undefined {
    return this.isKeyword(this.peek(), word) ? this.next() : undefined;
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) {
      throw failAt(token, `the query nests more than ${MAX_DEPTH} levels deep`);
    }
  }

  parseQuery(): QueryNode {
    if (this.peek().kind === 'eof') return { kind: 'all' };
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind === 'rparen') {
      throw failAt(t, `unexpected ')' at column ${column(t.start)}: there is no '(' to close`);
    }
    if (t.kind !== 'eof') throw this.expectedJoin(t);
    return node;
  }

  private expectedJoin(t: Token): QueryFail {
    if (t.text === '&&' || t.text === '||') {
      const word = t.text === '&&' ? 'AND' : 'OR';
      return failAt(t, `write ${word} instead of '${t.text}' (column ${column(t.start)})`);
    }
    return failAt(t, `expected AND or OR at column ${column(t.start)}, found ${shown(t)}`);
  }

  private parseJoined(word: 'AND' | 'OR', inner: () => QueryNode): QueryNode {
    const children = [inner()];
    for (;;) {
      const joiner = this.accept(word);
      if (!joiner) break;
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'rparen') {
        throw failAt(t, `expected a condition after ${word} at column ${column(t.start)}`);
      }
      children.push(inner());
    }
    if (children.length === 1) return children[0]!;
    return word === 'AND' ? { kind: 'and', children } : { kind: 'or', children };
  }

  private parseOr(): QueryNode {
    return this.parseJoined('OR', () => this.parseAnd());
  }

  private parseAnd(): QueryNode {
    return this.parseJoined('AND', () => this.parseUnary());
  }

  private parseUnary(): QueryNode {
    const not = this.accept('NOT');
    if (!not) return this.parsePrimary();
    this.enter(not);
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'not', operand };
  }

  private parsePrimary(): QueryNode {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.next();
      this.enter(t);
      if (this.peek().kind === 'rparen') {
        throw failAt(this.peek(), `expected a condition inside '(' at column ${column(t.start)}`);
      }
      const node = this.parseOr();
      this.depth--;
      const close = this.peek();
      if (close.kind !== 'rparen') {
        if (close.kind === 'eof') {
          throw failAt(t, `missing ')' to close the '(' at column ${column(t.start)}`);
        }
        throw this.expectedJoin(close);
      }
      this.next();
      return node;
    }
    if (t.kind === 'eof') {
      throw failAt(t, `expected a condition at column ${column(t.start)}`);
    }
    if (t.kind === 'rparen' || t.kind === 'comma' || t.kind === 'op') {
      throw failAt(t, `expected a condition at column ${column(t.start)}, found ${shown(t)}`);
    }
    if (this.startsWithValue(t)) return this.parseValueFirst();
    return this.parsePredicate();
  }

  /** A number, or a string that is not the start of a quoted identifier like `"metrics".x`. */
  private startsWithValue(t: Token): boolean {
    if (t.kind === 'number') return true;
    if (t.kind === 'word') return numberFromText(t.value) !== undefined; // inf < metrics.x
    if (t.kind !== 'string') return false;
    const after = this.peek(1);
    return !(after.start === t.end && (after.kind === 'word' || after.kind === 'backtick'));
  }

  private operand(): { field: Field; span: Span } {
    const result = parseOperand(this.text, this.tokens, this.i);
    this.i = result.next;
    return { field: result.field, span: result.span };
  }

  private spanFrom(start: number): Span {
    const last = this.tokens[Math.max(0, this.i - 1)]!;
    return { position: start, length: last.end - start };
  }

  private value(field: Field, after: Token): Literal {
    return coerceValue(field, this.next(), after);
  }

  private parsePredicate(): QueryNode {
    const { field, span } = this.operand();
    const start = span.position;
    const t = this.peek();
    const op = t.kind === 'op' ? COMPARATORS.get(t.value) : undefined;
    if (op) {
      this.next();
      checkOperator(field, op === '=' || op === '!=' ? 'equality' : 'order', t);
      const value = this.value(field, t);
      return { kind: 'compare', field, op, value, span: this.spanFrom(start) };
    }
    if (t.kind === 'op' && (t.value === '~' || t.value === '!~')) {
      this.next();
      return this.parseRegex(field, t, t.value === '!~', start);
    }
    let negated = false;
    let keyword = t;
    if (this.isKeyword(t, 'NOT')) {
      this.next();
      negated = true;
      keyword = this.peek();
      if (
        !['IN', 'LIKE', 'ILIKE', 'REGEXP', 'RLIKE', 'BETWEEN'].some((w) =>
          this.isKeyword(keyword, w)
        )
      ) {
        throw failAt(
          keyword,
          `expected IN, LIKE, ILIKE, REGEXP or BETWEEN after NOT at column ${column(keyword.start)}`
        );
      }
    }
    const word = keyword.kind === 'word' ? keyword.value.toUpperCase() : '';
    switch (word) {
      case 'IN':
        this.next();
        return this.parseIn(field, keyword, negated, start);
      case 'LIKE':
      case 'ILIKE': {
        this.next();
        checkOperator(field, 'pattern', keyword);
        const pattern = expectPattern(this.next(), keyword);
        const caseInsensitive = word === 'ILIKE';
        const span = this.spanFrom(start);
        return { kind: 'like', field, pattern, caseInsensitive, negated, span };
      }
      case 'REGEXP':
      case 'RLIKE':
        this.next();
        return this.parseRegex(field, keyword, negated, start);
      case 'BETWEEN':
        this.next();
        return this.parseBetween(field, keyword, negated, start);
      case 'IS': {
        this.next();
        const not = this.accept('NOT');
        const nul = this.peek();
        if (!this.isKeyword(nul, 'NULL')) {
          throw failAt(
            nul,
            `expected NULL or NOT NULL after IS at column ${column(nul.start)}, found ${shown(nul)}`
          );
        }
        this.next();
        return { kind: 'null', field, negated: not !== undefined, span: this.spanFrom(start) };
      }
    }
    const name = this.text.slice(span.position, span.position + span.length);
    throw failAt(
      t,
      `expected a comparison after '${name}' at column ${column(t.start)} (${PREDICATE_HINT}), found ${shown(t)}`
    );
  }

  private parseRegex(field: Field, op: Token, negated: boolean, start: number): QueryNode {
    checkOperator(field, 'pattern', op);
    const token = this.next();
    const pattern = expectPattern(token, op);
    checkRegex(token);
    return { kind: 'regex', field, pattern, negated, span: this.spanFrom(start) };
  }

  private parseIn(field: Field, keyword: Token, negated: boolean, start: number): QueryNode {
    checkOperator(field, 'set', keyword);
    const open = this.next();
    if (open.kind !== 'lparen') {
      throw failAt(
        open,
        `expected '(' after IN at column ${column(open.start)}, e.g. IN ('a', 'b')`
      );
    }
    if (this.peek().kind === 'rparen') {
      throw failAt(this.peek(), `IN needs at least one value (column ${column(open.start)})`);
    }
    const values: Literal[] = [];
    let after = open;
    for (;;) {
      values.push(this.value(field, after));
      const sep = this.next();
      if (sep.kind === 'rparen') break;
      if (sep.kind !== 'comma') {
        if (sep.kind === 'eof') {
          throw failAt(open, `missing ')' to close the IN list at column ${column(open.start)}`);
        }
        throw failAt(sep, `expected ',' or ')' in the IN list at column ${column(sep.start)}`);
      }
      after = sep;
    }
    return { kind: 'in', field, values, negated, span: this.spanFrom(start) };
  }

  private parseBetween(field: Field, keyword: Token, negated: boolean, start: number): QueryNode {
    checkOperator(field, 'range', keyword);
    const low = this.value(field, keyword);
    const and = this.peek();
    if (!this.isKeyword(and, 'AND')) {
      throw failAt(
        and,
        `expected AND after the lower bound of BETWEEN at column ${column(and.start)}, e.g. BETWEEN 0.1 AND 0.5`
      );
    }
    this.next();
    const highToken = this.peek();
    const high = this.value(field, and);
    if (low.type !== high.type) {
      throw failAt(highToken, `BETWEEN needs two numbers or two quoted texts`);
    }
    const span = this.spanFrom(start);
    return {
      kind: 'range',
      field,
      low,
      high,
      lowInclusive: true,
      highInclusive: true,
      negated,
      span
    };
  }

  /** `0.1 < metrics.x`, or a chained range `0.1 <= metrics.x < 0.5`. */
  private parseValueFirst(): QueryNode {
    const valueToken = this.next();
    const opToken = this.next();
    const op = opToken.kind === 'op' ? COMPARATORS.get(opToken.value) : undefined;
    if (!op) {
      throw failAt(
        opToken,
        `expected a comparison after the value ${shown(valueToken)} at column ${column(opToken.start)}, e.g. 0.1 < metrics.loss`
      );
    }
    const { field, span } = this.operand();
    checkOperator(field, op === '=' || op === '!=' ? 'equality' : 'order', opToken);
    const first = coerceValue(field, valueToken, opToken);
    const second = this.peek();
    const op2 = second.kind === 'op' ? COMPARATORS.get(second.value) : undefined;
    if (!op2) {
      return {
        kind: 'compare',
        field,
        op: FLIPPED[op],
        value: first,
        span: this.spanFrom(valueToken.start)
      };
    }
    const ascending = (o: Comparator) => o === '<' || o === '<=';
    const descending = (o: Comparator) => o === '>' || o === '>=';
    if (!((ascending(op) && ascending(op2)) || (descending(op) && descending(op2)))) {
      throw failAt(
        second,
        `a range needs both comparisons to point the same way, e.g. 0.1 <= ${this.text.slice(span.position, span.position + span.length)} < 0.5 (column ${column(second.start)})`
      );
    }
    this.next();
    const other = this.value(field, second);
    if (first.type !== other.type) throw failAt(second, 'a range needs two numbers or two texts');
    const [low, high, lowInclusive, highInclusive] = ascending(op)
      ? [first, other, op === '<=', op2 === '<=']
      : [other, first, op2 === '>=', op === '>='];
    return {
      kind: 'range',
      field,
      low,
      high,
      lowInclusive,
      highInclusive,
      negated: false,
      span: this.spanFrom(valueToken.start)
    };
  }
}

/** Parses a filter; an empty or blank text matches every run. */
export function parseQuery(text: string): ParseResult {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const parser = new Parser(text, lexed.tokens);
  try {
    const ast = parser.parseQuery();
    return { ok: true, ast, warnings: queryWarnings(ast) };
  } catch (e) {
    if (e instanceof QueryFail) {
      return { ok: false, error: { message: e.message, position: e.position, length: e.length } };
    }
    // A bug, not the person's mistake; still no exception for the caller.
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: { message: `cannot read this query: ${message}`, position: 0, length: text.length }
    };
  }
}
