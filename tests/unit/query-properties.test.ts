import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/lib/db/rows';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import type { RunColumns } from '../../src/lib/explorer/run-columns';
import type { MetricSummary } from '../../src/lib/model';
import { RUN_STATUSES, parseNumberToken } from '../../src/lib/model';
import type { Comparator, Field, Literal, QueryNode } from '../../src/lib/query';
import {
  compileQuery,
  compileQueryInto,
  compileQueryNarrow,
  formatQuery,
  parseQuery
} from '../../src/lib/query';

// ---- generated libraries -------------------------------------------------------------------

const PARAM_KEYS = ['lr', 'model', '__proto__', 'a.b'];
const METRIC_KEYS = ['loss', 'acc'];
const TEXTS = ['0.1', '1', '10', '1e-3', 'abc', 'Tree', 'tree', '', 'nan', 'a.b', 'a%b', 'x😀'];
const NUMBERS = [0, 0.1, 0.5, 1, -1, 10, NaN, Infinity];

interface Spec {
  name: string | null;
  status: number;
  start: number | null;
  params: [string, string][];
  tags: [string, string][];
  metrics: [string, MetricSummary][];
}

const summaryArb = fc
  .record({ last: fc.constantFrom(...NUMBERS), min: fc.constantFrom(...NUMBERS), count: fc.nat(5) })
  .map((s): MetricSummary => ({
    ...s,
    max: s.last,
    mean: s.last,
    lastStep: s.count,
    firstStep: 0
  }));

const entries = <T>(keys: string[], value: fc.Arbitrary<T>) =>
  fc.uniqueArray(fc.tuple(fc.constantFrom(...keys), value), { selector: (e) => e[0] });

const specArb: fc.Arbitrary<Spec> = fc.record({
  name: fc.option(fc.constantFrom(...TEXTS), { nil: null }),
  status: fc.nat(RUN_STATUSES.length - 1),
  start: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  params: entries(PARAM_KEYS, fc.constantFrom(...TEXTS)),
  tags: entries(PARAM_KEYS, fc.constantFrom(...TEXTS)),
  metrics: entries(METRIC_KEYS, summaryArb)
});

function toRow(s: Spec, i: number): RunRow {
  return {
    key: `f|0|r${i}`,
    importId: 'i',
    experimentKey: 'f|0',
    sourceFormat: 'f',
    sourceFile: 'f',
    id: `r${i}`,
    experimentId: '0',
    name: s.name,
    status: RUN_STATUSES[s.status]!,
    startTime: s.start,
    endTime: null,
    deleted: false,
    parentId: null,
    params: new Map(s.params),
    tags: new Map(s.tags),
    metrics: new Map(s.metrics),
    artifactCount: 0
  };
}

const libraryArb = fc.array(specArb, { maxLength: 25 });

// ---- generated queries ---------------------------------------------------------------------

const OPS: Comparator[] = ['=', '!=', '<', '<=', '>', '>='];
const num = fc
  .constantFrom(0, 0.1, 0.5, 1, -1, 10, Infinity)
  .map((value): Literal => ({ type: 'number', value }));
const str = fc.constantFrom(...TEXTS).map((value): Literal => ({ type: 'string', value }));
const metricField = fc
  .record({
    key: fc.constantFrom(...METRIC_KEYS, 'missing'),
    summary: fc.constantFrom('last' as const, 'min' as const, 'count' as const)
  })
  .map((f): Field => ({ kind: 'metric', ...f }));
const textField = fc.oneof(
  fc.constantFrom(...PARAM_KEYS, 'missing').map((key): Field => ({ kind: 'param', key })),
  fc.constantFrom(...PARAM_KEYS).map((key): Field => ({ kind: 'tag', key })),
  fc.constant<Field>({ kind: 'text-attribute', name: 'run_name' }),
  fc.constant<Field>({ kind: 'text-attribute', name: 'status' })
);
const span = { position: 0, length: 0 };

const predicateArb: fc.Arbitrary<QueryNode> = fc.oneof(
  fc
    .record({ field: metricField, op: fc.constantFrom(...OPS), value: num })
    .map((p): QueryNode => ({ kind: 'compare', ...p, span })),
  fc
    .record({ field: textField, op: fc.constantFrom(...OPS), value: fc.oneof(str, num) })
    .map((p): QueryNode => {
      // Text attributes take only quoted values; params and tags also take numbers.
      const value =
        p.field.kind === 'text-attribute' && p.value.type === 'number'
          ? { type: 'string' as const, value: String(p.value.value) }
          : p.value;
      return { kind: 'compare', ...p, value, span };
    }),
  fc
    .record({
      field: textField,
      pattern: fc.stringMatching(/^[ab%_.\\]{0,5}$/),
      caseInsensitive: fc.boolean(),
      negated: fc.boolean()
    })
    .map((p): QueryNode => ({ kind: 'like', ...p, span })),
  fc
    .record({
      field: textField,
      pattern: fc.constantFrom('tree|forest', '^a', '(?i)TREE', '\\d+', '(a+)+$', ''),
      negated: fc.boolean()
    })
    .map((p): QueryNode => ({ kind: 'regex', ...p, span })),
  fc
    .record({ field: fc.oneof(metricField, textField), negated: fc.boolean() })
    .map((p): QueryNode => ({ kind: 'null', ...p, span })),
  fc
    .record({
      field: textField,
      values: fc.array(str, { minLength: 1, maxLength: 3 }),
      negated: fc.boolean()
    })
    .map((p): QueryNode => ({ kind: 'in', ...p, span })),
  fc
    .record({
      field: metricField,
      a: num,
      b: num,
      lowInclusive: fc.boolean(),
      highInclusive: fc.boolean()
    })
    .map(({ field, a, b, lowInclusive, highInclusive }): QueryNode => {
      const both = lowInclusive && highInclusive;
      return {
        kind: 'range',
        field,
        low: a,
        high: b,
        lowInclusive,
        highInclusive,
        negated: both && a.value === 0,
        span
      };
    })
);

const queryArb: fc.Arbitrary<QueryNode> = fc.letrec<{ q: QueryNode }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    predicateArb,
    fc
      .array(tie('q'), { minLength: 2, maxLength: 3 })
      .map((children): QueryNode => ({ kind: 'and', children })),
    fc
      .array(tie('q'), { minLength: 2, maxLength: 3 })
      .map((children): QueryNode => ({ kind: 'or', children })),
    tie('q').map((operand): QueryNode => ({ kind: 'not', operand }))
  )
})).q;

// ---- a slow, obviously-correct reference evaluator over the specs --------------------------

function likeRegex(pattern: string, ci: boolean): RegExp {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    if (c === '\\' && i + 1 < pattern.length && '%_\\'.includes(pattern[i + 1]!))
      src += escape(pattern[++i]!);
    else if (c === '%') src += '.*';
    else if (c === '_') src += '.';
    else src += escape(c);
  }
  return new RegExp(`^${src}$`, ci ? 'isu' : 'su');
}

function cmp<T>(op: Comparator, a: T, b: T): boolean {
  return op === '='
    ? a === b
    : op === '!='
      ? a !== b
      : op === '<'
        ? a < b
        : op === '<='
          ? a <= b
          : op === '>'
            ? a > b
            : a >= b;
}

function valueOf(s: Spec, f: Field): string | number | undefined {
  if (f.kind === 'metric') {
    const m = s.metrics.find(([k]) => k === f.key)?.[1];
    return m === undefined ? undefined : f.summary === 'lastStep' ? m.lastStep : m[f.summary];
  }
  if (f.kind === 'param') return s.params.find(([k]) => k === f.key)?.[1];
  if (f.kind === 'tag') return s.tags.find(([k]) => k === f.key)?.[1];
  if (f.kind === 'text-attribute')
    return f.name === 'status' ? RUN_STATUSES[s.status] : (s.name ?? undefined);
  throw new Error('not generated');
}

function asNumber(v: string | number): number | undefined {
  if (typeof v === 'number') return v;
  const x = parseNumberToken(v);
  return x === undefined || Number.isNaN(x) ? undefined : x;
}

function reference(s: Spec, q: QueryNode): boolean {
  switch (q.kind) {
    case 'all':
      return true;
    case 'and':
      return q.children.every((c) => reference(s, c));
    case 'or':
      return q.children.some((c) => reference(s, c));
    case 'not':
      return !reference(s, q.operand);
    case 'null':
      return (valueOf(s, q.field) === undefined) !== q.negated;
  }
  const v = valueOf(s, q.field);
  if (v === undefined) return false;
  switch (q.kind) {
    case 'compare': {
      if (q.value.type === 'number') {
        const x = asNumber(v);
        return x !== undefined && cmp(q.op, x, q.value.value);
      }
      return cmp(q.op, String(v), String(q.value.value));
    }
    case 'in':
      return q.values.some((l) => l.value === v) !== q.negated;
    case 'like':
      return likeRegex(q.pattern, q.caseInsensitive).test(String(v)) !== q.negated;
    case 'regex': {
      const ci = q.pattern.startsWith('(?i)');
      return (
        new RegExp(ci ? q.pattern.slice(4) : q.pattern, ci ? 'iu' : 'u').test(String(v)) !==
        q.negated
      );
    }
    case 'range': {
      const x = v as number;
      const lo = q.low.value as number;
      const hi = q.high.value as number;
      const inside = (q.lowInclusive ? x >= lo : x > lo) && (q.highInclusive ? x <= hi : x < hi);
      return inside !== q.negated;
    }
  }
}

// ---- properties ----------------------------------------------------------------------------

const run = (q: QueryNode, cols: RunColumns) => compileQuery(q)(cols);

describe('query properties', () => {
  it('Q and NOT Q partition the runs', () => {
    fc.assert(
      fc.property(libraryArb, queryArb, (specs, q) => {
        const cols = buildRunColumns(specs.map(toRow));
        const yes = run(q, cols);
        const no = run({ kind: 'not', operand: q }, cols);
        for (let i = 0; i < cols.count; i++) expect(yes[i]! + no[i]!).toBe(1);
      }),
      { numRuns: 300 }
    );
  });

  it('A AND B is the intersection and A OR B the union', () => {
    fc.assert(
      fc.property(libraryArb, queryArb, queryArb, (specs, a, b) => {
        const cols = buildRunColumns(specs.map(toRow));
        const ma = run(a, cols);
        const mb = run(b, cols);
        const and = run({ kind: 'and', children: [a, b] }, cols);
        const or = run({ kind: 'or', children: [a, b] }, cols);
        for (let i = 0; i < cols.count; i++) {
          expect(and[i]).toBe(ma[i]! & mb[i]!);
          expect(or[i]).toBe(ma[i]! | mb[i]!);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('matches a row-by-row reference evaluator', () => {
    fc.assert(
      fc.property(libraryArb, queryArb, (specs, q) => {
        const mask = run(q, buildRunColumns(specs.map(toRow)));
        specs.forEach((s, i) => expect(mask[i] === 1, formatQuery(q)).toBe(reference(s, q)));
      }),
      { numRuns: 500 }
    );
  });

  it('ANDed in place into a mask (what the explorer counts), it keeps exactly the runs in it that match', () => {
    // The explorer copies the runs in scope into one mask and ANDs each condition into it; a
    // wrong in-place kernel would miscount the runs a person sees.
    fc.assert(
      fc.property(
        libraryArb,
        queryArb,
        fc.array(fc.boolean(), { maxLength: 25 }),
        (specs, q, inScope) => {
          const cols = buildRunColumns(specs.map(toRow));
          const mask = Uint8Array.from(specs, (_, i) => (inScope[i] === false ? 0 : 1));
          const scope = mask.slice();
          compileQueryInto(q)(cols, {}, mask);
          specs.forEach((s, i) =>
            expect(mask[i] === 1, formatQuery(q)).toBe(scope[i] === 1 && reference(s, q))
          );
        }
      ),
      { numRuns: 500 }
    );
  });

  it('narrowing a list of candidate rows keeps exactly those that match, in row order', () => {
    // What a keystroke runs for a conjunction of simple conditions (the explorer's count and
    // matches); a query with no narrowing form answers null and leaves the list as it was.
    let narrowed = 0;
    let declined = 0;
    fc.assert(
      fc.property(
        libraryArb,
        queryArb,
        fc.array(fc.boolean(), { maxLength: 25 }),
        (specs, q, inScope) => {
          const cols = buildRunColumns(specs.map(toRow));
          const narrow = compileQueryNarrow(q);
          const inScopeMask = Uint8Array.from(specs, (_, i) => (inScope[i] === false ? 0 : 1));
          const candidates = specs.flatMap((_, i) => (inScopeMask[i] ? [i] : []));
          const expected = (from: number[]) => from.filter((i) => reference(specs[i]!, q));
          // Every run as candidates, then the runs in scope.
          const rows = new Uint32Array(specs.length).fill(7);
          const all = narrow(cols, {}, rows, null);
          const listed = new Uint32Array(specs.length).fill(7);
          const before = [...listed];
          const some = narrow(cols, {}, listed, inScopeMask);
          if (all === null || some === null) {
            expect(some).toBe(all);
            expect([...listed]).toEqual(before);
            declined++;
            return;
          }
          narrowed++;
          const text = formatQuery(q);
          expect([...rows.subarray(0, all)], text).toEqual(expected(specs.map((_, i) => i)));
          expect([...listed.subarray(0, some)], text).toEqual(expected(candidates));
        }
      ),
      { numRuns: 500 }
    );
    // Both ways were taken: the property says something about each.
    expect(narrowed).toBeGreaterThan(50);
    expect(declined).toBeGreaterThan(50);
  });

  it('formatQuery prints text that parses back to the same query', () => {
    const strip = (n: unknown): unknown =>
      JSON.parse(JSON.stringify(n, (k, v: unknown) => (k === 'span' ? undefined : v)));
    fc.assert(
      fc.property(queryArb, (q) => {
        const text = formatQuery(q);
        const parsed = parseQuery(text);
        expect(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.error.message}`).toBe(true);
        if (parsed.ok) expect(strip(parsed.ast)).toEqual(strip(q));
      }),
      { numRuns: 500 }
    );
  });

  it('never throws on arbitrary input, and errors point inside the text', () => {
    const alphabet = fc.constantFrom(
      ...'metrics.params tags.attributes ANDORNOT()\'"`=<>!~,;%_-0123456789 \\BETWEENISNULLIN'.split(
        ''
      )
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: alphabet, maxLength: 60 }), fc.string()), (text) => {
        const r = parseQuery(text);
        if (!r.ok) {
          expect(r.error.position).toBeGreaterThanOrEqual(0);
          expect(r.error.position + r.error.length).toBeLessThanOrEqual(text.length);
          expect(r.error.message).not.toMatch(/cannot read this query/);
        }
      }),
      { numRuns: 2000 }
    );
  });
});
