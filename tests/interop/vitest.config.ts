import { defineConfig } from 'vitest/config';

// The interoperability suite has its own config: it needs the logdirs scripts/interop.js writes
// (with Python), so the unit suite (vitest.config.ts, tests/unit/) never picks it up.
export default defineConfig({
  test: {
    include: ['tests/interop/**/*.test.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
    testTimeout: 120_000
  }
});
