// `npm test`: install when needed, then type checks + lint + format, unit tests, the
// interoperability suite (Python writers; docs/interop.md), a production build and the browser
// tests. Stops at the first step that fails.
import { spawnSync } from 'node:child_process';
import { ensureDependencies } from './ensure-deps.js';

ensureDependencies();
const steps = [
  ['Checks (svelte-check, eslint, prettier)', 'npm', ['run', '--silent', 'check']],
  ['Unit tests (vitest)', 'npx', ['vitest', 'run']],
  [
    'Interoperability (real writers: TensorBoard, tensorboardX, dvclive, Optuna, trackio, MLflow, Lightning, Trainer, Keras, keras-tuner, wandb)',
    'node',
    ['scripts/interop.js']
  ],
  ['Server tests (real MLflow tracking server)', 'node', ['scripts/server-tests.js']],
  ['Build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  ['Browser tests (playwright, Debian chromium)', 'npx', ['playwright', 'test']]
];
for (const [title, command, args] of steps) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
