/**
 * Compiles a parsed filter into a function from RunColumns to a row mask. A conjunction of
 * numeric and text conditions (the common query) is ANDed condition by condition into one mask,
 * one tight pass over a typed column each, with no scratch mask; OR and NOT fill masks of their
 * own and combine them in typed-array loops, with scratch masks reused through a small pool.
 */
import { regexEngine } from './regex-engine';
import type { RunColumns } from '../explorer/run-columns';
import type { Field, Literal, PredicateNode, QueryNode } from './ast';
import { fieldType } from './fields';
import {
  andInterval,
  andText,
  compareInterval,
  compareTextOp,
  nullNumbers,
  nullText,
  rangeInterval,
  testNumbers,
  testText,
  type Interval
} from './kernels';
import { compileLike } from './like';
import { intervalNarrower, narrowAll, textNarrower, type NarrowStep } from './narrow';
import type { QueryContext } from './sources';
import { numberSource, numericColumn, textSource } from './sources';

interface Env {
  cols: RunColumns;
  ctx: QueryContext;
  pool: Uint8Array[];
}

type Kernel = (env: Env, out: Uint8Array) => void;

/**
 * A compiled node both ways: `write` fills the mask, `and` ANDs the node's matches into it and
 * answers whether any row is still 1 (an AND stops at the first condition that leaves none).
 */
interface Compiled {
  write: Kernel;
  and: (env: Env, out: Uint8Array) => boolean;
  /**
   * The node as the conditions of a conjunction narrowing candidate rows (narrow.ts), when each
   * has a narrowing form over these columns; null when one has none (then the mask is used).
   */
  narrow?: (env: Env) => NarrowStep[] | null;
}

/** ANDs through a scratch mask: for nodes that have no in-place form. */
function viaScratch(write: Kernel): Compiled {
  return {
    write,
    and: (env, out) => {
      const tmp = take(env);
      write(env, tmp);
      let open = 0;
      for (let i = 0; i < out.length; i++) open |= out[i] = out[i]! & tmp[i]!;
      env.pool.push(tmp);
      return open !== 0;
    }
  };
}

/** A node defined by its in-place AND: writing is ANDing into a mask of ones. */
function viaAnd(and: Compiled['and']): Compiled {
  return {
    write: (env, out) => {
      out.fill(1);
      and(env, out);
    },
    and
  };
}

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

function textKernel(field: Field, test: (v: string) => boolean): Compiled {
  return {
    write: (env, out) => testText(out, textSource(env.cols, field, env.ctx), test),
    and: (env, out) => andText(out, textSource(env.cols, field, env.ctx), test),
    narrow: (env) => {
      const step = textNarrower(textSource(env.cols, field, env.ctx), test);
      return step && [step];
    }
  };
}

function intervalKernel(field: Field, interval: Interval): Compiled {
  return {
    ...viaAnd((env, out) => andInterval(out, numberSource(env.cols, field), interval)),
    narrow: (env) => [intervalNarrower(numberSource(env.cols, field), interval)]
  };
}

/** Present and not matching: MLflow's rule that a missing value never satisfies `!=`. */
function negate(test: (v: string) => boolean, negated: boolean): (v: string) => boolean {
  return negated ? (v) => !test(v) : test;
}

function compileIn(field: Field, values: Literal[], negated: boolean): Compiled {
  const write = inKernel(field, values, negated);
  return 'write' in write ? write : viaScratch(write);
}

function inKernel(field: Field, values: Literal[], negated: boolean): Kernel | Compiled {
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

function compilePredicate(node: PredicateNode): Compiled {
  const field = node.field;
  if (field.kind === 'unavailable') {
    const all = node.kind === 'null' && !node.negated ? 1 : 0;
    return viaScratch((_env, out) => out.fill(all));
  }
  switch (node.kind) {
    case 'compare': {
      const { op, value } = node;
      if (numeric(field, value))
        return intervalKernel(field, compareInterval(op, literalNumber(value)));
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
        const interval = rangeInterval(
          literalNumber(low),
          literalNumber(high),
          lowInclusive,
          highInclusive,
          negated
        );
        return intervalKernel(field, interval);
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
        return viaScratch((env, out) => nullNumbers(out, numberSource(env.cols, field), negated));
      }
      return viaScratch((env, out) => nullText(out, textSource(env.cols, field, env.ctx), negated));
    }
  }
}

function compileJoin(kind: 'and' | 'or', children: Compiled[]): Compiled {
  const [first, ...rest] = children;
  if (kind === 'and') {
    // Each condition ANDs into the one mask; once no row is left the rest cannot add any.
    const and = (env: Env, out: Uint8Array) => {
      for (const child of children) if (!child.and(env, out)) return false;
      return true;
    };
    const narrow = (env: Env) => {
      const steps: NarrowStep[] = [];
      for (const child of children) {
        const part = child.narrow?.(env) ?? null;
        if (!part) return null;
        steps.push(...part);
      }
      return steps;
    };
    return { ...viaAnd(and), narrow };
  }
  return viaScratch((env, out) => {
    if (!first) {
      out.fill(0);
      return;
    }
    first.write(env, out);
    for (const child of rest) {
      const tmp = take(env);
      child.write(env, tmp);
      // Whether any row is still 0, kept without a branch per row: once all are 1, OR is done.
      let open = 0;
      for (let i = 0; i < out.length; i++) open |= 1 - (out[i] = out[i]! | tmp[i]!);
      env.pool.push(tmp);
      if (open === 0) return;
    }
  });
}

function compileNode(node: QueryNode): Compiled {
  switch (node.kind) {
    case 'all':
      return { ...viaAnd(() => true), narrow: () => [] };
    case 'and':
    case 'or':
      return compileJoin(node.kind, node.children.map(compileNode));
    case 'not': {
      const inner = compileNode(node.operand);
      return viaScratch((env, out) => {
        inner.write(env, out);
        for (let i = 0; i < out.length; i++) out[i] = 1 - out[i]!;
      });
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
    kernel.write({ cols, ctx, pool: [] }, out);
    return out;
  };
}

/**
 * A compiled filter that ANDs its matches into a mask the caller owns (the explorer's mask of
 * runs in scope): no mask of its own, no pass to combine them.
 */
export type CompiledQueryInto = (cols: RunColumns, ctx: QueryContext, out: Uint8Array) => void;

/** Compiles a parsed query once into the in-place form. */
export function compileQueryInto(query: QueryNode): CompiledQueryInto {
  const kernel = compileNode(query);
  return (cols, ctx, out) => {
    kernel.and({ cols, ctx, pool: [] }, out);
  };
}

/**
 * A compiled filter that lists the matching rows among the candidates (every run when
 * `candidates` is null, else the rows it marks 1) in `rows[0, m)`, in row order, and answers `m`
 * (narrow.ts); or null, before touching `rows`, when some condition has no such form over these
 * columns (OR, NOT, IN, IS NULL, coded attributes…): then `compileQueryInto` is the way.
 * `rows` holds at least `cols.count` entries.
 */
export type CompiledQueryNarrow = (
  cols: RunColumns,
  ctx: QueryContext,
  rows: Uint32Array,
  candidates: Uint8Array | null
) => number | null;

/** Compiles a parsed query once into the narrowing form. */
export function compileQueryNarrow(query: QueryNode): CompiledQueryNarrow {
  const kernel = compileNode(query);
  return (cols, ctx, rows, candidates) => {
    const steps = kernel.narrow?.({ cols, ctx, pool: [] }) ?? null;
    return steps ? narrowAll(steps)(rows, cols.count, candidates) : null;
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
