/**
 * The one call the worker makes per keystroke: parse the filter, run it, AND the quick search.
 */
import type { RunColumns } from '../explorer/run-columns';
import type { QueryError, QueryWarning } from './ast';
import { compileQuery, countMask } from './evaluate';
import { parseQuery } from './parser';
import { quickSearchMask } from './quick-search';
import type { QueryContext } from './sources';

export type FilterResult =
  | { ok: true; mask: Uint8Array; count: number; warnings: QueryWarning[] }
  | { ok: false; error: QueryError };

/** Rows matching both the filter language text and the quick-search text. */
export function filterRuns(
  cols: RunColumns,
  filter: string,
  quickSearch = '',
  ctx: QueryContext = {}
): FilterResult {
  const parsed = parseQuery(filter);
  if (!parsed.ok) return parsed;
  const mask = compileQuery(parsed.ast)(cols, ctx);
  if (quickSearch.trim() !== '') {
    const quick = quickSearchMask(cols, quickSearch);
    for (let i = 0; i < mask.length; i++) mask[i] = mask[i]! & quick[i]!;
  }
  return { ok: true, mask, count: countMask(mask), warnings: parsed.warnings };
}
