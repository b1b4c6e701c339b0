/**
 * Fetches one file named by a URL (`/?src=…`, the bundled sample) for an import: no credentials,
 * only https (http only from this machine), streamed with progress, a size cap and a cancel, and
 * an error a person can act on. Pure: no DOM, no store, so Node tests run it against a local server.
 */
import { ImportCancelled } from '../importers/errors';

/** The most a link may download: an import holds the whole file in memory, then parses it. */
export const MAX_FETCH_BYTES = 512 * 1024 * 1024;

/** Hosts that may be fetched over plain http: this machine, so tests and local servers work. */
const LOCAL_HTTP_HOSTS = new Set(['localhost', '127.0.0.1']);

/** Used when neither the URL nor the server names the file. */
export const FALLBACK_FILE_NAME = 'download';

/** A file name longer than this is cut: it is shown in lists and used as an import path. */
const MAX_NAME_LENGTH = 200;

export interface FetchProgress {
  bytesDone: number;
  /** From Content-Length; null when the server does not say (or the body is compressed). */
  bytesTotal: number | null;
}

export interface FetchedFile {
  /** The URL as asked for (after resolving against the base), for messages. */
  url: string;
  name: string;
  bytes: Uint8Array;
}

export interface FetchSourceOptions {
  /** Resolves relative URLs; its origin may be fetched whatever its scheme (the app itself). */
  base?: string;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  /** Minimum milliseconds between progress reports (the first and last are always sent). */
  progressIntervalMs?: number;
  maxBytes?: number;
  /** For tests. */
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * A URL that cannot be opened, and why. `reason` reads after the URL ("answered 404 Not Found");
 * `message` is the whole sentence.
 */
export class FetchSourceError extends Error {
  readonly url: string;
  readonly reason: string;

  constructor(url: string, reason: string) {
    super(`${url} ${reason}`);
    this.name = 'FetchSourceError';
    this.url = url;
    this.reason = reason;
  }
}

/** Parses and vets a URL: https, http only for localhost and 127.0.0.1 (or the base's origin). */
export function checkSourceUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchSourceError(raw, 'is not a valid URL');
  }
  const sameOrigin = base !== undefined && url.origin === new URL(base).origin;
  const allowed =
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && (LOCAL_HTTP_HOSTS.has(url.hostname) || sameOrigin));
  if (!allowed) {
    throw new FetchSourceError(
      url.href,
      url.protocol === 'http:'
        ? 'is not an https address: only https links can be opened (plain http only from localhost or 127.0.0.1)'
        : `uses ${url.protocol}, which cannot be opened: only https links can`
    );
  }
  if (url.username !== '' || url.password !== '') {
    // The person did not type that password into Runlens: never send credentials from a link.
    throw new FetchSourceError(
      url.href,
      'holds a user name or password, which Runlens does not send; use a link without them'
    );
  }
  return url;
}

/** The reason phrase, for servers (and HTTP/2) that send none. */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
};

function statusLine(response: Response): string {
  const text = response.statusText || STATUS_TEXT[response.status] || '';
  return `${response.status} ${text}`.trim();
}

/** Whole megabytes (kilobytes below one), as the cap is set. */
function sizeText(n: number): string {
  const mb = n / (1024 * 1024);
  if (mb >= 1) return `${Math.round(mb).toLocaleString('en-US')} MB`;
  return `${Math.round(n / 1024)} KB`;
}

function tooBig(url: string, maxBytes: number, size: number | null): FetchSourceError {
  const what = size === null ? 'is larger than' : `is ${sizeText(size)}, more than`;
  return new FetchSourceError(
    url,
    `${what} the ${sizeText(maxBytes)} a link may download; download it and drop it here instead`
  );
}

/** A name safe to use as an import path: no folders, no control characters, not too long. */
function cleanName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '.' || clean === '..' ? '' : clean.slice(0, MAX_NAME_LENGTH);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The `filename*` (RFC 6266/8187) or `filename` of a Content-Disposition header, if any. */
export function nameFromContentDisposition(header: string | null): string {
  if (!header) return '';
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) return cleanName(decode(extended[2].trim()));
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  const value = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim() ?? '';
  return cleanName(value);
}

/**
 * The file's name: the URL path's last segment when it looks like a file name (has an extension),
 * else the server's Content-Disposition, else that segment, else `download`. An extension-less
 * segment such as `/api/artifacts/42` says less than the server's own name for the file.
 */
export function fileNameFor(url: URL, contentDisposition: string | null): string {
  const segment = cleanName(decode(url.pathname.split('/').pop() ?? ''));
  if (segment.includes('.')) return segment;
  return nameFromContentDisposition(contentDisposition) || segment || FALLBACK_FILE_NAME;
}

function announcedLength(response: Response): number | null {
  const header = response.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  const encoding = response.headers.get('content-encoding');
  // A compressed body's length counts compressed bytes; the stream yields decompressed ones.
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return null;
  return Number(header);
}

/** Reads the body, failing as soon as it passes the cap. */
async function readCapped(
  url: string,
  response: Response,
  total: number | null,
  maxBytes: number,
  report: (p: FetchProgress, force: boolean) => void
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    done += next.value.byteLength;
    if (done > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig(url, maxBytes, null);
    }
    chunks.push(next.value);
    // A server that announced too little is no longer believed.
    report({ bytesDone: done, bytesTotal: total !== null && done <= total ? total : null }, false);
  }
  const bytes = new Uint8Array(done);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  report({ bytesDone: done, bytesTotal: done }, true);
  return bytes;
}

/**
 * Downloads a URL for an import. Throws FetchSourceError with a message for people, or
 * ImportCancelled when the signal aborts.
 */
export async function fetchSource(
  raw: string,
  options: FetchSourceOptions = {}
): Promise<FetchedFile> {
  const url = checkSourceUrl(raw, options.base);
  const href = url.href;
  const maxBytes = options.maxBytes ?? MAX_FETCH_BYTES;
  const signal = options.signal;
  const now = options.now ?? Date.now;
  const interval = options.progressIntervalMs ?? 0;
  let lastSent = -Infinity;
  const report = (progress: FetchProgress, force: boolean) => {
    const t = now();
    if (!force && t - lastSent < interval) return;
    lastSent = t;
    options.onProgress?.(progress);
  };
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(href, {
      credentials: 'omit',
      mode: 'cors',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      signal
    });
  } catch {
    if (signal?.aborted) throw new ImportCancelled();
    // Browsers say only "Failed to fetch" (a TypeError) for CORS refusals and dead hosts alike.
    throw new FetchSourceError(
      href,
      'could not be fetched: the server may not allow cross-origin requests (CORS), or it is ' +
        'unreachable. Download the file and drop it here instead'
    );
  }
  try {
    // A redirect must land somewhere a link could have named directly.
    if (response.url && response.url !== href) checkSourceUrl(response.url, options.base);
    if (!response.ok) throw new FetchSourceError(href, `answered ${statusLine(response)}`);
    const total = announcedLength(response);
    if (total !== null && total > maxBytes) throw tooBig(href, maxBytes, total);
    report({ bytesDone: 0, bytesTotal: total }, true);
    const bytes = await readCapped(href, response, total, maxBytes, report);
    if (bytes.byteLength === 0) throw new FetchSourceError(href, 'is empty (0 bytes)');
    return {
      url: href,
      name: fileNameFor(url, response.headers.get('content-disposition')),
      bytes
    };
  } catch (error) {
    // Frees the connection when the body was never read (a 404 page, an announced 2 GB).
    if (!response.body?.locked) await response.body?.cancel().catch(() => undefined);
    if (signal?.aborted) throw new ImportCancelled();
    if (error instanceof FetchSourceError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new FetchSourceError(href, `stopped downloading (${message})`);
  }
}
