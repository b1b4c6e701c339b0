import { defineConfig } from 'vitest/config';

// The server suite has its own config: it starts real MLflow tracking servers from the interop
// venv (scripts/server-tests.js builds it), so the unit suite (tests/unit/) never picks it up.
export default defineConfig({
  test: {
    include: ['tests/server/**/*.test.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Both files mostly wait for Python (server start-up, populating): run them side by side.
    fileParallelism: true,
    maxWorkers: 2
  }
});
