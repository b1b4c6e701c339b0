/**
 * `runlens serve [--port N] [--proxy URL]`: serves the built app (build/) on 127.0.0.1 and, with
 * --proxy, forwards MLflow's API to a tracking server on the same origin, so a browser reads a
 * server that cannot allow it (Databricks blocks CORS; an http server on another host is outside
 * the page's Content-Security-Policy). Credentials come from this process's environment, as
 * MLflow's client reads them (MLFLOW_TRACKING_USERNAME/_PASSWORD, MLFLOW_TRACKING_TOKEN, or
 * RUNLENS_MLFLOW_TOKEN), or from the proxy URL, and are added here: they never reach the browser.
 * The page learns it is proxied from `/runlens-serve.json` (SERVE_CONFIG_PATH), and the connect
 * dialog offers this origin as the server's address.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  authFromEnv,
  authFromUrl,
  authorizationHeader,
  serverAddress
} from '../mlflow-server/auth';
import { PROXY_UNREACHABLE, SERVE_CONFIG_PATH, type ServeConfig } from '../mlflow-server/proxy';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  /** The tracking server to forward to (credentials in it are used, never shown); null for none. */
  proxy: string | null;
  /** The built app; build/ of this package by default. */
  root?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface RunningServe {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm'
};

/**
 * The paths forwarded to the tracking server: the REST API (`/api/2.0/mlflow/…`, the artifact
 * proxy `/api/2.0/mlflow-artifacts/…`), the UI's `/ajax-api/…`, the artifact download endpoints
 * (`/get-artifact`, `/model-versions/get-artifact`) and the version probe (`/version`, `/health`).
 */
export function isProxiedPath(pathname: string): boolean {
  return (
    /^\/(ajax-)?api\/2\.0\/mlflow(-artifacts)?\//.test(pathname) ||
    /^\/ajax-api\//.test(pathname) ||
    pathname === '/get-artifact' ||
    pathname === '/model-versions/get-artifact' ||
    pathname === '/version' ||
    pathname === '/health'
  );
}

/** The only POSTs forwarded: MLflow's searches, which read. Everything else sent is a GET. */
const READ_POSTS =
  /^\/(ajax-)?api\/2\.0\/mlflow\/(experiments|runs|logged-models|registered-models|model-versions)\/search$/;

/**
 * Why a request must not reach the server, or null. The proxy signs requests in with the
 * person's credentials, so it answers only this page: a Host other than the loopback name it
 * listens on is a DNS-rebinding attempt, an Origin other than its own is another site's page
 * (which could otherwise POST with the person's credentials), and anything but a GET or a
 * search is a write the app never makes.
 */
export function refusal(
  req: { method?: string; headers: IncomingMessage['headers'] },
  pathname: string,
  port: number
): string | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) {
    return `runlens serve answers requests for ${allowedHosts[0]} only, not for host ${JSON.stringify(req.headers.host ?? '')}.`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return `runlens serve forwards requests from its own page only, not from ${origin}.`;
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return null;
  if (method === 'POST' && READ_POSTS.test(pathname)) return null;
  return `runlens serve forwards reads only (GET and searches), not ${method} ${pathname}.`;
}

/** Request headers passed on; the rest (cookies, origin, referer, hop-by-hop) stay here. */
const FORWARDED_REQUEST = ['accept', 'accept-encoding', 'content-type', 'content-length'];
/**
 * Response headers dropped: hop-by-hop ones, cookies (a session must not reach the browser), and
 * WWW-Authenticate, which would make the browser open its own sign-in prompt over the app's.
 */
const DROPPED_RESPONSE = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'set-cookie',
  'www-authenticate',
  'access-control-allow-origin',
  'access-control-allow-credentials'
]);

function packageBuild(): string {
  return fileURLToPath(new URL('../../../build', import.meta.url));
}

function serveStatic(base: string, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let path: string;
  try {
    path = normalize(join(base, decodeURIComponent(url.pathname)));
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (path !== base && !path.startsWith(base + sep)) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
  if (!existsSync(path)) {
    const html = `${path}.html`;
    if (existsSync(html)) path = html;
    else if (extname(path) === '') path = join(base, '200.html');
    else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
  }
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff'
  };
  // A new build must reach the person: the shell and the service worker are always revalidated.
  if (path.endsWith('sw.js') || path.endsWith('.html')) headers['cache-control'] = 'no-cache';
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store'
    })
    .end(JSON.stringify(body));
}

/** Forwards one request to `target` (the server's address, a path prefix kept) and pipes back. */
function forward(
  target: URL,
  authorization: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): void {
  const headers: OutgoingHttpHeaders = {};
  for (const name of FORWARDED_REQUEST) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  // The environment's credentials win; without them, the browser's own (typed in the connect
  // dialog) pass through, so a person without a configured proxy can still sign in.
  if (authorization) headers.authorization = authorization;
  else if (req.headers.authorization) headers.authorization = req.headers.authorization;
  const prefix = target.pathname.replace(/\/+$/, '');
  const outgoing = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
    {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port || undefined,
      method: req.method,
      path: `${prefix}${url.pathname}${url.search}`,
      headers
    },
    (answer) => {
      const back: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !DROPPED_RESPONSE.has(name)) back[name] = value;
      }
      back['cache-control'] ??= 'no-store';
      res.writeHead(answer.statusCode ?? 502, back);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    }
  );
  outgoing.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, 502, {
      error_code: PROXY_UNREACHABLE,
      message: `runlens serve could not reach ${serverAddress(target.href)} (${error.code ?? error.message}).`
    });
  });
  // The browser gave up (an import cancelled, a page closed): so does the request upstream.
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });
  req.pipe(outgoing);
}

/** Starts the server; resolves once it listens on 127.0.0.1. */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const base = resolve(options.root ?? packageBuild());
  if (!existsSync(join(base, '200.html'))) {
    throw new Error(
      `${base} holds no built app (200.html is missing): run \`npx vite build\` first.`
    );
  }
  let target: URL | null = null;
  let authorization: string | null = null;
  let config: ServeConfig = { proxy: null };
  if (options.proxy !== null) {
    target = new URL(options.proxy);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new TypeError(`--proxy takes an http or https address, not ${target.protocol}`);
    }
    const auth = authFromEnv(options.env ?? process.env) ?? authFromUrl(options.proxy);
    authorization = authorizationHeader(auth);
    config = {
      proxy: { address: serverAddress(options.proxy), credentials: auth ? auth.kind : null }
    };
  }
  // Known once listening (--port 0 picks one); requests are only checked against it after that.
  let port = options.port;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === SERVE_CONFIG_PATH) sendJson(res, 200, config);
    else if (target && isProxiedPath(url.pathname)) {
      const refused = refusal(req, url.pathname, port);
      if (refused) sendJson(res, 403, { error_code: 'PERMISSION_DENIED', message: refused });
      else forward(target, authorization, req, res, url);
    } else serveStatic(base, req, res, url);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => done());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      })
  };
}

export const SERVE_USAGE = `Usage:
  runlens serve [--port N] [--proxy URL]

Serves the Runlens app on http://127.0.0.1:N (4173 by default). With --proxy, it also forwards
MLflow's API (/api/2.0/mlflow/..., /ajax-api/..., /get-artifact, /version) to the tracking server
at URL on the same origin, for servers the browser cannot reach itself (no CORS permission,
plain http on another host). Credentials are added by this process from the environment:
MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (basic auth), or MLFLOW_TRACKING_TOKEN /
RUNLENS_MLFLOW_TOKEN (bearer), or the URL (http://user:pw@host); they never reach the browser.
Only reads from this page are forwarded (GETs and searches; other sites' pages and writes get 403).
In the app, "Connect to an MLflow server" offers this address. Stop it with Ctrl-C.
`;

export interface ServeIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Parses `serve`'s arguments and starts it. Resolves to an exit code for a usage or start error,
 * or to the running server (the process then stays up until it is stopped).
 */
export async function serveCommand(
  argv: readonly string[],
  io: ServeIo
): Promise<number | RunningServe> {
  const usage = (problem: string) => {
    io.stderr(`runlens: serve: ${problem}\nRun 'runlens serve --help' for usage.\n`);
    return 2;
  };
  let port = 4173;
  let proxy: string | null = null;
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new RangeError(`${name} needs a value`);
      return next;
    };
    try {
      if (name === '--help' || name === '-h') {
        io.stdout(SERVE_USAGE);
        return 0;
      } else if (name === '--port' || name === '-p') {
        const text = value();
        port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) return usage(`--port takes 0–65535, not ${text}`);
      } else if (name === '--proxy') proxy = value();
      else if (name === '--root') root = value();
      else return usage(`unknown argument ${JSON.stringify(arg)}`);
    } catch (error) {
      return usage((error as Error).message);
    }
  }
  if (proxy !== null) {
    try {
      new URL(proxy);
    } catch {
      return usage(`--proxy: ${JSON.stringify(proxy)} is not a server address (http://host:port)`);
    }
  }
  let running: RunningServe;
  try {
    running = await startServe({ port, proxy, root, env: io.env });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(
      `runlens: serve: ${code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port` : (error as Error).message}\n`
    );
    return 1;
  }
  io.stdout(`Runlens at ${running.url}\n`);
  if (proxy !== null) {
    const auth = authFromEnv(io.env ?? process.env) ?? authFromUrl(proxy);
    io.stdout(
      `Forwarding MLflow's API to ${serverAddress(proxy)} ` +
        `(${auth ? `${auth.kind} credentials from the ${authFromEnv(io.env ?? process.env) ? 'environment' : 'address'}` : 'no credentials'}).\n`
    );
  }
  return running;
}
