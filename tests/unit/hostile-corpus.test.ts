// The hostile corpus (tests/fixtures/hostile, issue 18): every case goes through the pipeline
// `runlens summary` runs and must end as its manifest says: rejected with an ImportError naming a
// file of the case, imported with its hostile strings unchanged, or skipped with a reason. No case
// may crash a reader, pollute a built-in prototype, or take more than the time or memory budget.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqliteEngine } from '../../src/lib/importers/readers/sqlite/engine';
import { mismatches, outcomeOf, readManifest, runCase } from '../fixtures/hostile/run-case';

const manifest = readManifest();
/** Per case; generous for a shared 2-core machine (most cases take a few ms). */
const BUDGET_MS = Number(process.env.HOSTILE_BUDGET_MS ?? 2000);
const MEMORY_BYTES = 512 * 2 ** 20;

describe('hostile corpus', () => {
  beforeAll(async () => {
    // The SQLite engine is compiled once per process; that is not a case's time.
    await loadSqliteEngine();
  });

  it('covers every category with about 150 cases', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(140);
    const used = new Set(manifest.cases.map((c) => c.category));
    expect([...Object.keys(manifest.categories)].filter((c) => !used.has(c as never))).toEqual([]);
  });

  for (const c of manifest.cases) {
    it(`${c.path}: ${c.expect.outcome} (${c.about})`, async () => {
      const run = await runCase(c.path);
      expect(run.crashes, 'errors that were crashes, not ImportErrors').toEqual([]);
      expect(run.pollution, 'built-in prototypes changed').toEqual([]);
      expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(mismatches(c.path, c.expect, run), `outcome was ${outcomeOf(run)}`).toEqual([]);
      expect(run.ms).toBeLessThan(c.budgetMs ?? BUDGET_MS);
      expect(run.memory).toBeLessThan(MEMORY_BYTES);
    });
  }
});
