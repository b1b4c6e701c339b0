/**
 * A comparison's first chart, started as the app boots (issue 19, item 1): on a `/compare`
 * address the worker is told the metric aliases and starts reading the first chart's histories
 * about 130 ms before the page is mounted and asks for anything (measured in bench scenario 4:
 * the app's boot at ~340 ms from navigation, the page's first request at ~470 ms). Only storage
 * is read here, raw: the worker checks what it gets, and the states that own these settings stay
 * out of every other page's first JavaScript.
 */
import type { AliasGroup } from '../compare/metric-aliases';
import { runlensWorker } from '../worker/client';
import { activeSpace } from '../worker/space';
import {
  COMPARE_SETTINGS_KEY,
  METRIC_ALIASES_KEY,
  SHARED_COMPARE_SETTINGS_KEY
} from './storage-keys';

function stored(storage: Storage, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** The run names of a comparison's address (its `runs` parameter), as the compare page reads them. */
export function comparedNames(runs: string): string[] {
  return runs
    .split(',')
    .filter(Boolean)
    .map((k) => decodeURIComponent(k));
}

/** The boot's head start: the names it was for and the metric the worker read first. */
let early: { names: string[]; first: Promise<string | null> } | null = null;

/**
 * The metric of the comparison's first panel as the boot's prefetch found it, for these names
 * (once: a later visit asks again), or null when the boot started none for them.
 */
export function takeEarlyFirstChart(names: readonly string[]): Promise<string | null> | null {
  const found = early;
  early = null;
  if (!found || found.names.length !== names.length) return null;
  return found.names.every((n, i) => n === names[i]) ? found.first : null;
}

export function startComparisonEarly(url: URL): void {
  if (!url.pathname.endsWith('/compare')) return;
  const names = comparedNames(url.searchParams.get('runs') ?? '');
  if (names.length === 0) return;
  const shared = activeSpace() === 'shared';
  const settings = shared
    ? stored(sessionStorage, SHARED_COMPARE_SETTINGS_KEY)
    : stored(localStorage, COMPARE_SETTINGS_KEY);
  const charts = (settings as { charts?: unknown } | null)?.charts;
  const picked = Array.isArray(charts) && typeof charts[0] === 'string' ? charts[0] : null;
  const chosen = (settings as { target?: unknown } | null)?.target;
  const target = typeof chosen === 'string' ? chosen : null;
  const aliases = stored(localStorage, METRIC_ALIASES_KEY);
  const worker = runlensWorker();
  // Aliases first: the worker reads every run through them (it drops what is not a list).
  void worker.compareSetAliases((Array.isArray(aliases) ? aliases : []) as AliasGroup[]);
  // A read started early is only a head start: when it fails, the page's own requests say why.
  const first = worker.comparePrefetch(names, picked, target).catch(() => null);
  early = { names, first };
}
