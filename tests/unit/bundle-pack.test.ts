// `runlens pack` on real exports: importing the bundle gives exactly what importing the folder
// gives (keys, rows, bit-exact series, artifacts); the same input packs to the same bytes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/lib/cli/main';
import { collectInputs } from '../../src/lib/cli/disk-source';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { freshDb } from './helpers/db';
import { importBytes, snapshot } from './helpers/bundle-fixtures';
import { REAL_FIXTURES } from './helpers/real-fixtures';

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

const SETS = [
  'mlflow-filestore/global-wheat-detection',
  'mlflow-filestore/mlops-assignment1-group72',
  'mlflow-export-import/mlflow-export-import-samples-2022'
];

describe('runlens pack on real exports', () => {
  for (const set of SETS) {
    it(set, { timeout: 60_000 }, async () => {
      const cwd = join(REAL_FIXTURES, set);
      const out = join(mkdtempSync(join(tmpdir(), 'runlens-pack-')), 'runs.runlens');
      const packed = await cli(['pack', '.', '-o', out, '--artifacts'], cwd);
      expect(packed.err).toBe('');
      expect(packed.code).toBe(0);
      expect(packed.out).toMatch(
        /^Packed \d+ experiments?, [\d,]+ runs?, [\d,]+ metric points?, \d+ artifacts? into runs\.runlens \(.+\)\.\n$/
      );

      const direct = freshDb();
      const collected = await collectInputs(['.'], cwd);
      await runImport(direct, collected.inputs, { isCancelled: () => false, onProgress: () => {} });
      const viaBundle = freshDb();
      const outcome = await importBytes(viaBundle, 'runs.runlens', readFileSync(out));
      expect(outcome.errors).toEqual([]);
      expect(await snapshot(viaBundle)).toEqual(await snapshot(direct));

      const again = join(mkdtempSync(join(tmpdir(), 'runlens-pack-')), 'runs.runlens');
      await cli(['pack', '.', '-o', again, '--artifacts'], cwd);
      expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
    });
  }

  it('says what went wrong, per file, and fails when nothing could be packed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-pack-'));
    const missing = await cli(['pack', 'nope', '-o', 'x.runlens'], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('runlens: nope: does not exist');
    expect(missing.err).toContain('nothing to pack');
    expect((await cli(['pack', 'nope'], dir)).code).toBe(2);
    expect((await cli(['pack', '-o', 'x.runlens'], dir)).code).toBe(2);
  });
});
