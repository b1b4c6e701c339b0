/**
 * Prints a query back as text that parses to the same query: for the URL, for showing a
 * normalised filter, and for the round-trip property tests.
 */
import type { Field, Literal, QueryNode } from './ast';

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;

function key(k: string): string {
  return BARE_KEY.test(k) ? k : '`' + k.replace(/`/g, '``') + '`';
}

const SUMMARY_FUNCTION = {
  min: 'min',
  max: 'max',
  mean: 'mean',
  count: 'count',
  lastStep: 'last_step'
} as const;

/** The text form of a field, e.g. `metrics.loss`, `min(metrics.loss)`, `attributes.status`. */
export function formatField(field: Field): string {
  switch (field.kind) {
    case 'metric': {
      const name = `metrics.${key(field.key)}`;
      return field.summary === 'last' ? name : `${SUMMARY_FUNCTION[field.summary]}(${name})`;
    }
    case 'param':
      return `params.${key(field.key)}`;
    case 'tag':
      return `tags.${key(field.key)}`;
    case 'text-attribute':
    case 'number-attribute':
      return `attributes.${field.name}`;
    case 'deleted':
      return 'attributes.deleted';
    case 'registered':
      return 'attributes.registered';
    case 'unavailable':
      return field.name.includes('.') ? field.name : `attributes.${field.name}`;
  }
}

function literal(l: Literal): string {
  switch (l.type) {
    case 'number':
      if (l.value === Infinity) return 'inf';
      if (l.value === -Infinity) return '-inf';
      return String(l.value);
    case 'string':
      return `'${l.value.replace(/'/g, "''")}'`;
    case 'boolean':
      return String(l.value);
  }
}

function quoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** `all` has no text of its own; inside AND/OR/NOT it is written as a condition every run meets. */
const EVERY_RUN = 'attributes.run_id IS NOT NULL';

function child(node: QueryNode, wrap: readonly QueryNode['kind'][]): string {
  if (node.kind === 'all') return EVERY_RUN;
  const text = formatQuery(node);
  return wrap.includes(node.kind) ? `(${text})` : text;
}

/** Prints a query; `parseQuery(formatQuery(q))` gives q back (spans aside). */
export function formatQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'all':
      return '';
    case 'and':
      return node.children.map((c) => child(c, ['and', 'or'])).join(' AND ');
    case 'or':
      return node.children.map((c) => child(c, ['or'])).join(' OR ');
    case 'not':
      // Parentheses are not needed around a single condition, but they make NOT's reach plain.
      return node.operand.kind === 'not'
        ? `NOT ${formatQuery(node.operand)}`
        : `NOT (${formatQuery(node.operand) || EVERY_RUN})`;
    case 'compare':
      return `${formatField(node.field)} ${node.op} ${literal(node.value)}`;
    case 'in': {
      const not = node.negated ? 'NOT ' : '';
      return `${formatField(node.field)} ${not}IN (${node.values.map(literal).join(', ')})`;
    }
    case 'like': {
      const op = (node.negated ? 'NOT ' : '') + (node.caseInsensitive ? 'ILIKE' : 'LIKE');
      return `${formatField(node.field)} ${op} ${quoted(node.pattern)}`;
    }
    case 'regex':
      return `${formatField(node.field)} ${node.negated ? 'NOT ' : ''}REGEXP ${quoted(node.pattern)}`;
    case 'range': {
      const f = formatField(node.field);
      if (node.lowInclusive && node.highInclusive) {
        const not = node.negated ? 'NOT ' : '';
        return `${f} ${not}BETWEEN ${literal(node.low)} AND ${literal(node.high)}`;
      }
      const lo = node.lowInclusive ? '<=' : '<';
      const hi = node.highInclusive ? '<=' : '<';
      const chain = `${literal(node.low)} ${lo} ${f} ${hi} ${literal(node.high)}`;
      return node.negated ? `NOT (${chain})` : chain;
    }
    case 'null':
      return `${formatField(node.field)} IS ${node.negated ? 'NOT ' : ''}NULL`;
  }
}
