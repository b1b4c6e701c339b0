/**
 * The parsed form of a runs filter. Plain data (no classes, no compiled regexes) so it can cross
 * a postMessage boundary and be printed back to text by format.ts. See README.md for the grammar.
 */

/** Where something sits in the query text: a 0-based UTF-16 offset and a length. */
export interface Span {
  position: number;
  length: number;
}

/** A query that does not parse: a message for people, and the stretch of text to underline. */
export interface QueryError extends Span {
  message: string;
}

/** Per-metric figure a comparison or a sort reads; `last` is MLflow's only one. */
export type MetricSummaryName = 'last' | 'min' | 'max' | 'mean' | 'count' | 'lastStep';

/** Text attributes of a run (MLflow's string attributes plus Runlens's own). */
export type TextAttribute =
  | 'run_id'
  | 'run_name'
  | 'status'
  | 'user_id'
  | 'experiment'
  | 'experiment_id'
  | 'experiment_key'
  | 'source'
  | 'tool'
  | 'source_file'
  | 'parent_id'
  | 'lifecycle_stage'
  /** Registered models the run has a version of: matches when any of them does. */
  | 'model_name';

/** Numeric attributes: epoch milliseconds, and the duration in milliseconds. */
export type NumberAttribute =
  | 'start_time'
  | 'end_time'
  | 'duration'
  /** Peak GPU memory (MB) and mean GPU utilisation (%), from the GPU system metrics. */
  | 'gpu_memory'
  | 'gpu_utilization';

/** What the left-hand side of a comparison names, already resolved and type-checked. */
export type Field =
  | { kind: 'metric'; key: string; summary: MetricSummaryName }
  | { kind: 'param'; key: string }
  | { kind: 'tag'; key: string }
  | { kind: 'text-attribute'; name: TextAttribute }
  | { kind: 'number-attribute'; name: NumberAttribute }
  | { kind: 'deleted' }
  /** Whether the run produced a version of a registered model. */
  | { kind: 'registered' }
  /** MLflow names Runlens does not store (artifact_uri, datasets.*): parse, never match. */
  | { kind: 'unavailable'; name: string };

export type Literal =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean };

export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

interface Located {
  span: Span;
}

/** `field op value`; a run lacking the field never matches, whatever the operator. */
export interface CompareNode extends Located {
  kind: 'compare';
  field: Field;
  op: Comparator;
  value: Literal;
}

/** `field [NOT] IN (v, …)`; NOT IN still needs the field to be present. */
export interface InNode extends Located {
  kind: 'in';
  field: Field;
  values: Literal[];
  negated: boolean;
}

/** `[NOT] LIKE` / `ILIKE` with SQL wildcards `%` and `_` (backslash escapes them). */
export interface LikeNode extends Located {
  kind: 'like';
  field: Field;
  pattern: string;
  caseInsensitive: boolean;
  negated: boolean;
}

/** `REGEXP` / `~` / `!~`: RE2 syntax, unanchored search, linear time. */
export interface RegexNode extends Located {
  kind: 'regex';
  field: Field;
  pattern: string;
  negated: boolean;
}

/** `BETWEEN low AND high` (inclusive) or a chained range such as `0 < x <= 1`. */
export interface RangeNode extends Located {
  kind: 'range';
  field: Field;
  low: Literal;
  high: Literal;
  lowInclusive: boolean;
  highInclusive: boolean;
  negated: boolean;
}

/** `IS NULL` (negated: `IS NOT NULL`): whether the run has the field at all. */
export interface NullNode extends Located {
  kind: 'null';
  field: Field;
  negated: boolean;
}

export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

/** Logical complement: every run is in exactly one of Q and NOT Q. */
export interface NotNode {
  kind: 'not';
  operand: QueryNode;
}

/** The empty query: every run matches. */
export interface AllNode {
  kind: 'all';
}

export type PredicateNode = CompareNode | InNode | LikeNode | RegexNode | RangeNode | NullNode;
export type QueryNode = PredicateNode | AndNode | OrNode | NotNode | AllNode;

/** A non-fatal note about a query that parsed (e.g. a field Runlens does not have). */
export type QueryWarning = QueryError;

export type ParseResult =
  { ok: true; ast: QueryNode; warnings: QueryWarning[] } | { ok: false; error: QueryError };
