/**
 * What the page and `runlens serve --proxy` (../cli/serve.ts) share: where the page reads whether
 * it is served through the proxy, and the error code the proxy answers with when the tracking
 * server behind it cannot be reached. No Node, no DOM: the connect dialog reads the config with
 * `fetch`.
 */
import type { FetchLike } from './rest-client';

/** Served by `runlens serve` only; a static host answers 404 (or its SPA page) there. */
export const SERVE_CONFIG_PATH = '/runlens-serve.json';

/** The `error_code` of the proxy's 502 when the tracking server does not answer. */
export const PROXY_UNREACHABLE = 'RUNLENS_PROXY_UNREACHABLE';

export interface ServeConfig {
  proxy: {
    /** The tracking server's address, without credentials. */
    address: string;
    /** The kind of credentials the proxy adds from its environment, null for none. */
    credentials: 'basic' | 'bearer' | null;
  } | null;
}

/** The proxy this page is served through, or null (static host, no --proxy, anything odd). */
export async function readServeConfig(
  origin: string,
  fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init)
): Promise<ServeConfig['proxy']> {
  try {
    const response = await fetchImpl(`${origin}${SERVE_CONFIG_PATH}`, { cache: 'no-store' });
    if (!response.ok) return null;
    const doc = (await response.json()) as { proxy?: unknown };
    const proxy = doc?.proxy as Record<string, unknown> | null | undefined;
    if (!proxy || typeof proxy.address !== 'string') return null;
    const credentials =
      proxy.credentials === 'basic' || proxy.credentials === 'bearer' ? proxy.credentials : null;
    return { address: proxy.address, credentials };
  } catch {
    return null;
  }
}
