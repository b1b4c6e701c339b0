// The server suite (docs/mlflow-server.md): real MLflow tracking servers (`mlflow server` from the
// interop venv, SQLite backend, local artifacts, one with the basic-auth app) on 127.0.0.1, filled
// by MLflow's own client, and tests/server/*.test.ts driving Runlens's client and `runlens pull`
// against them. RUNLENS_SERVER_SEED=<seed> replays a run's random plan.
//   node scripts/server-tests.js        (npm test runs it after the interoperability suite)
import { spawnSync } from 'node:child_process';
import { ensureVenv } from './python-venv.js';

const started = Date.now();
ensureVenv();
const result = spawnSync('npx', ['vitest', 'run', '--config', 'tests/server/vitest.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC' }
});
const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
if (result.status !== 0) {
  console.error(`\nThe server tests failed (after ${took}).`);
  process.exit(result.status ?? 1);
}
console.log(`Server tests: Runlens reads the MLflow tracking server as MLflow does (${took}).`);
