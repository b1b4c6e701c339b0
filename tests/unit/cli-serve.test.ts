/**
 * `runlens serve --proxy`: the app's files on 127.0.0.1, MLflow's API forwarded on the same
 * origin with the environment's credentials added (and never echoed back), the browser's own
 * sign-in passed through when the environment has none, and a dead server named in a 502 the
 * client reads as a network error. The upstream here is a small recording HTTP server; the real
 * MLflow server (basic-auth app included) is in tests/server/serve-proxy.test.ts.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  isProxiedPath,
  serveCommand,
  startServe,
  type RunningServe
} from '../../src/lib/cli/serve';
import { MlflowServerClient, MlflowServerError } from '../../src/lib/mlflow-server';
import { readServeConfig } from '../../src/lib/mlflow-server/proxy';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let upstream: Server;
let upstreamUrl: string;
const seen: Seen[] = [];
const root = mkdtempSync(join(tmpdir(), 'runlens-serve-'));
writeFileSync(join(root, '200.html'), '<!doctype html><title>shell</title>');
writeFileSync(join(root, 'app.js'), 'console.log(1)');
let running: RunningServe | null = null;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/mlflow/version') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('3.17.2');
      } else if (req.headers.authorization !== 'Basic ' + btoa('ana:s3cret')) {
        res
          .writeHead(401, {
            'content-type': 'application/json',
            'www-authenticate': 'Basic realm="mlflow"'
          })
          .end(JSON.stringify({ error_code: 'UNAUTHENTICATED', message: 'bad credentials' }));
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'session=abc' })
          .end(JSON.stringify({ experiments: [{ experiment_id: '1', name: 'e1' }] }));
      }
    });
  });
  await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', () => done()));
  const a = upstream.address();
  upstreamUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/mlflow`;
});

afterEach(async () => {
  await running?.close();
  running = null;
  seen.length = 0;
});

afterAll(() => new Promise<void>((done) => upstream.close(() => done())));

const env = { MLFLOW_TRACKING_USERNAME: 'ana', MLFLOW_TRACKING_PASSWORD: 's3cret' };

describe('runlens serve', () => {
  it('serves the app shell for routes and files as they are', async () => {
    running = await startServe({ port: 0, proxy: null, root, env: {} });
    const shell = await fetch(`${running.url}/run?key=x`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<title>shell</title>');
    expect((await fetch(`${running.url}/app.js`)).headers.get('content-type')).toContain(
      'javascript'
    );
    expect((await fetch(`${running.url}/missing.js`)).status).toBe(404);
    expect((await fetch(`${running.url}/..%2f..%2fetc%2fpasswd.js`)).status).not.toBe(200);
    // Without --proxy, the API paths are the app's (the shell), and the page is told no proxy.
    expect(await readServeConfig(running.url)).toBeNull();
  });

  it('forwards the API with the environment credentials, which never come back', async () => {
    running = await startServe({ port: 0, proxy: upstreamUrl, root, env });
    expect(await readServeConfig(running.url)).toEqual({
      address: upstreamUrl,
      credentials: 'basic'
    });
    // The browser sends none (or wrong ones): the proxy's are the ones the server sees.
    const response = await fetch(`${running.url}/api/2.0/mlflow/experiments/search`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Basic ' + btoa('ana:wrong'),
        cookie: 'runlens=1',
        origin: running.url
      },
      body: JSON.stringify({ max_results: 5 })
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    const last = seen.at(-1)!;
    expect(last.url).toBe('/mlflow/api/2.0/mlflow/experiments/search');
    expect(last.headers.authorization).toBe('Basic ' + btoa('ana:s3cret'));
    expect(last.headers.cookie).toBeUndefined();
    expect(last.headers.origin).toBeUndefined();
    expect(JSON.parse(last.body)).toEqual({ max_results: 5 });
    const text = await response.text();
    expect(text).not.toContain('s3cret');

    // The client pointed at the page's origin reads the server through it.
    const client = new MlflowServerClient({ url: running.url, pageOrigin: running.url });
    expect(await client.probe()).toEqual({ version: '3.17.2' });
    expect((await client.allExperiments()).map((e) => e.name)).toEqual(['e1']);
    const artifact = await fetch(`${running.url}/get-artifact?path=a.png&run_uuid=r1`);
    expect(artifact.status).toBe(200);
    expect(seen.at(-1)!.url).toBe('/mlflow/get-artifact?path=a.png&run_uuid=r1');
  });

  it("passes the browser's own credentials when the environment has none, without a browser prompt", async () => {
    running = await startServe({ port: 0, proxy: upstreamUrl, root, env: {} });
    expect((await readServeConfig(running.url))?.credentials).toBeNull();
    const refused = await fetch(`${running.url}/api/2.0/mlflow/experiments/search`, {
      method: 'POST',
      body: '{}'
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBeNull();
    const wrong = new MlflowServerClient({
      url: running.url,
      auth: { kind: 'basic', username: 'ana', password: 'nope' }
    });
    const error = await wrong.allExperiments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowServerError);
    expect((error as MlflowServerError).kind).toBe('auth');
    const right = new MlflowServerClient({
      url: running.url,
      auth: { kind: 'basic', username: 'ana', password: 's3cret' }
    });
    expect((await right.allExperiments()).length).toBe(1);
  });

  it('answers 502 naming the server when it is down, read as a network error', async () => {
    const dead = createServer();
    await new Promise<void>((done) => dead.listen(0, '127.0.0.1', () => done()));
    const a = dead.address();
    const deadUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    await new Promise<void>((done) => dead.close(() => done()));
    running = await startServe({ port: 0, proxy: deadUrl, root, env });
    const client = new MlflowServerClient({ url: running.url, pageOrigin: running.url });
    const error = (await client.allExperiments().catch((e: unknown) => e)) as MlflowServerError;
    expect(error.kind).toBe('network');
    expect(error.status).toBe(502);
    expect(error.cause).toBe(`runlens serve could not reach ${deadUrl} (ECONNREFUSED).`);
  });

  it("refuses other sites' pages, rebound host names and writes, without forwarding them", async () => {
    running = await startServe({ port: 0, proxy: upstreamUrl, root, env });
    const search = `${running.url}/api/2.0/mlflow/runs/search`;
    const fromSite = await fetch(search, {
      method: 'POST',
      headers: { origin: 'http://evil.test', 'content-type': 'application/json' },
      body: '{}'
    });
    expect(fromSite.status).toBe(403);
    expect((await fromSite.json()).message).toContain('not from http://evil.test');
    const write = await fetch(`${running.url}/api/2.0/mlflow/runs/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ run_id: 'r1' })
    });
    expect(write.status).toBe(403);
    expect((await write.json()).message).toContain('reads only');
    expect(
      (await fetch(search.replace('runs/search', 'experiments/delete'), { method: 'DELETE' }))
        .status
    ).toBe(403);
    // A DNS-rebound name: the request reaches 127.0.0.1 with another Host.
    const port = new URL(running.url).port;
    const rebound = await new Promise<number>((done, fail) => {
      const r = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/2.0/mlflow/experiments/get?experiment_id=1',
          headers: { host: `attacker.example:${port}` }
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        }
      );
      r.on('error', fail);
      r.end();
    });
    expect(rebound).toBe(403);
    expect(seen).toEqual([]);
    // The page itself (same origin, localhost too) gets through.
    const own = await fetch(search, {
      method: 'POST',
      headers: { origin: running.url, 'content-type': 'application/json' },
      body: '{}'
    });
    expect(own.status).toBe(200);
    expect(seen.length).toBe(1);
  });

  it('forwards only the API, artifact and probe paths', () => {
    for (const p of [
      '/api/2.0/mlflow/runs/search',
      '/api/2.0/mlflow-artifacts/artifacts/x',
      '/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval',
      '/get-artifact',
      '/model-versions/get-artifact',
      '/version',
      '/health'
    ])
      expect(isProxiedPath(p), p).toBe(true);
    for (const p of ['/', '/run', '/compare', '/_app/immutable/x.js', '/api', '/versions'])
      expect(isProxiedPath(p), p).toBe(false);
  });

  it('rejects a bad port, a bad proxy address and an unknown option with usage errors', async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => void err.push(t), env: {} };
    expect(await serveCommand(['--port', 'x'], io)).toBe(2);
    expect(await serveCommand(['--proxy', 'not a url'], io)).toBe(2);
    expect(await serveCommand(['--nope'], io)).toBe(2);
    expect(err.join('')).toContain('--port takes 0–65535, not x');
    expect(err.join('')).toContain('"not a url" is not a server address');
    expect(await serveCommand(['--root', join(root, 'missing')], io)).toBe(1);
    expect(err.join('')).toContain('holds no built app');
  });
});
