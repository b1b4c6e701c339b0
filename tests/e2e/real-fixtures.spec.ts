// Every real set of every manifest, imported in the browser the way a person would (folder picker
// for folders, file picker for files), must store what the CLI reads from the same files.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/lib/cli/main';
import { expect, test } from './fixtures';

interface Entry {
  set: string;
  inputs?: string[];
  expect: { errors: number };
}

const REAL = 'tests/fixtures/real';
const entries: Entry[] = readdirSync('tests/fixtures/manifest')
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => JSON.parse(readFileSync(join('tests/fixtures/manifest', f), 'utf8')) as Entry[]);

/**
 * Distinct runs (as stored: one per format, experiment and run id), errors and registered models,
 * per the CLI.
 */
async function cliExpectation(cwd: string, inputs: string[]) {
  let out = '';
  await runCli(['summary', ...inputs, '--json'], {
    stdout: (t) => (out += t),
    stderr: () => {},
    cwd
  });
  const doc = JSON.parse(out) as {
    runs: { source: string; experiment: { id: string }; id: string }[];
    errors: unknown[];
    registry: unknown[];
  };
  const keys = new Set(doc.runs.map((r) => `${r.source}|${r.experiment.id}|${r.id}`));
  return { runs: keys.size, errors: doc.errors.length, models: doc.registry.length };
}

for (const entry of entries) {
  const label = entry.inputs ? `${entry.set} (${entry.inputs.join(', ')})` : entry.set;
  test(`browser import of ${label}`, async ({ page }) => {
    const setDir = join(REAL, entry.set);
    const inputs = entry.inputs ?? readdirSync(setDir).filter((n) => !n.startsWith('.'));
    const expected = await cliExpectation(setDir, inputs);
    expect(expected.errors).toBe(entry.expect.errors);

    await page.goto('/');
    await expect(page.getByTestId('drop-zone')).toBeVisible();
    const paths = inputs.map((i) => join(setDir, i));
    if (!entry.inputs) await page.getByTestId('import-folder-input').setInputFiles(setDir);
    else if (paths.length === 1 && statSync(paths[0]!).isDirectory()) {
      await page.getByTestId('import-folder-input').setInputFiles(paths[0]!);
    } else await page.getByTestId('import-input').setInputFiles(paths);

    const status = page.getByTestId('import-status');
    // An import that finds no run (nor a registered model) is no success: it says why instead.
    const state =
      expected.errors > 0 ? 'error' : expected.runs + expected.models > 0 ? 'done' : 'empty';
    await expect(status).toHaveAttribute('data-state', state, { timeout: 60_000 });
    await expect(page.getByTestId('import-error')).toHaveCount(expected.errors);
    if (expected.runs === 0) {
      await expect(page.getByTestId('run-row')).toHaveCount(0);
      return;
    }
    const showDeleted = page.getByLabel(/Show deleted/);
    if (await showDeleted.count()) await showDeleted.check();
    await expect(page.getByTestId('run-count')).toHaveAttribute(
      'data-count',
      String(expected.runs)
    );
  });
}
