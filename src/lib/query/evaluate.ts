/**
 * Compiles a parsed filter into a function from RunColumns to a row mask. Each condition fills one
 * mask over all rows; AND, OR and NOT combine masks in typed-array loops, with scratch masks
 * reused through a small pool, so a query costs a few passes over the rows and a few allocations.
 */
import { regexEngine } from './regex-engine';
import type { RunColumns } from '../explorer/run-columns';
import type { Field, Literal, PredicateNode, QueryNode } from './ast';
import { fieldType } from './fields';
import {
  compareNumbers,
  compareTextOp,
  nullNumbers,
  nullText,
  rangeNumbers,
  testNumbers,
  testText
} from './kernels';
import { compileLike } from './like';
import type { QueryContext } from './sources';
import { numberSource, numericColumn, textSource } from './sources';

interface Env {
  cols: RunColumns;
  ctx: QueryContext;
  pool: Uint8Array[];
}

type Kernel = (env: Env, out: Uint8Array) => void;

/** A compiled filter: 1 for each row that matches. */
export type CompiledQuery = (cols: RunColumns, ctx?: QueryContext) => Uint8Array;

function take(env: Env): Uint8Array {
  return env.pool.pop() ?? new Uint8Array(env.cols.count);
}

function literalNumber(l: Literal): number {
  return l.type === 'number' ? l.value : l.type === 'boolean' ? (l.value ? 1 : 0) : NaN;
}

/** Fields whose comparison with this literal is numeric (params/tags only for number literals). */
function numeric(field: Field, literal: Literal): boolean {
  const type = fieldType(field);
  return type === 'number' || type === 'boolean' || (type === 'flex' && literal.type === 'number');
}

function textKernel(field: Field, test: (v: string) => boolean): Kernel {
  return (env, out) => testText(out, textSource(env.cols, field, env.ctx), test);
}

/** Present and not matching: MLflow's rule that a missing value never satisfies `!=`. */
function negate(test: (v: string) => boolean, negated: boolean): (v: string) => boolean {
  return negated ? (v) => !test(v) : test;
}

function compileIn(field: Field, values: Literal[], negated: boolean): Kernel {
  const type = fieldType(field);
  const numbers = new Set(values.filter((v) => v.type !== 'string').map(literalNumber));
  const strings = new Set(values.flatMap((v) => (v.type === 'string' ? [v.value] : [])));
  if (type === 'number' || type === 'boolean') {
    return (env, out) =>
      testNumbers(out, numberSource(env.cols, field), (x) => numbers.has(x) !== negated);
  }
  if (type !== 'flex' || numbers.size === 0) {
    return textKernel(field, (v) => strings.has(v) !== negated);
  }
  // Params and tags with number items: `x IN (1, 'a')` is `x = 1 OR x = 'a'`, and NOT IN is the
  // AND of the `!=`s, so a non-numeric value is never "not in" a list of numbers.
  return (env, out) => {
    const src = textSource(env.cols, field, env.ctx);
    if (src.kind !== 'strings') {
      out.fill(0);
      return;
    }
    const parsed = numericColumn(src.values);
    for (let i = 0; i < out.length; i++) {
      const v = src.values[i];
      if (v === null || v === undefined) {
        out[i] = 0;
        continue;
      }
      const x = parsed[i]!;
      const hit = strings.has(v) || numbers.has(x);
      out[i] = (negated ? !hit && x === x : hit) ? 1 : 0;
    }
  };
}

function compilePredicate(node: PredicateNode): Kernel {
  const field = node.field;
  if (field.kind === 'unavailable') {
    const all = node.kind === 'null' && !node.negated ? 1 : 0;
    return (_env, out) => out.fill(all);
  }
  switch (node.kind) {
    case 'compare': {
      const { op, value } = node;
      if (numeric(field, value)) {
        const v = literalNumber(value);
        return (env, out) => compareNumbers(out, numberSource(env.cols, field), op, v);
      }
      return textKernel(field, compareTextOp(op, value.type === 'string' ? value.value : ''));
    }
    case 'in':
      return compileIn(field, node.values, node.negated);
    case 'like':
      return textKernel(
        field,
        negate(compileLike(node.pattern, node.caseInsensitive), node.negated)
      );
    case 'regex': {
      const re = regexEngine().compile(node.pattern);
      return textKernel(
        field,
        negate((v) => re.test(v), node.negated)
      );
    }
    case 'range': {
      const { low, high, lowInclusive, highInclusive, negated } = node;
      if (numeric(field, low)) {
        const lo = literalNumber(low);
        const hi = literalNumber(high);
        return (env, out) =>
          rangeNumbers(
            out,
            numberSource(env.cols, field),
            lo,
            hi,
            lowInclusive,
            highInclusive,
            negated
          );
      }
      const lo = low.type === 'string' ? low.value : '';
      const hi = high.type === 'string' ? high.value : '';
      const inside = (v: string) =>
        (lowInclusive ? v >= lo : v > lo) && (highInclusive ? v <= hi : v < hi);
      return textKernel(field, negate(inside, negated));
    }
    case 'null': {
      const negated = node.negated;
      const type = fieldType(field);
      if (type === 'number' || type === 'boolean') {
        return (env, out) => nullNumbers(out, numberSource(env.cols, field), negated);
      }
      return (env, out) => nullText(out, textSource(env.cols, field, env.ctx), negated);
    }
  }
}

function compileJoin(kind: 'and' | 'or', children: Kernel[]): Kernel {
  const [first, ...rest] = children;
  return (env, out) => {
    if (!first) {
      out.fill(kind === 'and' ? 1 : 0);
      return;
    }
    first(env, out);
    for (const child of rest) {
      const tmp = take(env);
      child(env, tmp);
      // Whether any row can still change (a 1 for AND, a 0 for OR), kept without a branch per row.
      let open = 0;
      if (kind === 'and') {
        for (let i = 0; i < out.length; i++) open |= out[i] = out[i]! & tmp[i]!;
      } else {
        for (let i = 0; i < out.length; i++) open |= 1 - (out[i] = out[i]! | tmp[i]!);
      }
      const settled = open === 0;
      env.pool.push(tmp);
      if (settled) return;
    }
  };
}

function compileNode(node: QueryNode): Kernel {
  switch (node.kind) {
    case 'all':
      return (_env, out) => out.fill(1);
    case 'and':
    case 'or':
      return compileJoin(node.kind, node.children.map(compileNode));
    case 'not': {
      const inner = compileNode(node.operand);
      return (env, out) => {
        inner(env, out);
        for (let i = 0; i < out.length; i++) out[i] = 1 - out[i]!;
      };
    }
    default:
      return compilePredicate(node);
  }
}

/** Compiles a parsed query once; the result can run over any RunColumns. */
export function compileQuery(query: QueryNode): CompiledQuery {
  const kernel = compileNode(query);
  return (cols, ctx = {}) => {
    const out = new Uint8Array(cols.count);
    kernel({ cols, ctx, pool: [] }, out);
    return out;
  };
}

/** Number of ones in a mask. */
export function countMask(mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) c += mask[i]!;
  return c;
}

/** Indices of the rows whose mask is 1, in row order (`count`: the mask's ones, when known). */
export function maskToRows(mask: Uint8Array, count = countMask(mask)): Uint32Array {
  // Every row is written at k and kept by moving k only where the mask is 1: no branch per row.
  const rows = new Uint32Array(count + 1);
  let k = 0;
  for (let i = 0; i < mask.length; i++) {
    rows[k] = i;
    k += mask[i]!;
  }
  return rows.subarray(0, count);
}
