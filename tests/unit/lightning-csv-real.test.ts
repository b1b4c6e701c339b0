// Every real Lightning CSVLogger set, checked three ways against counts taken by
// tests/fixtures/scripts/count_lightning_csv.py (Python's csv module, its own YAML key count).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real Lightning CSVLogger sets', () => {
  for (const entry of readManifest('lightning-csv')) {
    const label = entry.inputs ? `${entry.set} (${entry.inputs.join(', ')})` : entry.set;
    it(label, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});
