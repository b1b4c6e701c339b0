/**
 * The populated MLflow tracking servers of scenarios 15 and 16. A store is made once per seed and
 * shape, as the other inputs: a real `mlflow server` (tests/server/harness.ts, the server suite's
 * venv) is started on an empty SQLite store, MLflow's own client fills it
 * (tests/server/populate_scale.py: experiment `scale`, runs `run-00000`…, three params, a tag,
 * `m00`… with `m00` falling like a loss), and the store (`mlflow.db`, `artifacts/`) is copied to
 * bench/out/. Each measurement then starts a server on a copy of it. The values are a function of
 * the run and step only; the seed names the folder, as for the other inputs.
 */
import { existsSync, mkdirSync, renameSync, rmSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import {
  hasMlflow,
  python,
  startMlflowServer,
  type MlflowTestServer
} from '../../tests/server/harness';

export interface ServerShape {
  runs: number;
  metrics: number;
  steps: number;
}

/** Why the server scenarios cannot run here, or null when they can. */
export function serverMissing(): string | null {
  return hasMlflow()
    ? null
    : 'the Python environment with MLflow (.venv-test) is missing: run `npm run test:server` once to build it';
}

export const shapeText = ({ runs, metrics, steps }: ServerShape) =>
  `${runs.toLocaleString('en')} runs × ${metrics} metric${metrics === 1 ? '' : 's'} × ${steps.toLocaleString('en')} steps`;

/** The cached store of this shape (populated now if missing): a folder for `storeFrom`. */
export async function populatedStore(
  outDir: string,
  seed: number,
  shape: ServerShape
): Promise<{ dir: string; populatedMs: number | null }> {
  const dir = join(outDir, `mlflow-server-${seed}-${shape.runs}x${shape.metrics}x${shape.steps}`);
  if (existsSync(join(dir, 'mlflow.db'))) return { dir, populatedMs: null };
  const started = performance.now();
  const server = await startMlflowServer();
  try {
    // MLflow's client writes the server's own store directly (no HTTP round trip per call),
    // one writer, as the scale test does.
    await python(
      'populate_scale.py',
      [
        `sqlite:///${server.dir}/mlflow.db`,
        String(shape.runs),
        String(shape.metrics),
        String(shape.steps),
        '1'
      ],
      server.clientEnv
    );
  } finally {
    await server.stop();
  }
  // Copied beside, then renamed: a run stopped half-way leaves no half store under the name.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  cpSync(join(server.dir, 'mlflow.db'), join(partial, 'mlflow.db'));
  mkdirSync(join(partial, 'artifacts'), { recursive: true });
  if (existsSync(join(server.dir, 'artifacts'))) {
    cpSync(join(server.dir, 'artifacts'), join(partial, 'artifacts'), { recursive: true });
  }
  server.cleanup();
  renameSync(partial, dir);
  return { dir, populatedMs: performance.now() - started };
}

/** A server on a copy of the cached store of this shape. */
export async function startPopulatedServer(
  outDir: string,
  seed: number,
  shape: ServerShape
): Promise<{ server: MlflowTestServer; populatedMs: number | null }> {
  const { dir, populatedMs } = await populatedStore(outDir, seed, shape);
  return { server: await startMlflowServer({ storeFrom: dir }), populatedMs };
}
