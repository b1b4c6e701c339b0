/**
 * The credentials a server was last connected with in this page, by its address: the run page
 * fetches a server run's artifacts with them. Memory only (gone when the page closes); when none
 * are held, the ones remembered on this device (remembered-auth.ts) are used, if any.
 */
import type { ServerAuth } from '../../mlflow-server/auth';
import { rememberedAuth, rememberedAuths } from './remembered-auth';

const held = new Map<string, ServerAuth | null>();

/** Called by the connect dialog once a connection worked. */
export function holdSessionAuth(address: string, auth: ServerAuth | null): void {
  held.set(address, auth);
}

/** The credentials to reach `address` with: this page's, else remembered ones, else none. */
export function sessionAuth(address: string, storage: Storage | null): ServerAuth | null {
  if (held.has(address)) return held.get(address) ?? null;
  return storage ? rememberedAuth(storage, address) : null;
}

/**
 * Every credential this page can reach servers with, by address (held this session) or origin
 * (remembered): the worker picks a run's server from them when it fetches every point.
 */
export function allSessionAuths(storage: Storage | null): Record<string, ServerAuth | null> {
  return { ...(storage ? rememberedAuths(storage) : {}), ...Object.fromEntries(held) };
}
