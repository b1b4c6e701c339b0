// Every real Hugging Face Trainer set, checked three ways against counts taken by
// tests/fixtures/scripts/count_hf_trainer.py (plain json, its own rules).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real Hugging Face Trainer sets', () => {
  for (const entry of readManifest('hf-trainer')) {
    it(entry.set, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});
