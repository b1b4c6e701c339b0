/**
 * Non-fatal notes about a query that parsed: conditions that can never match because Runlens does
 * not keep the field, or because the value is not one the field ever takes (`status = 'finished'`).
 */
import { RUN_STATUSES } from '../model';
import type { Literal, QueryNode, QueryWarning } from './ast';
import { closest } from './fields';

const VOCABULARIES: Partial<Record<string, readonly string[]>> = {
  status: RUN_STATUSES,
  lifecycle_stage: ['active', 'deleted']
};

function literalsOf(node: QueryNode): Literal[] {
  if (node.kind === 'compare' && (node.op === '=' || node.op === '!=')) return [node.value];
  if (node.kind === 'in') return node.values;
  return [];
}

function visit(node: QueryNode, out: QueryWarning[]): void {
  switch (node.kind) {
    case 'all':
      return;
    case 'and':
    case 'or':
      for (const child of node.children) visit(child, out);
      return;
    case 'not':
      visit(node.operand, out);
      return;
  }
  const { field, span } = node;
  if (field.kind === 'unavailable') {
    out.push({
      message: `Runlens does not keep ${field.name}: this condition matches no run`,
      ...span
    });
    return;
  }
  const known = field.kind === 'text-attribute' ? VOCABULARIES[field.name] : undefined;
  if (!known || field.kind !== 'text-attribute') return;
  for (const literal of literalsOf(node)) {
    const value = String(literal.value);
    if (known.includes(value)) continue;
    const hint = closest(value, known);
    const mean = hint ? `; did you mean ${hint}?` : '';
    out.push({
      message: `no run has ${field.name} '${value}' (values are ${known.join(', ')}${mean})`,
      ...span
    });
  }
}

/** Warnings for a parsed query, in query order. */
export function queryWarnings(ast: QueryNode): QueryWarning[] {
  const out: QueryWarning[] = [];
  visit(ast, out);
  return out;
}
