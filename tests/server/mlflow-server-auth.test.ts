/**
 * A tracking server started with `--app-name basic-auth`: no or wrong credentials give the auth
 * error naming the fix, the right ones work (client and `runlens pull`, which keeps them out of
 * the bundle), and a server stopped in the middle of a pull gives the network error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MlflowServerClient,
  MlflowServerError,
  pullRuns,
  type FetchLike
} from '../../src/lib/mlflow-server';
import { ADMIN, SEED, python, startMlflowServer, type MlflowTestServer } from './harness';

let server: MlflowTestServer;

beforeAll(async () => {
  server = await startMlflowServer({ basicAuth: true });
  await python('populate.py', [server.url, String(SEED), 'small'], server.clientEnv);
}, 600_000);

afterAll(async () => {
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
    const runs = await client.allRuns({ experimentIds: experiments.map((e) => e.id) });
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

  // Last: it stops the server.
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
