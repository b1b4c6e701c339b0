/**
 * A real MLflow tracking server for the tests: `mlflow server` from .venv-test (the interop
 * suite's venv, tests/interop/requirements.txt) on 127.0.0.1 with a free port, a SQLite backend
 * store and a local artifact root in a temporary folder, optionally with the `basic-auth` app.
 * populate.py fills it with MLflow's own client; read_server.py reads it back the same way.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const VENV = resolve('.venv-test');
export const PYTHON = join(VENV, 'bin', 'python');
const MLFLOW = join(VENV, 'bin', 'mlflow');

/** Admin user of the basic-auth server (a test-only password on a loopback server). */
export const ADMIN = { username: 'admin', password: 'runlens-test-admin-1' };

export interface MlflowTestServer {
  url: string;
  dir: string;
  /** Environment for MLflow's Python client against this server (credentials included). */
  clientEnv: NodeJS.ProcessEnv;
  /** Ends the server's process group and waits for it; idempotent. */
  stop(): Promise<void>;
  /** Starts it again after stop (same address, store and artifacts) and waits for /health. */
  restart(): Promise<void>;
  /** Removes the temporary folder (after stop). */
  cleanup(): void;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

/** Whether the venv with `mlflow` exists (the bench reports its server scenarios missed if not). */
export function hasMlflow(): boolean {
  return existsSync(MLFLOW);
}

/**
 * Starts `mlflow server` and resolves once /health answers (up to 4 minutes on a busy machine).
 * `storeFrom`: a folder holding a populated `mlflow.db` and `artifacts/` (the bench's cached
 * stores), copied into the new server's folder first, so the copy is what the server changes.
 */
export async function startMlflowServer(
  options: {
    basicAuth?: boolean;
    extraArgs?: string[];
    storeFrom?: string;
    /** Another backend store than the folder's SQLite file (postgres.ts's `postgresql://…`). */
    backendStoreUri?: string;
  } = {}
): Promise<MlflowTestServer> {
  if (!existsSync(MLFLOW)) {
    throw new Error(
      `${MLFLOW} is missing: build the venv with \`node scripts/server-tests.js\` (or ` +
        '`node scripts/interop.js`), which installs tests/interop/requirements.txt.'
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'runlens-mlflow-server-'));
  if (options.storeFrom) cpSync(options.storeFrom, dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // No job runner: it starts eight more Python processes (huey consumers for GenAI jobs) that
  // these tests never use, and they slow the start-up of a busy machine.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MLFLOW_TRACKING_URI: url,
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false'
  };
  const args = [
    'server',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--backend-store-uri',
    options.backendStoreUri ?? `sqlite:///${join(dir, 'mlflow.db')}`,
    '--artifacts-destination',
    join(dir, 'artifacts'),
    '--workers',
    '1',
    // e.g. `--cors-allowed-origins <app origin>` for the browser tests.
    ...(options.extraArgs ?? [])
  ];
  const clientEnv: NodeJS.ProcessEnv = { ...env };
  if (options.basicAuth) {
    const config = join(dir, 'basic_auth.ini');
    writeFileSync(
      config,
      [
        '[mlflow]',
        'default_permission = READ',
        `database_uri = sqlite:///${join(dir, 'basic_auth.db')}`,
        `admin_username = ${ADMIN.username}`,
        `admin_password = ${ADMIN.password}`,
        'authorization_function = mlflow.server.auth:authenticate_request_basic_auth',
        // Checked once a minute, not per request: PBKDF2 on every one of a pull's requests
        // costs half a minute on a busy machine. Wrong passwords are never cached.
        'auth_cache_ttl_seconds = 60',
        ''
      ].join('\n')
    );
    env.MLFLOW_AUTH_CONFIG_PATH = config;
    env.MLFLOW_FLASK_SERVER_SECRET_KEY = 'runlens-test-secret';
    args.push('--app-name', 'basic-auth');
    clientEnv.MLFLOW_TRACKING_USERNAME = ADMIN.username;
    clientEnv.MLFLOW_TRACKING_PASSWORD = ADMIN.password;
  }
  const log = join(dir, 'server.log');
  const { openSync } = await import('node:fs');
  let child: ChildProcess;
  let stopped = true;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited(child);
    clearTimeout(timer);
  };
  /** Spawns the server (same port, store and artifacts each time) and waits for /health. */
  const start = async () => {
    const out = openSync(log, 'a');
    // Its own process group: uvicorn's worker dies with it when the group is signalled.
    child = spawn(MLFLOW, args, { cwd: dir, env, detached: true, stdio: ['ignore', out, out] });
    stopped = false;
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`mlflow server exited (${child.exitCode}):\n${tail(log)}`);
      }
      try {
        const response = await fetch(`${url}/health`);
        if (response.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`mlflow server did not answer /health in 240 s:\n${tail(log)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await start();
  return {
    url,
    dir,
    clientEnv,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  };
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs a Python script of this folder with the venv; resolves to its stdout. */
export async function python(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<string> {
  const { stdout } = await promisify(execFile)(PYTHON, [join('tests/server', script), ...args], {
    env,
    maxBuffer: 256 * 1024 * 1024
  });
  return stdout;
}

/** The seed of this run: RUNLENS_SERVER_SEED replays one. */
export const SEED = Number(process.env.RUNLENS_SERVER_SEED) || 1 + Math.floor(Math.random() * 1e9);
