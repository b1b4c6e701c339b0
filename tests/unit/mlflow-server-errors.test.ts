// How a failed request to a tracking server is explained: the browser's symptoms (a bare
// TypeError from fetch, no response) and MLflow ≥ 3.5's security middleware answers.
import { describe, expect, it } from 'vitest';
import {
  MlflowServerClient,
  authorizationHeader,
  classifyResponse,
  classifyThrown,
  serverAddress,
  type FetchLike
} from '../../src/lib/mlflow-server';

const server = 'https://mlflow.example.com';
const page = 'https://runlens.example.org';
const failedToFetch = () => new TypeError('Failed to fetch');

describe('classifyThrown', () => {
  it('calls a refused cross-origin request CORS when the no-cors probe got through', () => {
    const e = classifyThrown(failedToFetch(), {
      server,
      pageOrigin: page,
      reachableWithoutCors: true
    });
    expect(e.kind).toBe('cors');
    expect(e.fix).toContain(`--cors-allowed-origins ${page}`);
    expect(e.fix).toContain('runlens serve --proxy');
  });

  it('calls it a network failure when even the no-cors probe failed', () => {
    const e = classifyThrown(failedToFetch(), {
      server,
      pageOrigin: page,
      reachableWithoutCors: false
    });
    expect(e.kind).toBe('network');
  });

  it('names both causes when nothing could be probed', () => {
    const e = classifyThrown(failedToFetch(), { server, pageOrigin: page });
    expect(e.kind).toBe('cors');
    expect(e.cause).toContain('or the server is not running');
  });

  it('never says CORS on the same origin or in Node', () => {
    expect(classifyThrown(failedToFetch(), { server, pageOrigin: server }).kind).toBe('network');
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    });
    const e = classifyThrown(refused, { server, pageOrigin: null });
    expect(e.message).toBe(
      `${server}: the server could not be reached (ECONNREFUSED). Check that the server is ` +
        'running and the address is right.'
    );
  });

  it('tells a time-out from a cancel', () => {
    const timeout = new DOMException('timed out', 'TimeoutError');
    expect(classifyThrown(timeout, { server, pageOrigin: null }).cause).toContain('in time');
    const abort = new DOMException('aborted', 'AbortError');
    expect(classifyThrown(abort, { server, pageOrigin: null }).cause).toContain('cancelled');
  });
});

describe('classifyResponse', () => {
  const ctx = { server, pageOrigin: page, method: 'POST' };

  it("reads MLflow's host check and names --allowed-hosts", () => {
    const e = classifyResponse(
      403,
      'Invalid Host header - possible DNS rebinding attack detected',
      ctx
    );
    expect(e.kind).toBe('host-check');
    expect(e.fix).toContain('--allowed-hosts mlflow.example.com');
  });

  it("reads MLflow's cross-origin POST block and names --cors-allowed-origins", () => {
    const e = classifyResponse(403, 'Cross-origin request blocked', ctx);
    expect(e.kind).toBe('cors');
    expect(e.fix).toContain(`--cors-allowed-origins ${page}`);
  });

  it('tells missing credentials from missing permission', () => {
    expect(classifyResponse(401, 'You are not authenticated.', ctx).kind).toBe('auth');
    const denied = classifyResponse(
      403,
      '{"error_code": "PERMISSION_DENIED", "message": "Permission denied"}',
      ctx
    );
    expect(denied.kind).toBe('auth');
    expect(denied.cause).toContain('Permission denied');
  });

  it('says when the address is not an MLflow server, and passes MLflow errors on', () => {
    expect(classifyResponse(404, '<html><h1>Not Found</h1></html>', ctx).kind).toBe('not-mlflow');
    const bad = classifyResponse(
      400,
      '{"error_code": "INVALID_PARAMETER_VALUE", "message": "Invalid filter"}',
      ctx
    );
    expect(bad.kind).toBe('server');
    expect(bad.message).toBe(
      `${server}: the server answered 400 INVALID_PARAMETER_VALUE: Invalid filter.`
    );
  });
});

describe('the client', () => {
  it('probes with no-cors after a cross-origin TypeError, and sends credentials', async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const browserLike: FetchLike = async (url, init) => {
      seen.push({ url, init });
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw failedToFetch();
    };
    const client = new MlflowServerClient({
      url: 'https://user:secret@mlflow.example.com/',
      fetch: browserLike,
      pageOrigin: page,
      auth: { kind: 'bearer', token: 't0k' }
    });
    expect(client.address).toBe(server);
    await expect(client.allExperiments()).rejects.toMatchObject({ kind: 'cors' });
    expect(seen.map((s) => s.init?.mode ?? 'cors')).toEqual(['cors', 'no-cors']);
    expect(new Headers(seen[0]!.init!.headers).get('Authorization')).toBe('Bearer t0k');
  });

  it('spells basic credentials as UTF-8 and addresses without them', () => {
    expect(authorizationHeader({ kind: 'basic', username: 'ü', password: 'p:w' })).toBe(
      `Basic ${Buffer.from('ü:p:w', 'utf8').toString('base64')}`
    );
    expect(serverAddress('http://a:b@host:5000/mlflow/?x=1#/runs')).toBe('http://host:5000/mlflow');
  });
});
