/**
 * Links to a view of server runs: `/?mlflow-server=<address>&experiment=<id>…&filter=…&then=<view>`.
 * They carry the server's address and what to fetch and show, never credentials (the address is
 * written without them, and a link holding some is read without them). Opening one prompts to
 * connect to that server (the connect dialog, prefilled), fetches the runs, then shows the view.
 * Links are anyone's to write: the address must be http(s), the view a path of this app.
 */
import { serverAddress } from './auth';

export const SERVER_LINK_PARAM = 'mlflow-server';

export interface ServerViewLink {
  /** The server's address, without credentials. */
  address: string;
  /** Experiment ids to fetch; every active experiment when empty. */
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  maxRuns?: number;
  /** The app's view to show once fetched: a path with its query, e.g. `/run?key=…`. */
  then: string;
}

/** A path of this app (`/…`), never another origin (`//host`, `\\`, a scheme). */
export function isAppPath(path: string): boolean {
  return /^\/(?![/\\])/.test(path) && !/[\\\s]/.test(path.split('?')[0]!);
}

/** The link, on the app at `appOrigin`. Throws for an address that is not http(s). */
export function serverViewLink(appOrigin: string, view: ServerViewLink): string {
  const address = serverAddress(view.address);
  if (!/^https?:\/\//.test(address)) throw new Error(`${address} is not an http(s) address`);
  const params = new URLSearchParams();
  params.set(SERVER_LINK_PARAM, address);
  for (const id of view.experimentIds) params.append('experiment', id);
  if (view.filter) params.set('filter', view.filter);
  for (const o of view.orderBy ?? []) params.append('order', o);
  if (view.maxRuns && view.maxRuns > 0) params.set('max', String(Math.floor(view.maxRuns)));
  params.set('then', isAppPath(view.then) ? view.then : '/');
  return `${appOrigin}/?${params.toString()}`;
}

/** The server view a page address asks for, or null when it asks for none (or nonsense). */
export function readServerViewLink(search: URLSearchParams): ServerViewLink | null {
  const raw = search.get(SERVER_LINK_PARAM);
  if (!raw) return null;
  let address: string;
  try {
    address = serverAddress(raw);
  } catch {
    return null;
  }
  if (!/^https?:\/\/[^/]/.test(address)) return null;
  const then = search.get('then') ?? '/';
  const max = Number(search.get('max'));
  return {
    address,
    experimentIds: search.getAll('experiment').filter((id) => id !== ''),
    ...(search.get('filter') ? { filter: search.get('filter')! } : {}),
    ...(search.getAll('order').length > 0 ? { orderBy: search.getAll('order') } : {}),
    ...(Number.isInteger(max) && max > 0 ? { maxRuns: max } : {}),
    then: isAppPath(then) ? then : '/'
  };
}
