/**
 * The explorer's request as written in the URL (`?q=…&sort=…&exp=…`), so a view can be
 * bookmarked and shared. Pure: tested in Node.
 */
import { columnId, parseColumnId } from './column-settings';
import type { SortSpec } from './explorer-types';

/** How the explorer's request is written in the URL, so a view can be bookmarked and shared. */
export interface ExplorerUrlState {
  query: string;
  quickSearch: string;
  sort: SortSpec[];
  showDeleted: boolean;
  experiments: string[] | null;
}

/** Reads the explorer's part of a URL's query string. */
export function readUrlState(params: URLSearchParams): ExplorerUrlState {
  const sort: SortSpec[] = [];
  for (const part of (params.get('sort') ?? '').split(',').filter(Boolean)) {
    const desc = part.startsWith('-');
    const column = parseColumnId(desc ? part.slice(1) : part);
    if (column) sort.push({ column, direction: desc ? 'desc' : 'asc' });
  }
  const exp = params.get('exp');
  return {
    query: params.get('q') ?? '',
    quickSearch: params.get('s') ?? '',
    sort,
    showDeleted: params.get('deleted') === '1',
    experiments: exp ? exp.split(',').map(decodeURIComponent) : null
  };
}

/** The URL with the explorer's state written into its query string. */
export function writeUrlState(url: URL, state: ExplorerUrlState): URL {
  const next = new URL(url);
  const set = (k: string, v: string | null) =>
    v ? next.searchParams.set(k, v) : next.searchParams.delete(k);
  set('q', state.query);
  set('s', state.quickSearch);
  set(
    'sort',
    state.sort.map((s) => `${s.direction === 'desc' ? '-' : ''}${columnId(s.column)}`).join(',')
  );
  set('deleted', state.showDeleted ? '1' : null);
  set('exp', state.experiments ? state.experiments.map(encodeURIComponent).join(',') : null);
  return next;
}

/** Whether two addresses differ only in the filter's text (`q`) and the quick search (`s`). */
export function onlyTypingDiffers(a: URL, b: URL): boolean {
  const rest = (u: URL) => {
    const params = new URLSearchParams(u.search);
    params.delete('q');
    params.delete('s');
    params.sort();
    return params.toString();
  };
  return rest(a) === rest(b);
}
