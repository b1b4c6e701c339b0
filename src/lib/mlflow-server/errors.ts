/**
 * Why a request to an MLflow tracking server failed, in words a person can act on: the cause
 * (CORS, host check, auth, network, server) and the exact server setting that fixes it. MLflow
 * ≥ 3.5 runs a security middleware (mlflow/server/security.py, read for 3.17.2, 2026-12): it
 * answers 403 "Invalid Host header - possible DNS rebinding attack detected" to a Host that is not
 * in `--allowed-hosts` (localhost and private addresses are allowed by default), and 403
 * "Cross-origin request blocked" to a POST from an origin not in `--cors-allowed-origins`
 * (localhost origins always pass, GETs are never blocked). Without a CORS header on the answer,
 * the browser hides all of this: fetch rejects with a bare TypeError and no response, the same
 * symptom as a server that is down, so the caller may say whether a `no-cors` probe got through.
 */

import { PROXY_UNREACHABLE } from './proxy';

export type ServerErrorKind = 'cors' | 'host-check' | 'auth' | 'network' | 'server' | 'not-mlflow';

/** A failed request to a tracking server; `message` names the server, the cause and the fix. */
export class MlflowServerError extends Error {
  constructor(
    readonly kind: ServerErrorKind,
    /** The server's address as the person gave it, without credentials. */
    readonly server: string,
    /** What went wrong, one sentence. */
    readonly cause: string,
    /** The server setting (or client step) that fixes it, or null when there is none to give. */
    readonly fix: string | null,
    /** The HTTP status when the server answered. */
    readonly status: number | null = null
  ) {
    super(`${server}: ${cause}${fix ? ` ${fix}` : ''}`);
    this.name = 'MlflowServerError';
  }
}

/** A failed server request as a worker answer gives it: the message, and its kind for the page. */
export function serverFailure(error: unknown): {
  error: string;
  errorKind: ServerErrorKind | null;
} {
  return {
    error: error instanceof Error ? error.message : String(error),
    errorKind: error instanceof MlflowServerError ? error.kind : null
  };
}

/** What is known of the page and the request when a request failed. */
export interface FailureContext {
  /** The server's address, shown in messages. */
  server: string;
  /** The page's origin in a browser (`location.origin`); null in Node, where CORS cannot happen. */
  pageOrigin: string | null;
  /**
   * In a browser, whether a `mode: 'no-cors'` request to the server got any answer after the real
   * request failed: true means the server is up and the browser refused to show its answer.
   */
  reachableWithoutCors?: boolean;
  /** The request's method: MLflow blocks cross-origin POSTs only. */
  method?: string;
}

const ALLOWED_HOSTS_MESSAGE = 'Invalid Host header';
const CORS_BLOCKED_MESSAGE = 'Cross-origin request blocked';

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function corsFix(origin: string): string {
  return (
    `Start the server with \`mlflow server --cors-allowed-origins ${origin}\` (MLflow ≥ 3.5; ` +
    `older servers need a proxy that adds CORS headers), or open Runlens through ` +
    '`runlens serve --proxy URL`, which forwards the API on the same origin.'
  );
}

/** A fetch that threw (no response): network failure, CORS refusal, abort or time-out. */
export function classifyThrown(error: unknown, ctx: FailureContext): MlflowServerError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new MlflowServerError(
      'network',
      ctx.server,
      name === 'TimeoutError' ? 'the server did not answer in time.' : 'the request was cancelled.',
      null
    );
  }
  const server = originOf(ctx.server);
  const crossOrigin = ctx.pageOrigin !== null && server !== null && ctx.pageOrigin !== server;
  if (crossOrigin && ctx.reachableWithoutCors !== false) {
    const probed = ctx.reachableWithoutCors === true;
    return new MlflowServerError(
      'cors',
      ctx.server,
      probed
        ? `the server answered, but the browser refused to show the answer to ${ctx.pageOrigin} ` +
            '(no CORS permission for this page).'
        : `the browser refused the request from ${ctx.pageOrigin} (no CORS permission), or the ` +
            'server is not running.',
      corsFix(ctx.pageOrigin!)
    );
  }
  const detail = networkDetail(error);
  return new MlflowServerError(
    'network',
    ctx.server,
    `the server could not be reached${detail ? ` (${detail})` : ''}.`,
    'Check that the server is running and the address is right.'
  );
}

/** Node's fetch puts the system error (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function networkDetail(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? code : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** MLflow's JSON error body: `{error_code, message}`. */
function mlflowMessage(body: string): { code: string; message: string } | null {
  try {
    const doc = JSON.parse(body) as unknown;
    if (doc && typeof doc === 'object' && 'message' in doc) {
      const o = doc as { error_code?: unknown; message?: unknown };
      return {
        code: typeof o.error_code === 'string' ? o.error_code : '',
        message: String(o.message)
      };
    }
  } catch {
    // Not JSON: an HTML page or plain text.
  }
  return null;
}

function shortText(body: string): string {
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** An answer with a failing status: what it means and how to fix it. */
export function classifyResponse(
  status: number,
  body: string,
  ctx: FailureContext
): MlflowServerError {
  const mlflow = mlflowMessage(body);
  const said = mlflow ? mlflow.message : shortText(body);
  if (status === 403 && body.includes(ALLOWED_HOSTS_MESSAGE)) {
    return new MlflowServerError(
      'host-check',
      ctx.server,
      `the server refused the Host header ${hostOf(ctx.server)} (MLflow's DNS-rebinding check).`,
      `Start the server with \`mlflow server --allowed-hosts ${hostOf(ctx.server)}\` ` +
        '(MLflow ≥ 3.5 allows only localhost and private addresses by default).',
      status
    );
  }
  if (status === 403 && body.includes(CORS_BLOCKED_MESSAGE)) {
    const origin = ctx.pageOrigin ?? 'the page origin';
    return new MlflowServerError(
      'cors',
      ctx.server,
      `the server blocked a cross-origin ${ctx.method ?? 'POST'} from ${origin}.`,
      corsFix(origin),
      status
    );
  }
  if (status === 502 && mlflow?.code === PROXY_UNREACHABLE) {
    // `runlens serve --proxy` answered for a tracking server that is down: the page's own
    // origin is up, the server behind it is not.
    return new MlflowServerError(
      'network',
      ctx.server,
      mlflow.message,
      'Check that the tracking server is running and that `runlens serve --proxy` names it.',
      status
    );
  }
  if (status === 401) {
    return new MlflowServerError(
      'auth',
      ctx.server,
      'the server asks for credentials, and none were given or they are wrong' +
        (said ? ` (${said}).` : '.'),
      'Give a username and password (basic auth, `mlflow server --app-name basic-auth`) or a ' +
        'bearer token; for `runlens pull`, set MLFLOW_TRACKING_USERNAME and ' +
        'MLFLOW_TRACKING_PASSWORD, or RUNLENS_MLFLOW_TOKEN.',
      status
    );
  }
  if (status === 403) {
    return new MlflowServerError(
      'auth',
      ctx.server,
      `the server refused access${said ? ` (${said})` : ''}.`,
      'Ask the server admin for READ permission on the experiment, or use other credentials.',
      status
    );
  }
  if (status === 404 && !mlflow) {
    return new MlflowServerError(
      'not-mlflow',
      ctx.server,
      `the address answered 404 Not Found: it does not look like an MLflow tracking server.`,
      'Give the address the MLflow UI is served at (e.g. http://host:5000), without /api.',
      status
    );
  }
  return new MlflowServerError(
    'server',
    ctx.server,
    `the server answered ${status}${mlflow?.code ? ` ${mlflow.code}` : ''}${said ? `: ${said}` : ''}.`,
    null,
    status
  );
}
