// Every real dvclive set, checked three ways against counts taken by
// tests/fixtures/scripts/count_dvc.py (its own walk, float() and an indentation-only YAML count).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real dvclive sets', () => {
  for (const entry of readManifest('dvclive')) {
    const label = entry.inputs ? `${entry.set} (${entry.inputs.join(', ')})` : entry.set;
    it(label, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});
