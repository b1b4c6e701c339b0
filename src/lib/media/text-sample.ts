/**
 * What a text sample shows: W&B's table files (`media/table/*.table.json`, `{"columns": [...],
 * "data": [[...], ...]}`) as a small table of strings, anything else as its text. Pure; values
 * come from files and are returned as strings for the page to render as text.
 */

export interface SampleTable {
  columns: string[];
  rows: string[][];
  /** Rows left out past the limit. */
  more: number;
}

/** Rows shown of one table sample (a sample is one generation, or a handful). */
export const SAMPLE_TABLE_ROWS = 20;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A W&B table's columns and first rows, or null when the text is not one. */
export function sampleTable(text: string): SampleTable | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { columns, data } = parsed as { columns?: unknown; data?: unknown };
  if (!Array.isArray(columns) || !Array.isArray(data)) return null;
  if (!data.every((row) => Array.isArray(row))) return null;
  const rows = (data as unknown[][])
    .slice(0, SAMPLE_TABLE_ROWS)
    .map((row) => columns.map((_, i) => cellText(row[i])));
  return {
    columns: columns.map(cellText),
    rows,
    more: Math.max(0, data.length - SAMPLE_TABLE_ROWS)
  };
}
