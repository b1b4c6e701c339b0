/**
 * Splits a Runlens query (../query) into the part an MLflow server evaluates (runs/search
 * `filter`: `comparison (AND comparison)*`, mlflow/utils/search_utils.py) and the part Runlens
 * finishes over the runs the server sends back (OR, NOT, regex, IS NULL, summary functions, the
 * numeric reading of params, Runlens's own attributes…).
 *
 * Only top-level AND terms are pushed. A pushed term is either exact (the server's answer is
 * exactly Runlens's: text equality, run ids, times) or a pre-filter whose answer contains
 * Runlens's and which is checked again locally:
 * - metric comparisons: a SQL store keeps NaN as 0 (plus an is_nan flag it does not filter on),
 *   so `metrics.x < 1` also matches a NaN last value, which Runlens never does;
 * - LIKE / ILIKE: SQLite's LIKE ignores ASCII case, Runlens's (and PostgreSQL's) does not.
 * `metrics.x != v` is never pushed: Runlens matches a NaN last value, a SQL store does not.
 */
import type { Field, Literal, PredicateNode, QueryNode } from '../query';
import { formatQuery, loadRegexEngine, mayUseRegex, parseQuery } from '../query';

export interface PushedTerm {
  /** The MLflow filter text of this term. */
  text: string;
  /** True when the server's answer is exactly Runlens's; false for a pre-filter. */
  exact: boolean;
}

export interface SplitQuery {
  /** The runs/search `filter`, '' when nothing can be pushed. */
  serverFilter: string;
  pushed: PushedTerm[];
  /** What Runlens evaluates over the server's answer (`{kind: 'all'}` when nothing is left). */
  local: QueryNode;
  /** The local part as text, for showing which clauses are finished locally ('' when none). */
  localText: string;
}

/** A key as MLflow's parser reads it: bare when plain, else in backticks (or double quotes). */
function mlflowKey(key: string): string | null {
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key)) return key;
  if (!key.includes('`')) return `\`${key}\``;
  if (!key.includes('"')) return `"${key}"`;
  return null;
}

/** A string literal: MLflow strips the outer quotes and has no escapes. */
function mlflowString(value: string): string | null {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return null;
}

/** A finite number in plain decimal notation (MLflow's tokenizer and exponents do not mix). */
function mlflowNumber(literal: Literal): string | null {
  if (literal.type !== 'number' || !Number.isFinite(literal.value)) return null;
  const text = String(literal.value);
  return /e/i.test(text) ? null : text;
}

/** MLflow's name for a field, and whether comparing it there is exact; null if not pushable. */
function mlflowField(field: Field): { name: string; kind: 'metric' | 'text' | 'number' } | null {
  switch (field.kind) {
    case 'metric': {
      const key = field.summary === 'last' ? mlflowKey(field.key) : null;
      return key ? { name: `metrics.${key}`, kind: 'metric' } : null;
    }
    case 'param':
    case 'tag': {
      const key = mlflowKey(field.key);
      return key ? { name: `${field.kind}s.${key}`, kind: 'text' } : null;
    }
    case 'text-attribute':
      // Runlens's user_id is the mlflow.user tag, MLflow's the run's user_id: not the same.
      if (field.name === 'run_name' || field.name === 'status' || field.name === 'run_id')
        return { name: `attributes.${field.name}`, kind: 'text' };
      return null;
    case 'number-attribute':
      if (field.name === 'start_time' || field.name === 'end_time')
        return { name: `attributes.${field.name}`, kind: 'number' };
      return null;
    default:
      return null;
  }
}

/** One predicate as MLflow terms (a range gives two), or null when it stays local. */
function pushPredicate(node: PredicateNode): PushedTerm[] | null {
  const field = mlflowField(node.field);
  if (!field) return null;
  if (node.kind === 'compare') {
    if (field.kind === 'text') {
      if (node.value.type !== 'string' || (node.op !== '=' && node.op !== '!=')) return null;
      const value = mlflowString(node.value.value);
      return value ? [{ text: `${field.name} ${node.op} ${value}`, exact: true }] : null;
    }
    if (field.kind === 'metric' && node.op === '!=') return null;
    const value = mlflowNumber(node.value);
    if (value === null) return null;
    return [{ text: `${field.name} ${node.op} ${value}`, exact: field.kind === 'number' }];
  }
  if (node.kind === 'like') {
    // Runlens reads `\` as an escape; SQLite's LIKE (as MLflow calls it) has none.
    if (field.kind !== 'text' || node.negated || node.pattern.includes('\\')) return null;
    const value = mlflowString(node.pattern);
    const op = node.caseInsensitive ? 'ILIKE' : 'LIKE';
    return value ? [{ text: `${field.name} ${op} ${value}`, exact: false }] : null;
  }
  if (node.kind === 'in') {
    if (node.field.kind !== 'text-attribute' || node.field.name !== 'run_id') return null;
    const values = node.values.map((v) => (v.type === 'string' ? mlflowString(v.value) : null));
    if (values.some((v) => v === null) || values.length === 0) return null;
    const op = node.negated ? 'NOT IN' : 'IN';
    return [{ text: `${field.name} ${op} (${values.join(', ')})`, exact: true }];
  }
  if (node.kind === 'range') {
    if (node.negated || field.kind === 'text') return null;
    const low = mlflowNumber(node.low);
    const high = mlflowNumber(node.high);
    if (low === null || high === null) return null;
    const exact = field.kind === 'number';
    return [
      { text: `${field.name} ${node.lowInclusive ? '>=' : '>'} ${low}`, exact },
      { text: `${field.name} ${node.highInclusive ? '<=' : '<'} ${high}`, exact }
    ];
  }
  return null;
}

/** The top-level AND terms of a query (nested ANDs flattened). */
function conjuncts(node: QueryNode): QueryNode[] {
  if (node.kind === 'and') return node.children.flatMap(conjuncts);
  if (node.kind === 'all') return [];
  return [node];
}

/** Splits a parsed query into MLflow's filter and what is left for Runlens to finish. */
export function splitQuery(query: QueryNode): SplitQuery {
  const pushed: PushedTerm[] = [];
  const local: QueryNode[] = [];
  for (const term of conjuncts(query)) {
    const isPredicate = term.kind !== 'and' && term.kind !== 'or' && term.kind !== 'not';
    const terms = isPredicate && term.kind !== 'all' ? pushPredicate(term) : null;
    if (!terms) {
      local.push(term);
      continue;
    }
    pushed.push(...terms);
    if (terms.some((t) => !t.exact)) local.push(term);
  }
  const localNode: QueryNode =
    local.length === 0
      ? { kind: 'all' }
      : local.length === 1
        ? local[0]!
        : { kind: 'and', children: local };
  return {
    serverFilter: pushed.map((t) => t.text).join(' AND '),
    pushed,
    local: localNode,
    localText: local.length === 0 ? '' : formatQuery(localNode)
  };
}

/**
 * A filter as typed (the connect dialog shows where each part runs before fetching): the split,
 * or why it does not parse. Loads the regex engine first when the text may hold a regex.
 */
export async function splitFilterText(
  text: string
): Promise<{ ok: true; serverFilter: string; localText: string } | { ok: false; message: string }> {
  if (mayUseRegex(text)) await loadRegexEngine();
  const parsed = parseQuery(text);
  if (!parsed.ok) {
    return {
      ok: false,
      message: `${parsed.error.message} (at column ${parsed.error.position + 1})`
    };
  }
  const split = splitQuery(parsed.ast);
  return { ok: true, serverFilter: split.serverFilter, localText: split.localText };
}
