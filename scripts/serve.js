// A small static server for build/: what a static host does. Paths without an extension fall
// back to 200.html (the SPA shell); the service worker file is never cached by the browser, and
// the build's hashed files (`/_app/immutable/`) are cached for good, as SvelteKit asks of hosts:
// without it every visit fetched every script again (the worker's 205 KB took ~100 ms on
// loopback before the worker could start).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Record<string, string>} */
const TYPES = {
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
 * Serves `root` on 127.0.0.1:`port`; resolves once listening. `overrides` maps a URL path to a
 * body served instead of the file (tests use it to publish "a new version" of sw.js).
 * @param {{ port?: number, root?: string, overrides?: Map<string, string> }} [options]
 * @returns {Promise<import('node:http').Server>}
 */
export function serveBuild({ port = 4173, root = 'build', overrides = new Map() } = {}) {
  const base = resolve(root);
  /** Hashed names never change content; the bench's own scripts do not change within a run. */
  const immutable = (/** @type {string} */ p) =>
    (p.startsWith('/_app/immutable/') || p.startsWith('/__bench/')) && extname(p) !== '.html';
  const cacheFor = (/** @type {string} */ p) =>
    immutable(p) ? 'public, max-age=31536000, immutable' : 'no-cache';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const override = overrides.get(url.pathname);
    if (override !== undefined) {
      const type = TYPES[extname(url.pathname)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': cacheFor(url.pathname) });
      res.end(override);
      return;
    }
    let path = normalize(join(base, decodeURIComponent(url.pathname)));
    if (!path.startsWith(base)) {
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
    /** @type {Record<string, string>} */
    const headers = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' };
    if (path.endsWith('sw.js') || path.endsWith('.html')) headers['cache-control'] = 'no-cache';
    else if (immutable(url.pathname)) headers['cache-control'] = cacheFor(url.pathname);
    res.writeHead(200, headers);
    createReadStream(path).pipe(res);
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 4173);
  await serveBuild({ port });
  console.log(`Serving build/ at http://127.0.0.1:${port}`);
}
