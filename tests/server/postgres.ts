/**
 * A throwaway PostgreSQL cluster for a tracking server's backend store (Debian's `postgresql`,
 * which .ci/run installs when missing): `initdb` in a temporary folder, `pg_ctl start` on
 * 127.0.0.1 with a free port and its unix socket in that folder (so no system service and no
 * /var/run/postgresql), trust authentication for the one user `mlflow`, fsync off (a test store),
 * and a database `mlflow`. PostgreSQL refuses to run as root, so as root (CI and these machines)
 * the cluster runs as the `postgres` user the package creates, through `runuser`.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPostgres {
  /** SQLAlchemy URI of the database, for `mlflow server --backend-store-uri`. */
  uri: string;
  /** Stops the cluster and removes its folder; idempotent. */
  stop(): Promise<void>;
}

/** The bin folder of the newest PostgreSQL Debian installed, or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : null;
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

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL is not installed: Debian's `postgresql` package provides initdb and pg_ctl " +
        '(.ci/run installs it: apt-get install postgresql).'
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'runlens-postgres-'));
  const asRoot = process.getuid?.() === 0;
  // The cluster's files belong to the user it runs as.
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(group.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args])
      : run(join(bin, tool), args);
  const data = join(dir, 'data');
  const port = await freePort();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running (start failed).
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', data, '-U', 'mlflow', '--auth=trust', '-E', 'UTF8', '--no-locale']);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await pg('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-o', options, 'start']);
    await pg('createdb', ['-h', dir, '-p', String(port), '-U', 'mlflow', 'mlflow']);
  } catch (error) {
    await stop();
    throw error;
  }
  // SQLAlchemy 2.1 reads plain `postgresql://` with psycopg 3 (pinned in the requirements file).
  return { uri: `postgresql://mlflow@127.0.0.1:${port}/mlflow`, stop };
}
