/**
 * neptune-exporter's Parquet schema (neptune-ai/neptune-exporter, src/neptune_exporter/model.py
 * `SCHEMA`, read 2026-11; docs/neptune.md): one long table, a row per attribute value, with the
 * value in the column of its type. The key columns identify an export; value columns a file lacks
 * only leave the rows of that type without a value (they are counted, not dropped).
 */

/** Columns every export has and detection looks for in the footer. */
export const KEY_COLUMNS = ['project_id', 'run_id', 'attribute_path', 'attribute_type'] as const;

/** Every column of the exporter's SCHEMA with its Arrow type, as table.ts spells types. */
export const NEPTUNE_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['project_id', 'string'],
  ['run_id', 'string'],
  ['attribute_path', 'string'],
  ['attribute_type', 'string'],
  ['step', 'decimal(18,6)'],
  ['timestamp', 'timestamp[millis]'],
  ['int_value', 'int64'],
  ['float_value', 'double'],
  ['string_value', 'string'],
  ['bool_value', 'bool'],
  ['datetime_value', 'timestamp[millis]'],
  ['string_set_value', 'list<string>'],
  ['file_value', 'struct<path: string>'],
  ['histogram_value', 'struct<type: string, edges: list<double>, values: list<double>>']
]);

/** Types a column may also have and still be read the same way (another timestamp unit, say). */
function compatible(column: string, actual: string): boolean {
  const expected = NEPTUNE_COLUMNS.get(column);
  if (expected === actual) return true;
  if (expected?.startsWith('timestamp')) return actual.startsWith('timestamp');
  if (column === 'step') return actual.startsWith('decimal') || actual === 'double';
  return false;
}

/**
 * What keeps these columns from being read as an export: a key column missing, or a column of the
 * exporter's schema with another type. Empty when the file can be read.
 */
export function schemaProblems(columns: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const key of KEY_COLUMNS) {
    if (!columns.has(key)) problems.push(`it has no ${key} column`);
  }
  for (const [name, actual] of columns) {
    const expected = NEPTUNE_COLUMNS.get(name);
    if (expected && !compatible(name, actual)) {
      problems.push(`its ${name} column is ${actual}, where neptune-exporter writes ${expected}`);
    }
  }
  return problems;
}
