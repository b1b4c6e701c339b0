/**
 * trackio's JSON values as its dashboard reads them (trackio/utils.py `serialize_values` and
 * `deserialize_values`, frontend/src/lib/dataProcessing.js and comparer.js, 0.43.0, 2026-12):
 * a logged value is plotted when it is a number; non-finite floats are stored as the strings
 * "NaN", "Infinity" and "-Infinity" and turned back into numbers at the top level only; media,
 * histograms, tables and traces are objects with a `_type`. The config is shown flattened to dot
 * paths, a dot or backslash inside a key escaped so `{"a.b": 1}` and `{"a": {"b": 2}}` stay apart.
 */
import { isJsonObject } from '../../model/json';
import { pythonText } from '../python-values';

const NON_FINITE: Record<string, number> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity
};

/** The number a logged value plots as, or null when trackio does not plot it. */
export function metricNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in NON_FINITE) return NON_FINITE[value]!;
  return null;
}

/** What a value that is not a number is, for the report: `trackio.image`, `text`, `boolean`... */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isJsonObject(value)) return typeof value._type === 'string' ? value._type : 'object';
  if (typeof value === 'string') return 'text';
  return typeof value;
}

/** A top-level config value as trackio reads it back: the non-finite strings become numbers. */
function topLevel(value: unknown): unknown {
  return typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value;
}

function escapeSegment(key: string): string {
  return key.replace(/\\/g, '\\\\').replace(/\./g, '\\.');
}

function flattenInto(out: Map<string, string>, value: Record<string, unknown>, prefix: string) {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix + escapeSegment(key.normalize('NFC'));
    if (isJsonObject(v) && Object.keys(v).length > 0) flattenInto(out, v, `${path}.`);
    else out.set(path, pythonText(prefix === '' ? topLevel(v) : v));
  }
}

/**
 * A run's config as params and tags: the keys trackio injects (`_Username`, `_Created`,
 * `_Group`; users may not start a key with `_`) become `trackio.<name>` tags, the rest params
 * flattened to dot paths, values spelled as Python prints them.
 */
export function readConfig(config: Record<string, unknown>): {
  params: Map<string, string>;
  tags: Map<string, string>;
  created: string | null;
} {
  const params = new Map<string, string>();
  const tags = new Map<string, string>();
  // Null prototype: a config key may well be `__proto__`.
  const user: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let created: string | null = null;
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith('_')) {
      user[key] = value;
      continue;
    }
    if (key === '_Created' && typeof value === 'string') created = value;
    if (value !== null) tags.set(`trackio.${key.slice(1).toLowerCase()}`, pythonText(value));
  }
  flattenInto(params, user, '');
  return { params, tags, created };
}
