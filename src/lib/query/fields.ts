/**
 * The names a filter may use: MLflow's entity prefixes and run attributes (search-runs docs and
 * SearchUtils, see ../../../../shared/FORMATS.md), plus Runlens's own attributes. Kept apart from
 * the parser so the list of names, their aliases and the "did you mean" hints live in one place.
 */
import type { Field, MetricSummaryName, NumberAttribute, TextAttribute } from './ast';

export type Entity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

const ENTITIES: ReadonlyMap<string, Entity> = new Map([
  ['metric', 'metric'],
  ['metrics', 'metric'],
  ['param', 'param'],
  ['params', 'param'],
  ['parameter', 'param'],
  ['parameters', 'param'],
  ['tag', 'tag'],
  ['tags', 'tag'],
  ['attribute', 'attribute'],
  ['attributes', 'attribute'],
  ['attr', 'attribute'],
  ['run', 'attribute'],
  ['dataset', 'dataset'],
  ['datasets', 'dataset']
]);

/** Canonical spellings, offered in "did you mean" hints. */
const ENTITY_NAMES = ['metrics', 'params', 'tags', 'attributes', 'datasets'];

type AttributeTarget =
  | { kind: 'text-attribute'; name: TextAttribute }
  | { kind: 'number-attribute'; name: NumberAttribute }
  | { kind: 'deleted' }
  | { kind: 'registered' }
  | { kind: 'unavailable'; name: string };

const text = (name: TextAttribute): AttributeTarget => ({ kind: 'text-attribute', name });
const num = (name: NumberAttribute): AttributeTarget => ({ kind: 'number-attribute', name });

/**
 * Attribute names after normalisation (lower case, spaces and hyphens as `_`), so MLflow's
 * aliases `run name`, `Run name`, `Run Name` and `Created` need no entries of their own.
 */
const ATTRIBUTES: ReadonlyMap<string, AttributeTarget> = new Map([
  ['run_id', text('run_id')],
  ['run_name', text('run_name')],
  ['name', text('run_name')],
  ['status', text('status')],
  ['user_id', text('user_id')],
  ['user', text('user_id')],
  ['experiment', text('experiment')],
  ['experiment_name', text('experiment')],
  ['experiment_id', text('experiment_id')],
  ['experiment_key', text('experiment_key')],
  ['source', text('source')],
  ['format', text('source')],
  ['source_format', text('source')],
  ['tool', text('tool')],
  ['source_file', text('source_file')],
  ['file', text('source_file')],
  ['parent_id', text('parent_id')],
  ['parent_run_id', text('parent_id')],
  ['lifecycle_stage', text('lifecycle_stage')],
  ['start_time', num('start_time')],
  ['created', num('start_time')],
  ['end_time', num('end_time')],
  ['duration', num('duration')],
  ['gpu_memory', num('gpu_memory')],
  ['gpu_utilization', num('gpu_utilization')],
  ['gpu_util', num('gpu_utilization')],
  ['deleted', { kind: 'deleted' }],
  ['registered', { kind: 'registered' }],
  ['model_name', text('model_name')],
  ['registered_model', text('model_name')],
  // MLflow attribute Runlens does not keep: accepted so MLflow queries parse, never matches.
  ['artifact_uri', { kind: 'unavailable', name: 'artifact_uri' }]
]);

/** The attribute names listed when one is unknown. */
export const KNOWN_ATTRIBUTES = [
  'run_id',
  'run_name',
  'status',
  'user_id',
  'start_time',
  'end_time',
  'duration',
  'gpu_memory',
  'gpu_utilization',
  'experiment',
  'experiment_id',
  'experiment_key',
  'source',
  'tool',
  'source_file',
  'parent_id',
  'lifecycle_stage',
  'deleted',
  'registered',
  'model_name',
  'artifact_uri'
];

const DATASET_KEYS = ['name', 'digest', 'context'];

const SUMMARIES: ReadonlyMap<string, MetricSummaryName> = new Map([
  ['last', 'last'],
  ['min', 'min'],
  ['max', 'max'],
  ['mean', 'mean'],
  ['avg', 'mean'],
  ['count', 'count'],
  ['last_step', 'lastStep'],
  ['laststep', 'lastStep']
]);

/** Maps an entity prefix (any case) to its entity, or undefined. */
export function lookupEntity(word: string): Entity | undefined {
  return ENTITIES.get(word.toLowerCase());
}

/** Maps a summary function name (`min`, `last_step`…) to the metric figure it reads. */
export function lookupSummary(word: string): MetricSummaryName | undefined {
  return SUMMARIES.get(word.toLowerCase());
}

/** Edit distance with transpositions; small inputs only (names typed by a person). */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** The closest candidate within a typo's reach, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  // A cut-short name (`attri`, `param`) is a typo too, however far it is by edit distance.
  if (w.length >= 3) {
    const prefixed = candidates.find((c) => c.toLowerCase().startsWith(w));
    if (prefixed) return prefixed;
  }
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  for (const c of candidates) {
    const dist = distance(w, c.toLowerCase());
    if (dist <= bestDistance && (best === undefined || dist < bestDistance)) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** Suggests an entity for a mistyped prefix such as `metrix`. */
export function suggestEntity(word: string): string | undefined {
  return closest(word, ENTITY_NAMES);
}

export type Resolved = { ok: true; field: Field } | { ok: false; message: string };

function normaliseAttribute(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Resolves an attribute name (MLflow aliases included) to its field. */
export function resolveAttribute(name: string): Resolved {
  const target = ATTRIBUTES.get(normaliseAttribute(name));
  if (target) return { ok: true, field: target };
  const hint = closest(normaliseAttribute(name), [...ATTRIBUTES.keys()]);
  const mean = hint ? ` (did you mean ${hint}?)` : '';
  return {
    ok: false,
    message:
      `unknown attribute '${name}'${mean}. Attributes are ${KNOWN_ATTRIBUTES.join(', ')}; ` +
      `write metrics.${name}, params.${name} or tags.${name} for a logged key`
  };
}

/** Resolves `entity.key` to a field; metrics read `last` unless a summary function says else. */
export function resolveField(entity: Entity, key: string): Resolved {
  switch (entity) {
    case 'metric':
      return { ok: true, field: { kind: 'metric', key, summary: 'last' } };
    case 'param':
      return { ok: true, field: { kind: 'param', key } };
    case 'tag':
      return { ok: true, field: { kind: 'tag', key } };
    case 'attribute':
      return resolveAttribute(key);
    case 'dataset': {
      if (DATASET_KEYS.includes(key)) {
        return { ok: true, field: { kind: 'unavailable', name: `datasets.${key}` } };
      }
      return {
        ok: false,
        message: `unknown dataset key '${key}': dataset keys are ${DATASET_KEYS.join(', ')}`
      };
    }
  }
}

/** How a field's values compare: decides which values and operators it accepts. */
export type FieldType = 'number' | 'text' | 'flex' | 'boolean' | 'unavailable';

/** The comparison type of a field. */
export function fieldType(field: Field): FieldType {
  switch (field.kind) {
    case 'metric':
    case 'number-attribute':
      return 'number';
    case 'param':
    case 'tag':
      return 'flex';
    case 'text-attribute':
      return 'text';
    case 'deleted':
    case 'registered':
      return 'boolean';
    case 'unavailable':
      return 'unavailable';
  }
}

/** How a field is named in messages: `metrics`, `params`, `status`… */
export function fieldNoun(field: Field): string {
  switch (field.kind) {
    case 'metric':
      return 'metrics';
    case 'param':
      return 'params';
    case 'tag':
      return 'tags';
    case 'text-attribute':
    case 'number-attribute':
    case 'unavailable':
      return field.name;
    case 'deleted':
      return 'deleted';
    case 'registered':
      return 'registered';
  }
}
