// Every real Ultralytics set, checked three ways against counts taken by
// tests/fixtures/scripts/count_ultralytics.py (csv module, line-wise YAML keys).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real Ultralytics sets', () => {
  for (const entry of readManifest('ultralytics')) {
    it(entry.set, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});
