/**
 * A tracking server started with `--app-name basic-auth`: no or wrong credentials give the auth
 * error naming the fix, the right ones work (client, `runlens pull`, which keeps them out of the
 * bundle, and `runlens serve --proxy`, which adds them from its environment), and a server
 * stopped in the middle of a pull or of the app's import gives the network error naming it,
 * the runs stored before left as they were.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allRuns,
  MlflowServerClient,
  MlflowServerError,
  pullRuns,
  type FetchLike
} from '../../src/lib/mlflow-server';
import { importFromServer } from '../../src/lib/worker/server-import';
import { dumpDb, freshDb } from '../unit/helpers/db';
import { ADMIN, SEED, python, startMlflowServer, type MlflowTestServer } from './harness';

let server: MlflowTestServer;
const cache = freshDb();
let cached = '';
const serveChildren: ChildProcess[] = [];

beforeAll(async () => {
  server = await startMlflowServer({ basicAuth: true });
  await python('populate.py', [server.url, String(SEED), 'small'], server.clientEnv);
}, 600_000);

afterAll(async () => {
  for (const child of serveChildren) child.kill();
  await server?.stop();
  server?.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<MlflowServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MlflowServerError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, ['bin/runlens.js', ...args], { env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e
  );

const noCredentials = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const k of [
    'MLFLOW_TRACKING_USERNAME',
    'MLFLOW_TRACKING_PASSWORD',
    'MLFLOW_TRACKING_TOKEN',
    'RUNLENS_MLFLOW_TOKEN'
  ])
    delete env[k];
  return env;
};

/** `runlens serve --port 0 --proxy <server>` as a person starts it, credentials in its environment. */
async function startServeCli(root: string, password: string) {
  const child = spawn(
    process.execPath,
    ['bin/runlens.js', 'serve', '--port', '0', '--proxy', server.url, '--root', root],
    {
      env: {
        ...noCredentials(),
        MLFLOW_TRACKING_USERNAME: ADMIN.username,
        MLFLOW_TRACKING_PASSWORD: password
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  serveChildren.push(child);
  let out = '';
  const url = await new Promise<string>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Runlens at (http:\/\/127\.0\.0\.1:\d+)\nForwarding/.exec(out);
      if (m) done(m[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`runlens serve exited (${code}): ${out}`)));
  });
  expect(out).toContain(
    `Forwarding MLflow's API to ${server.url} (basic credentials from the environment)`
  );
  return { url, stop: () => child.kill() };
}

describe('MLflow tracking server with basic auth', () => {
  it('names the auth problem and its fix without credentials or with a wrong password', async () => {
    const none = await failure(new MlflowServerClient({ url: server.url }).allExperiments());
    expect(none.kind).toBe('auth');
    expect(none.status).toBe(401);
    expect(none.message).toContain(server.url);
    expect(none.fix).toContain('MLFLOW_TRACKING_USERNAME');
    const wrong = await failure(
      new MlflowServerClient({
        url: server.url,
        auth: { kind: 'basic', username: ADMIN.username, password: 'not-the-password' }
      }).allExperiments()
    );
    expect(wrong.kind).toBe('auth');
    expect(wrong.status).toBe(401);
  });

  it('works with the right password', async () => {
    const client = new MlflowServerClient({
      url: server.url,
      auth: { kind: 'basic', ...ADMIN }
    });
    const experiments = await client.allExperiments();
    expect(experiments.map((e) => e.name).sort()).toEqual(['Default', 'runlens-server', 'second']);
    const runs = await allRuns(client, { experimentIds: experiments.map((e) => e.id) });
    const sweep = runs.find((r) => r.name === 'sweep')!;
    const { series } = await client.fullHistory(sweep.id, 'train/loss');
    expect(series.values.length).toBe(1000);
  });

  it('runlens pull reads credentials from the environment and never writes them', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'runlens-pull-auth-')), 'runs.runlens');
    const refused = await cli(['pull', server.url, '-o', out], {
      ...noCredentials(),
      MLFLOW_TRACKING_USERNAME: ADMIN.username,
      MLFLOW_TRACKING_PASSWORD: 'wrong'
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`runlens: pull from ${server.url}: the server asks for`);
    const ok = await cli(['pull', server.url, '--experiment', 'runlens-server', '-o', out], {
      ...noCredentials(),
      MLFLOW_TRACKING_USERNAME: ADMIN.username,
      MLFLOW_TRACKING_PASSWORD: ADMIN.password
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Pulled 1 experiment, 14 runs, /);
    const bytes = readFileSync(out);
    expect(bytes.includes(Buffer.from(ADMIN.password))).toBe(false);
    expect(
      bytes.includes(Buffer.from(Buffer.from(`admin:${ADMIN.password}`).toString('base64')))
    ).toBe(false);
  });

  it('runlens serve --proxy forwards the API and artifacts with the credentials of its environment', async () => {
    const root = mkdtempSync(join(tmpdir(), 'runlens-serve-root-'));
    writeFileSync(join(root, '200.html'), '<!doctype html><title>Runlens</title>');
    const right = await startServeCli(root, ADMIN.password);
    const wrong = await startServeCli(root, 'not-the-password');
    try {
      // The page (here: a client at the proxy's origin) sends no credentials at all.
      const client = new MlflowServerClient({ url: right.url, pageOrigin: right.url });
      expect((await client.probe()).version).toMatch(/^3\./);
      const experiments = await client.allExperiments();
      expect(experiments.map((e) => e.name).sort()).toEqual([
        'Default',
        'runlens-server',
        'second'
      ]);
      const main = experiments.find((e) => e.name === 'runlens-server')!;
      const runs = await allRuns(client, { experimentIds: [main.id], maxResults: 5 });
      expect(runs.length).toBe(14);
      const sweep = runs.find((r) => r.name === 'sweep')!;
      expect((await client.fullHistory(sweep.id, 'train/loss', 300)).series.values.length).toBe(
        1000
      );
      const listed = await client.listArtifacts(sweep.id);
      expect(listed.map((a) => a.path)).toContain('images/sample.png');
      // Artifact bytes through the proxy are the server's bytes.
      const proxied = await fetch(client.artifactUrl(sweep.id, 'images/sample.png'));
      const direct = await fetch(
        `${server.url}/get-artifact?path=images/sample.png&run_uuid=${sweep.id}`,
        {
          headers: new MlflowServerClient({
            url: server.url,
            auth: { kind: 'basic', ...ADMIN }
          }).requestHeaders()
        }
      );
      expect(proxied.status).toBe(200);
      const bytes = Buffer.from(await proxied.arrayBuffer());
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(bytes.equals(Buffer.from(await direct.arrayBuffer()))).toBe(true);
      // Nothing the proxy answers carries the password or asks the browser to sign in.
      expect(proxied.headers.get('www-authenticate')).toBeNull();
      const refused = await fetch(`${right.url}/api/2.0/mlflow/experiments/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      });
      expect(await refused.text()).not.toContain(ADMIN.password);

      // A proxy started with a wrong password: the page gets the auth error, naming the proxy.
      const denied = await failure(
        new MlflowServerClient({ url: wrong.url, pageOrigin: wrong.url }).allExperiments()
      );
      expect(denied.kind).toBe('auth');
      expect(denied.status).toBe(401);
      expect(denied.message).toContain(wrong.url);
    } finally {
      right.stop();
      wrong.stop();
    }
  });

  it('an import into the store, before the server goes away', async () => {
    const outcome = await importFromServer(
      cache,
      { url: server.url, auth: { kind: 'basic', ...ADMIN }, pageOrigin: null, experimentIds: [] },
      { isCancelled: () => false, onProgress: () => {} }
    );
    expect(outcome.state).toBe('done');
    expect(outcome.runs).toBe(17);
    cached = JSON.stringify(await dumpDb(cache));
  });

  // These two stop the server; the first starts it again.
  it('a server stopped in the middle of an import: the error names it, the cache is intact', async () => {
    let histories = 0;
    const stopping: FetchLike = async (input, init) => {
      if (input.includes('/get-history') && ++histories === 5) await server.stop();
      return fetch(input, init);
    };
    const outcome = await importFromServer(
      cache,
      { url: server.url, auth: { kind: 'basic', ...ADMIN }, pageOrigin: null, experimentIds: [] },
      { isCancelled: () => false, onProgress: () => {}, fetch: stopping }
    );
    expect(histories).toBeGreaterThanOrEqual(5);
    expect(outcome.state).toBe('error');
    expect(outcome.runs).toBe(0);
    // Which error the fetch in flight sees depends on timing (refused, or its socket closed).
    expect(outcome.errors.length).toBe(1);
    expect(outcome.errors[0]!.file).toBe(server.url);
    expect(outcome.errors[0]!.message).toMatch(
      /^the server could not be reached \((ECONNREFUSED|UND_ERR_SOCKET|ECONNRESET|other side closed)\)\. Check that the server is running/
    );
    // Every row of the earlier import, byte for byte: nothing removed, replaced or added.
    expect(JSON.stringify(await dumpDb(cache))).toBe(cached);
    // Back up, the same server (same store) serves the next test.
    await server.restart();
  });

  it('gives the network error when the server stops in the middle of a pull', async () => {
    let histories = 0;
    const stopping: FetchLike = async (input, init) => {
      if (input.includes('/get-history') && ++histories === 3) await server.stop();
      return fetch(input, init);
    };
    const client = new MlflowServerClient({
      url: server.url,
      auth: { kind: 'basic', ...ADMIN },
      fetch: stopping
    });
    const error = await failure(pullRuns(client, { concurrency: 1 }));
    expect(histories).toBe(3);
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      `${server.url}: the server could not be reached (ECONNREFUSED). ` +
        'Check that the server is running and the address is right.'
    );
  });
});
