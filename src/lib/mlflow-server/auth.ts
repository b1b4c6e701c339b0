/**
 * Credentials for a tracking server. The caller holds them (in memory, or where the person chose
 * to remember them); this module only turns them into the Authorization header MLflow's
 * `basic-auth` app (HTTP Basic) or a gateway in front of the server (Bearer) expects.
 */

export type ServerAuth =
  { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

/** Base64 of the UTF-8 bytes (btoa alone takes Latin-1 only); works in Node and the browser. */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The Authorization header value for the credentials, or null for none. */
export function authorizationHeader(auth: ServerAuth | null | undefined): string | null {
  if (!auth) return null;
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${base64Utf8(`${auth.username}:${auth.password}`)}`;
}

/**
 * Credentials from environment variables, the way MLflow's own client reads them
 * (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD, or a token: RUNLENS_MLFLOW_TOKEN, then
 * MLFLOW_TRACKING_TOKEN). A token wins over a username and password.
 */
export function authFromEnv(env: Readonly<Record<string, string | undefined>>): ServerAuth | null {
  const token = env.RUNLENS_MLFLOW_TOKEN || env.MLFLOW_TRACKING_TOKEN;
  if (token) return { kind: 'bearer', token };
  const username = env.MLFLOW_TRACKING_USERNAME;
  if (username) return { kind: 'basic', username, password: env.MLFLOW_TRACKING_PASSWORD ?? '' };
  return null;
}

/**
 * The address without credentials, query or fragment and without a trailing slash: what is shown,
 * stored and written into bundles. `https://user:pw@host/mlflow/` gives `https://host/mlflow`.
 */
export function serverAddress(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/** Credentials written into the address (`https://user:pw@host`), if any. */
export function authFromUrl(url: string): ServerAuth | null {
  const u = new URL(url);
  if (!u.username) return null;
  return {
    kind: 'basic',
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password)
  };
}
