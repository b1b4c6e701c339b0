// Every real Keras CSV history, checked three ways against counts taken by
// tests/fixtures/scripts/count_keras_csv.py (Python's csv module).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real Keras CSV histories', () => {
  for (const entry of readManifest('keras-csv')) {
    it(entry.set, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});
