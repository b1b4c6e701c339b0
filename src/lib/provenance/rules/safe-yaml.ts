/**
 * YAML of environment files (MLmodel, conda.yaml, python_env.yaml), read as plain data with the
 * failsafe schema: every scalar stays the text it was written as (`python: 3.10` is "3.10", not
 * the number 3.1), no custom tags are resolved and few aliases are followed, so a hostile file
 * can neither run anything nor blow up.
 */
import { parse } from 'yaml';
import { isJsonObject, type JsonObject } from '../../model/json';

/** The file as a mapping, or null when it is not valid YAML or not a mapping. */
export function readYamlMapping(text: string): JsonObject | null {
  try {
    const doc: unknown = parse(text, {
      schema: 'failsafe',
      maxAliasCount: 50,
      uniqueKeys: false,
      logLevel: 'silent'
    });
    return isJsonObject(doc) ? doc : null;
  } catch {
    return null;
  }
}

/** A scalar's text, or null for a missing, empty or YAML-null (`null`, `~`) one. */
export function scalarText(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' || t === 'null' || t === 'Null' || t === 'NULL' || t === '~' ? null : t;
}
