/**
 * Why a filter matched no run, in words a person can act on: the metric, param or tag that no run
 * has (with the nearest names that exist), the value no run holds (with the nearest values), the
 * range no value falls in, or, when every condition alone finds runs, that no run meets all of
 * them. Each condition is run on its own over the runs in scope; this costs one pass per condition
 * and runs only for an empty result.
 */
import type { RunColumns } from '../explorer/run-columns';
import { RUN_STATUSES } from '../model';
import type { Field, Literal, PredicateNode, QueryNode, QueryWarning } from './ast';
import { encodeColumn } from './encoded';
import { compileQuery } from './evaluate';
import { closest } from './fields';
import { formatField, formatQuery } from './format';
import type { QueryContext } from './sources';
import { numberSource, textSource } from './sources';

/** Distinct values looked at for "did you mean" and for listing what values there are. */
const VALUES_LOOKED_AT = 5000;
/** Values or names listed in one message. */
const LISTED = 5;

/** The leaves a match depends on: conditions under AND and OR, not those under NOT. */
function positiveLeaves(node: QueryNode, out: PredicateNode[]): PredicateNode[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const child of node.children) positiveLeaves(child, out);
      break;
    case 'not':
    case 'all':
      break;
    default:
      out.push(node);
  }
  return out;
}

function countIn(mask: Uint8Array, scope: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]! & scope[i]!;
  return n;
}

/** Up to `max` items, in words: "a, b or c". */
function either(items: readonly string[], max = LISTED): string {
  const shown = items.slice(0, max);
  if (items.length > max) return `${shown.join(', ')}…`;
  if (shown.length < 2) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

const ENTITY_WORD = { metric: 'metric', param: 'param', tag: 'tag' } as const;
const ENTITY_PREFIX = { metric: 'metrics', param: 'params', tag: 'tags' } as const;

function keysOf(cols: RunColumns, kind: 'metric' | 'param' | 'tag'): string[] {
  return [
    ...(kind === 'metric' ? cols.metrics : kind === 'param' ? cols.params : cols.tags).keys()
  ];
}

/**
 * Names close to a key that does not exist: a typo's reach, or keys whose last part is the key
 * (`loss` → `train/loss`, `val/loss`), or the same key under another entity (`metrics.lr` when
 * `lr` is a param).
 */
function nearNames(cols: RunColumns, kind: 'metric' | 'param' | 'tag', key: string): string[] {
  const keys = keysOf(cols, kind);
  const out: string[] = [];
  const typo = closest(key, keys);
  if (typo !== undefined) out.push(typo);
  const lower = key.toLowerCase();
  for (const k of keys) {
    const last = k.toLowerCase().split(/[/.:]/).at(-1);
    if (last === lower && !out.includes(k)) out.push(k);
  }
  for (const other of ['metric', 'param', 'tag'] as const) {
    if (other !== kind && keysOf(cols, other).includes(key))
      out.push(`${ENTITY_PREFIX[other]}.${key}`);
  }
  return out;
}

/** Distinct text values of a field among the runs in scope, most common first. */
function valuesInScope(
  cols: RunColumns,
  field: Field,
  ctx: QueryContext,
  scope: Uint8Array
): string[] {
  const src = textSource(cols, field, ctx);
  const counts = new Map<string, number>();
  const add = (v: string | undefined) => {
    if (v === undefined || (counts.size >= VALUES_LOOKED_AT && !counts.has(v))) return;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  };
  if (src.kind === 'coded') {
    for (let i = 0; i < scope.length; i++) if (scope[i]) add(src.dict[src.codes[i]!]);
  } else if (src.kind === 'strings') {
    const { codes, dict } = encodeColumn(src.values);
    for (let i = 0; i < scope.length; i++) {
      const c = codes[i]!;
      if (scope[i] && c >= 0) add(src.map ? src.map(dict[c]!) : dict[c]);
    }
  } else if (src.kind === 'lists') {
    for (let i = 0; i < scope.length; i++)
      if (scope[i]) for (const v of src.values[i] ?? []) add(v);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

function literalText(l: Literal): string {
  return String(l.value);
}

/** Smallest and largest value of a numeric field among the runs in scope. */
function rangeInScope(cols: RunColumns, field: Field, scope: Uint8Array): [number, number] | null {
  const src = numberSource(cols, field);
  if (!src) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < scope.length; i++) {
    if (!scope[i] || (src.present ? src.present[i] !== 1 : false)) continue;
    const x = src.values[i]!;
    if (x !== x) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? [lo, hi] : null;
}

function short(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}

/** How a field is named in "no run has …": `status`, `params.optimizer`, `metrics.loss`. */
function fieldName(field: Field): string {
  return field.kind === 'text-attribute' || field.kind === 'number-attribute'
    ? field.name
    : formatField(field);
}

/** The message for one condition that matches no run in scope. */
function explainLeaf(
  leaf: PredicateNode,
  cols: RunColumns,
  ctx: QueryContext,
  scope: Uint8Array
): string {
  const { field } = leaf;
  if (field.kind === 'metric' || field.kind === 'param' || field.kind === 'tag') {
    const exists =
      field.kind === 'metric'
        ? cols.metrics.has(field.key)
        : (field.kind === 'param' ? cols.params : cols.tags).has(field.key);
    if (!exists) {
      const near = nearNames(cols, field.kind, field.key);
      const mean = near.length > 0 ? `; did you mean ${either(near)}?` : '';
      return `no ${ENTITY_WORD[field.kind]} named ${field.key}${mean}`;
    }
    const has = compileQuery({ kind: 'null', field, negated: true, span: leaf.span })(cols, ctx);
    if (countIn(has, scope) === 0) {
      return `no run in view has ${formatField(field)} (only runs hidden by the experiment choice or the deleted filter do)`;
    }
  }
  const name = fieldName(field);
  if (leaf.kind === 'compare' || leaf.kind === 'in') {
    const wanted = leaf.kind === 'compare' ? [leaf.value] : leaf.values;
    const equality = leaf.kind === 'in' ? !leaf.negated : leaf.op === '=';
    if (equality && field.kind !== 'metric' && field.kind !== 'number-attribute') {
      const known =
        field.kind === 'text-attribute' && field.name === 'status'
          ? [...RUN_STATUSES]
          : valuesInScope(cols, field, ctx, scope);
      const shown = wanted.map(literalText);
      const hints = shown.flatMap((v) => closest(v, known) ?? []).filter((h) => !shown.includes(h));
      const separator = field.kind === 'text-attribute' ? ' ' : ' = ';
      const head = `no run has ${name}${separator}${either(shown, 10)}`;
      const mean = hints.length > 0 ? `; did you mean ${either(hints)}?` : '';
      const values = known.length > 0 ? ` (values: ${either(known)})` : '';
      return `${head}${mean}${hints.length > 0 ? '' : values}`;
    }
  }
  if (leaf.kind === 'compare' || leaf.kind === 'range') {
    const range = rangeInScope(cols, field, scope);
    if (range && (field.kind === 'metric' || field.kind === 'number-attribute')) {
      const span =
        range[0] === range[1] ? short(range[0]) : `${short(range[0])} to ${short(range[1])}`;
      return `no run has ${formatQuery(leaf)} (${name} runs from ${span})`;
    }
  }
  return `no run matches ${formatQuery(leaf)}`;
}

/**
 * Reasons a parsed filter matched none of the runs in `scope` (1 = in scope: not deleted, in the
 * chosen experiments); empty when some run in scope matches.
 */
export function explainNoMatch(
  ast: QueryNode,
  cols: RunColumns,
  scope: Uint8Array,
  ctx: QueryContext = {}
): QueryWarning[] {
  const leaves = positiveLeaves(ast, []);
  const out: QueryWarning[] = [];
  const counts: { leaf: PredicateNode; runs: number }[] = [];
  for (const leaf of leaves) {
    const runs = countIn(compileQuery(leaf)(cols, ctx), scope);
    counts.push({ leaf, runs });
    if (runs === 0) out.push({ message: explainLeaf(leaf, cols, ctx, scope), ...leaf.span });
  }
  if (out.length > 0 || countIn(compileQuery(ast)(cols, ctx), scope) > 0) return out;
  if (counts.length > 1) {
    const each = counts.map((c) => `${formatQuery(c.leaf)}: ${c.runs}`).join('; ');
    return [
      {
        message: `each condition matches runs on its own (${each}), but no run matches all of them`,
        position: 0,
        length: 0
      }
    ];
  }
  return [];
}
