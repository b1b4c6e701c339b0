// fetch-source against a real HTTP server on a random local port: progress, the size cap,
// HTTP and network failures, the URL rules, file names and cancel.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportCancelled } from '../../src/lib/importers/errors';
import {
  FetchSourceError,
  checkSourceUrl,
  fetchSource,
  fileNameFor,
  type FetchProgress
} from '../../src/lib/worker/fetch-source';

const KB = 1024;
const body = (n: number) => new Uint8Array(n).map((_, i) => i % 251);

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Writes `total` bytes in chunks, pausing between them so the client sees several reads. */
function streamed(total: number, chunk: number, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...headers });
    let sent = 0;
    const next = () => {
      if (res.destroyed) return;
      if (sent >= total) return void res.end();
      const n = Math.min(chunk, total - sent);
      sent += n;
      res.write(body(n), () => setTimeout(next, 2));
    };
    next();
  };
}

const routes = new Map<string, Handler>([
  [
    '/runs/sample.json',
    (_req, res) => {
      const data = body(64 * KB);
      res.writeHead(200, { 'content-length': String(data.byteLength) });
      res.end(data);
    }
  ],
  ['/chunked', streamed(64 * KB, 8 * KB)],
  [
    '/announces-too-much',
    (_req, res) => {
      // Says 10 MB and sends a little: the announcement alone is enough to refuse.
      res.writeHead(200, { 'content-length': String(10 * 1024 * KB) });
      res.write(body(KB));
    }
  ],
  ['/endless', streamed(10 * 1024 * KB, 16 * KB)],
  [
    '/missing.json',
    (_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
  ],
  ['/empty.json', (_req, res) => res.writeHead(200, { 'content-length': '0' }).end()],
  [
    '/api/artifacts/42',
    (_req, res) =>
      res
        .writeHead(200, {
          'content-disposition': `attachment; filename*=UTF-8''my%20runs.runlens; filename="x.runlens"`
        })
        .end('{}')
  ],
  [
    '/api/plain',
    (_req, res) =>
      res.writeHead(200, { 'content-disposition': 'attachment; filename="runs.csv"' }).end('a,b')
  ],
  ['/api/nameless', (_req, res) => res.writeHead(200).end('{}')],
  ['/slow', streamed(1024 * KB, 4 * KB)]
]);

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes.get(path);
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The error a call fails with (the test fails if it succeeds). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the fetch to fail');
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(FetchSourceError);
  return (error as FetchSourceError).reason;
}

describe('fetchSource', () => {
  it('downloads a file, reporting progress against Content-Length', async () => {
    const seen: FetchProgress[] = [];
    const file = await fetchSource(`${origin}/runs/sample.json`, {
      onProgress: (p) => seen.push(p)
    });
    expect(file.name).toBe('sample.json');
    expect(file.url).toBe(`${origin}/runs/sample.json`);
    expect(file.bytes).toEqual(body(64 * KB));
    expect(seen[0]).toEqual({ bytesDone: 0, bytesTotal: 64 * KB });
    expect(seen.at(-1)).toEqual({ bytesDone: 64 * KB, bytesTotal: 64 * KB });
    expect(seen.every((p) => p.bytesTotal === 64 * KB)).toBe(true);
  });

  it('reports growing byte counts with no Content-Length, and the total at the end', async () => {
    const seen: FetchProgress[] = [];
    const file = await fetchSource(`${origin}/chunked`, { onProgress: (p) => seen.push(p) });
    expect(file.bytes.byteLength).toBe(64 * KB);
    expect(seen[0]).toEqual({ bytesDone: 0, bytesTotal: null });
    expect(seen.length).toBeGreaterThan(3);
    const done = seen.map((p) => p.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(seen.slice(1, -1).every((p) => p.bytesTotal === null)).toBe(true);
    expect(seen.at(-1)).toEqual({ bytesDone: 64 * KB, bytesTotal: 64 * KB });
  });

  it('throttles progress but always sends the first and the last report', async () => {
    const seen: FetchProgress[] = [];
    await fetchSource(`${origin}/chunked`, {
      onProgress: (p) => seen.push(p),
      progressIntervalMs: 60_000
    });
    expect(seen).toEqual([
      { bytesDone: 0, bytesTotal: null },
      { bytesDone: 64 * KB, bytesTotal: 64 * KB }
    ]);
  });

  it('refuses a file whose Content-Length is over the cap without reading it', async () => {
    const seen: FetchProgress[] = [];
    const why = await reason(
      fetchSource(`${origin}/announces-too-much`, {
        maxBytes: 1024 * KB,
        onProgress: (p) => seen.push(p)
      })
    );
    expect(why).toBe(
      'is 10 MB, more than the 1 MB a link may download; download it and drop it here instead'
    );
    expect(seen).toEqual([]);
  });

  it('stops reading as soon as a stream with no Content-Length passes the cap', async () => {
    let last = 0;
    const error = await failure(
      fetchSource(`${origin}/endless`, {
        maxBytes: 256 * KB,
        onProgress: (p) => (last = p.bytesDone)
      })
    );
    expect(error).toBeInstanceOf(FetchSourceError);
    expect((error as FetchSourceError).message).toBe(
      `${origin}/endless is larger than the 256 KB a link may download; ` +
        'download it and drop it here instead'
    );
    expect(last).toBeLessThanOrEqual(256 * KB);
  });

  it('names the URL and the status when the server answers with an error', async () => {
    const error = await failure(fetchSource(`${origin}/missing.json`));
    expect(error).toBeInstanceOf(FetchSourceError);
    expect((error as FetchSourceError).message).toBe(
      `${origin}/missing.json answered 404 Not Found`
    );
    expect((error as FetchSourceError).url).toBe(`${origin}/missing.json`);
  });

  it('says an empty file is empty', async () => {
    expect(await reason(fetchSource(`${origin}/empty.json`))).toBe('is empty (0 bytes)');
  });

  it('explains a network failure as CORS or an unreachable server', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    expect(await reason(fetchSource(`http://127.0.0.1:${port}/runs.runlens`))).toBe(
      'could not be fetched: the server may not allow cross-origin requests (CORS), or it is ' +
        'unreachable. Download the file and drop it here instead'
    );
  });

  it('cancels a download in progress', async () => {
    const controller = new AbortController();
    const error = await failure(
      fetchSource(`${origin}/slow`, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesDone > 0) controller.abort();
        }
      })
    );
    expect(error).toBeInstanceOf(ImportCancelled);
  });

  it('cancels before the server answers', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(fetchSource(`${origin}/slow`, { signal: controller.signal }));
    expect(error).toBeInstanceOf(ImportCancelled);
  });
});

describe('URL rules', () => {
  it.each([
    ['file:///etc/passwd', 'uses file:, which cannot be opened: only https links can'],
    ['javascript:alert(1)', 'uses javascript:, which cannot be opened: only https links can'],
    ['data:application/json,{}', 'uses data:, which cannot be opened: only https links can'],
    [
      'http://example.com/runs.runlens',
      'is not an https address: only https links can be opened (plain http only from localhost or 127.0.0.1)'
    ],
    [
      'https://user:secret@example.com/runs.runlens',
      'holds a user name or password, which Runlens does not send; use a link without them'
    ],
    ['not a url', 'is not a valid URL']
  ])('refuses %s', async (url, why) => {
    let fetched = false;
    const spy = (() => {
      fetched = true;
      return Promise.reject(new Error('must not be called'));
    }) as typeof fetch;
    expect(await reason(fetchSource(url, { fetch: spy }))).toBe(why);
    expect(fetched).toBe(false);
  });

  it('accepts https anywhere, http only on this machine or the app’s own origin', () => {
    expect(checkSourceUrl('https://example.com/a.runlens').href).toBe(
      'https://example.com/a.runlens'
    );
    expect(checkSourceUrl('http://localhost:8000/a.json').host).toBe('localhost:8000');
    expect(checkSourceUrl('http://127.0.0.1/a.json').host).toBe('127.0.0.1');
    expect(checkSourceUrl('/sample/s.json', 'http://runlens.lan:4173/').href).toBe(
      'http://runlens.lan:4173/sample/s.json'
    );
    expect(() => checkSourceUrl('http://other.lan/s.json', 'http://runlens.lan:4173/')).toThrow(
      FetchSourceError
    );
  });

  it('refuses a redirect to a place a link could not name', async () => {
    const redirected = (() => {
      const response = new Response('{}', { status: 200 });
      Object.defineProperty(response, 'url', { value: 'http://example.com/runs.json' });
      return Promise.resolve(response);
    }) as typeof fetch;
    const why = await reason(fetchSource('https://example.org/runs.json', { fetch: redirected }));
    expect(why).toMatch(/^is not an https address/);
  });
});

describe('file names', () => {
  it('come from the decoded last segment of the path', async () => {
    expect(fileNameFor(new URL('https://x.org/a/my%20runs.runlens?x=1'), null)).toBe(
      'my runs.runlens'
    );
    // An encoded slash does not make a folder.
    expect(fileNameFor(new URL('https://x.org/a/..%2F..%2Fevil.json'), null)).toBe('evil.json');
    expect(fileNameFor(new URL('https://x.org/a/%E0%A4%A.json'), null)).toBe('%E0%A4%A.json');
  });

  it('come from Content-Disposition when the path has no file name', async () => {
    expect((await fetchSource(`${origin}/api/artifacts/42`)).name).toBe('my runs.runlens');
    expect((await fetchSource(`${origin}/api/plain`)).name).toBe('runs.csv');
    expect((await fetchSource(`${origin}/api/nameless`)).name).toBe('nameless');
    expect(fileNameFor(new URL('https://x.org/'), null)).toBe('download');
    expect(fileNameFor(new URL('https://x.org/'), 'attachment; filename="../../a/b.json"')).toBe(
      'b.json'
    );
  });
});
