// Every real MLflow SQLite set, checked three ways against counts taken by
// tests/fixtures/scripts/count_mlflow_sqlite.py (Python's own sqlite3).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real MLflow SQLite sets', () => {
  for (const entry of readManifest('mlflow-sqlite')) {
    const label = entry.inputs ? `${entry.set} (${entry.inputs.join(', ')})` : entry.set;
    it(label, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});
