/**
 * Credentials for a tracking server live in memory unless the person ticks "remember on this
 * device": then they are kept in localStorage under the server's origin (one entry a server), and
 * forgotten again when the box is unticked. Checked when read back: storage is anyone's to write.
 */
import type { ServerAuth } from '../../mlflow-server/auth';

const PREFIX = 'runlens:mlflow-server-auth:';

/** The storage key of a server's credentials: its origin, or null for an address that is not a URL. */
export function authKey(address: string): string | null {
  try {
    return PREFIX + new URL(address).origin;
  } catch {
    return null;
  }
}

function parseAuth(text: string | null): ServerAuth | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (v.kind === 'bearer' && typeof v.token === 'string')
      return { kind: 'bearer', token: v.token };
    if (v.kind === 'basic' && typeof v.username === 'string' && typeof v.password === 'string')
      return { kind: 'basic', username: v.username, password: v.password };
  } catch {
    // Not ours, or broken: nothing remembered.
  }
  return null;
}

export function rememberedAuth(storage: Storage, address: string): ServerAuth | null {
  const key = authKey(address);
  return key ? parseAuth(storage.getItem(key)) : null;
}

/** Stores the credentials (remember) or removes any stored for the server (not remember). */
export function rememberAuth(
  storage: Storage,
  address: string,
  auth: ServerAuth | null,
  remember: boolean
): void {
  const key = authKey(address);
  if (!key) return;
  if (remember && auth) storage.setItem(key, JSON.stringify(auth));
  else storage.removeItem(key);
}

/** Every server's remembered credentials on this device, by origin. */
export function rememberedAuths(storage: Storage): Record<string, ServerAuth> {
  const out: Record<string, ServerAuth> = {};
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    const auth = parseAuth(storage.getItem(key));
    if (auth) out[key.slice(PREFIX.length)] = auth;
  }
  return out;
}
