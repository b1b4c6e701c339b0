/**
 * What the explorer tells a person about a view beyond its rows: why it is empty, and where the
 * runs of an import they just made are. Pure functions over RunColumns, run in the worker.
 */
import { countOf } from '../components/format';
import { explainNoMatch, formatField, type QueryContext, type QueryNode } from '../query';
import type { DisplayOrder } from './display-order';
import type { ImportFocus, QueryProblem, SampledFilterNote } from './explorer-types';
import type { RunColumns } from './run-columns';

export interface EmptyViewInput {
  cols: RunColumns;
  ctx: QueryContext;
  /** 1 for runs the deleted switch and the experiment choice let through. */
  scope: Uint8Array;
  /** The parsed filter and its mask, when there is one. */
  ast: QueryNode | null;
  query: Uint8Array | null;
  quick: Uint8Array | null;
  quickText: string;
}

function note(message: string): QueryProblem {
  return { message, position: 0, length: 0 };
}

function countBoth(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i]! & b[i]!;
  return n;
}

/** Runs that match but are hidden by the deleted switch or the experiment choice. */
function hiddenMatches(input: EmptyViewInput): QueryProblem[] {
  const { cols, scope, query, quick } = input;
  let deleted = 0;
  let elsewhere = 0;
  for (let i = 0; i < cols.count; i++) {
    if (scope[i] || (query && !query[i]) || (quick && !quick[i])) continue;
    if (cols.deleted[i]) deleted++;
    else elsewhere++;
  }
  const out: QueryProblem[] = [];
  const verb = (n: number) => (n === 1 ? 'matches' : 'match');
  if (deleted > 0) {
    out.push(note(`${countOf(deleted, 'deleted run')} ${verb(deleted)}: tick "Show deleted"`));
  }
  if (elsewhere > 0) {
    out.push(
      note(`${countOf(elsewhere, 'run')} in experiments not chosen ${verb(elsewhere)}: show all`)
    );
  }
  return out;
}

/**
 * Why a view has no rows: matches that are only hidden (by the deleted switch or the experiment
 * choice: then that is the whole story), else the filter's names or values that no run has, a
 * quick search that keeps nothing, or an experiment choice with no live runs.
 */
export function whyEmpty(input: EmptyViewInput): QueryProblem[] {
  const hidden = hiddenMatches(input);
  if (hidden.length > 0) return hidden;
  const { cols, ctx, scope, ast, query, quick } = input;
  const out: QueryProblem[] = [];
  const inScope = scope.reduce((n, v) => n + v, 0);
  if (ast && query) {
    const reasons = explainNoMatch(ast, cols, scope, ctx);
    out.push(...reasons);
    const found = countBoth(query, scope);
    if (reasons.length === 0 && quick && found > 0) {
      out.push(
        note(
          `the quick search "${input.quickText.trim()}" keeps none of the ${countOf(found, 'run')} the filter finds`
        )
      );
    }
  } else if (quick && inScope > 0) {
    out.push(note(`no run in view has a name or value containing "${input.quickText.trim()}"`));
  } else if (inScope === 0) {
    out.push(note('the chosen experiments have no runs that are not deleted'));
  }
  return out;
}

/** Where the runs of one import sit in a view: how many there are, shown, and the first. */
export function importFocus(
  cols: RunColumns,
  order: DisplayOrder,
  mask: Uint8Array,
  importId: string,
  showDeleted: boolean
): ImportFocus {
  let runs = 0;
  let shown = 0;
  for (let i = 0; i < cols.count; i++) {
    if (cols.importIds[i] !== importId || (!showDeleted && cols.deleted[i])) continue;
    runs++;
    shown += mask[i]!;
  }
  let first = -1;
  for (let p = 0; p < order.rows.length && first < 0; p++) {
    if (!order.context[p] && cols.importIds[order.rows[p]!] === importId) first = p;
  }
  return { importId, runs, shown, first };
}

/** The metric figures a filter compares that a sampled history gives only approximately. */
function approximateFields(node: QueryNode, out: Map<string, string>): void {
  switch (node.kind) {
    case 'all':
      return;
    case 'and':
    case 'or':
      for (const child of node.children) approximateFields(child, out);
      return;
    case 'not':
      approximateFields(node.operand, out);
      return;
  }
  const { field } = node;
  // The last value and its step are exact in an overview (its last point is always kept).
  if (field.kind !== 'metric' || field.summary === 'last' || field.summary === 'lastStep') return;
  out.set(formatField(field), field.key);
}

/**
 * Runs in scope whose figure the filter reads (`min(metrics.loss)`, a mean, a count) comes from
 * a tracking server's sampled overview or its latest value, not from every point (run-columns.ts
 * `partial`): the filter may keep or drop them wrongly, and the page says so. Null when none.
 */
export function sampledFilterNote(
  cols: RunColumns,
  scope: Uint8Array,
  ast: QueryNode | null
): SampledFilterNote | null {
  if (!ast) return null;
  const fields = new Map<string, string>();
  approximateFields(ast, fields);
  const partial = [...new Set(fields.values())]
    .map((key) => cols.metrics.get(key)?.partial)
    .filter((p): p is Uint8Array => p !== undefined);
  if (partial.length === 0) return null;
  let runs = 0;
  for (let i = 0; i < cols.count; i++) {
    if (!scope[i]) continue;
    for (const p of partial) {
      if (p[i]) {
        runs++;
        break;
      }
    }
  }
  return runs > 0 ? { fields: [...fields.keys()], runs } : null;
}
