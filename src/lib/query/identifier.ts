/**
 * Reads the left-hand side of a comparison: `[entity.]key`, where the entity and the key may be
 * bare, "double-quoted" or `backticked`, and a bare key keeps its dots (`metrics.train.loss` is
 * metric `train.loss`, as MLflow splits at the first dot). Also `min(metrics.loss)` and friends.
 */
import type { Field, Span } from './ast';
import type { Entity } from './fields';
import {
  lookupEntity,
  lookupSummary,
  resolveAttribute,
  resolveField,
  suggestEntity
} from './fields';
import type { Token } from './lexer';
import { column } from './lexer';
import { QueryFail, failAt, shown } from './values';

export interface Operand {
  field: Field;
  span: Span;
  /** Index of the first token after the operand. */
  next: number;
}

type Piece =
  | { dot: true; start: number }
  | { dot: false; text: string; quoted: boolean; start: number; end: number };

const ENTITY_NOUN: Record<Entity, string> = {
  metric: 'metric',
  param: 'param',
  tag: 'tag',
  attribute: 'attribute',
  dataset: 'dataset'
};

function fail(start: number, end: number, message: string): QueryFail {
  return new QueryFail(message, start, end - start);
}

/** Splits adjacent tokens into names and dots; quoted names are never split. */
function piecesOf(chain: Token[]): Piece[] {
  const pieces: Piece[] = [];
  for (const t of chain) {
    if (t.kind === 'string' || t.kind === 'backtick') {
      pieces.push({ dot: false, text: t.value, quoted: true, start: t.start, end: t.end });
      continue;
    }
    let runStart = 0;
    const v = t.value;
    for (let k = 0; k <= v.length; k++) {
      if (k === v.length || v[k] === '.') {
        if (k > runStart) {
          pieces.push({
            dot: false,
            text: v.slice(runStart, k),
            quoted: false,
            start: t.start + runStart,
            end: t.start + k
          });
        }
        if (k < v.length) pieces.push({ dot: true, start: t.start + k });
        runStart = k + 1;
      }
    }
  }
  return pieces;
}

function isChainToken(t: Token): boolean {
  return t.kind === 'word' || t.kind === 'backtick' || t.kind === 'string' || t.kind === 'number';
}

function parseIdentifier(text: string, tokens: Token[], i: number): Operand {
  const first = tokens[i]!;
  if (!(first.kind === 'word' || first.kind === 'backtick' || first.kind === 'string')) {
    throw failAt(
      first,
      `expected a field such as metrics.loss at column ${column(first.start)}, found ${shown(first)}`
    );
  }
  let j = i + 1;
  while (isChainToken(tokens[j]!) && tokens[j]!.start === tokens[j - 1]!.end) j++;
  const start = first.start;
  const end = tokens[j - 1]!.end;
  const span = { position: start, length: end - start };
  const pieces = piecesOf(tokens.slice(i, j));
  const dotAt = pieces.findIndex((p) => p.dot);

  if (dotAt < 0) {
    const only = pieces[0];
    if (pieces.length !== 1 || !only || only.dot) {
      throw fail(
        start,
        end,
        `cannot read the field '${text.slice(start, end)}' at column ${column(start)}`
      );
    }
    if (!only.quoted && lookupEntity(only.text)) {
      throw fail(
        start,
        end,
        `expected '.' and a key after '${only.text}' at column ${column(end)}, e.g. ${only.text}.loss`
      );
    }
    const resolved = resolveAttribute(only.text);
    if (!resolved.ok) throw fail(start, end, resolved.message);
    return { field: resolved.field, span, next: j };
  }

  const before = pieces.slice(0, dotAt);
  const head = before[0];
  if (before.length !== 1 || !head || head.dot) {
    throw fail(
      start,
      end,
      `expected an entity such as metrics before the '.' at column ${column(start)}`
    );
  }
  const entity = lookupEntity(head.text);
  if (!entity) {
    const hint = suggestEntity(head.text);
    const mean = hint ? ` (did you mean ${hint}?)` : '';
    throw fail(
      head.start,
      head.end,
      `unknown entity '${head.text}'${mean}: use metrics., params., tags. or attributes.`
    );
  }
  const after = pieces.slice(dotAt + 1);
  const dot = pieces[dotAt]!;
  const names = after.filter((p) => !p.dot);
  if (names.length === 0) {
    throw fail(
      start,
      end,
      `expected a ${ENTITY_NOUN[entity]} name after '${text.slice(start, dot.start + 1)}' at column ${column(dot.start + 1)}`
    );
  }
  let key: string;
  if (after.some((p) => !p.dot && p.quoted)) {
    const only = after[0];
    if (after.length !== 1 || !only || only.dot) {
      throw fail(
        start,
        end,
        `quote the whole key at column ${column(dot.start + 1)}, e.g. metrics.\`train.loss\``
      );
    }
    key = only.text;
  } else {
    key = text.slice(dot.start + 1, end);
  }
  const resolved = resolveField(entity, key);
  if (!resolved.ok) throw fail(dot.start + 1, end, resolved.message);
  return { field: resolved.field, span, next: j };
}

/** Reads an operand at token i: an identifier, or `summary(metrics.key)`. */
export function parseOperand(text: string, tokens: Token[], i: number): Operand {
  const t = tokens[i]!;
  const summary = t.kind === 'word' ? lookupSummary(t.value) : undefined;
  if (!summary || tokens[i + 1]?.kind !== 'lparen') return parseIdentifier(text, tokens, i);
  const inner = parseIdentifier(text, tokens, i + 2);
  const close = tokens[inner.next]!;
  if (close.kind !== 'rparen') {
    throw failAt(
      close,
      `expected ')' after ${t.value}(${text.slice(inner.span.position, inner.span.position + inner.span.length)} at column ${column(close.start)}`
    );
  }
  if (inner.field.kind !== 'metric') {
    throw fail(
      t.start,
      close.end,
      `${t.value}() applies to metrics only, e.g. ${t.value}(metrics.loss) (column ${column(t.start)})`
    );
  }
  return {
    field: { ...inner.field, summary },
    span: { position: t.start, length: close.end - t.start },
    next: inner.next + 1
  };
}
