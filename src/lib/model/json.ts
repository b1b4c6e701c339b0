/**
 * A JSON object: what parsed files, saved settings and share links are checked against before any
 * field is read (arrays and null are objects to `typeof`, so they need excluding).
 */
export type JsonObject = Record<string, unknown>;

/** Whether a parsed value is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
