// `runlens summary --json` on every real set of every manifest: what a CI job would run.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/lib/cli/main';
import { REAL_FIXTURES, readManifest } from './helpers/real-fixtures';

interface SummaryDoc {
  runs: { source: string; parentId: string | null; deleted: boolean; params: object }[];
  experiments: { source: string; id: string; runs: number }[];
  errors: { file: string; message: string }[];
}

const manifests = readdirSync('tests/fixtures/manifest')
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('runlens summary on every real set', () => {
  for (const name of manifests) {
    for (const entry of readManifest(name)) {
      const cwd = join(REAL_FIXTURES, entry.set);
      const inputs = entry.inputs ?? readdirSync(cwd).filter((n) => !n.startsWith('.'));
      it(
        `${entry.set} ${entry.inputs ? `(${entry.inputs.join(', ')})` : ''}`,
        { timeout: 60_000 },
        async () => {
          let out = '';
          const code = await runCli(['summary', ...inputs, '--json'], {
            stdout: (t) => (out += t),
            stderr: () => {},
            cwd
          });
          const doc = JSON.parse(out) as SummaryDoc;
          expect(code).toBe(entry.expect.errors > 0 ? 1 : 0);
          expect(doc.runs).toHaveLength(entry.expect.runs);
          expect(doc.errors).toHaveLength(entry.expect.errors);
          expect(doc.runs.filter((r) => r.deleted)).toHaveLength(entry.expect.deleted);
          expect(doc.runs.filter((r) => r.parentId !== null)).toHaveLength(entry.expect.nested);
          expect(doc.runs.reduce((n, r) => n + Object.keys(r.params).length, 0)).toBe(
            entry.expect.params
          );
          // Every experiment the files hold, empty ones included: what the app's report counts.
          expect(doc.experiments).toHaveLength(entry.expect.experiments);
          expect(doc.experiments.reduce((n, e) => n + e.runs, 0)).toBe(entry.expect.runs);
          expect(new Set(doc.runs.map((r) => r.source))).toEqual(
            new Set(doc.runs.length ? [entry.format] : [])
          );
        }
      );
    }
  }
});
