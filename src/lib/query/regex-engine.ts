/**
 * The RE2 engine (re2js, linear-time matching) is 60 KB gzipped, so the worker loads it the
 * first time a query uses REGEXP, RLIKE, `~` or `!~`, not on start-up.
 */
import type { RE2JS } from 're2js';

let engine: typeof RE2JS | null = null;

/** Loads the engine once; call before parsing a query that may hold a regular expression. */
export async function loadRegexEngine(): Promise<void> {
  engine ??= (await import('re2js')).RE2JS;
}

/** Does this query text (outside or inside strings, a cheap over-approximation) need it? */
export function mayUseRegex(query: string): boolean {
  return /regexp|rlike|~/i.test(query);
}

/** The engine; loadRegexEngine() must have resolved before. */
export function regexEngine(): typeof RE2JS {
  if (!engine) throw new Error('the regular-expression engine is not loaded yet');
  return engine;
}
