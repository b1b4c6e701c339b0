import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import type { Run } from '../../src/lib/model';
import { expect, screenshotPath, test } from './fixtures';

/** Two runs; `tuned` has a tag and a note from its file, which the person then edits. */
function editableRunsJson(): string {
  const run = (id: string, tags: [string, string][]): Run => ({
    id,
    experimentId: 'edits',
    name: id,
    status: 'FINISHED',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_010_000,
    deleted: false,
    parentId: null,
    params: new Map([['lr', '0.1']]),
    tags: new Map(tags),
    metrics: [
      {
        key: 'loss',
        steps: Float64Array.from([0, 1, 2]),
        values: Float64Array.from([1, 0.5, 0.25]),
        timestamps: Float64Array.from([0, 1, 2], (s) => 1_700_000_000_000 + s * 1000)
      }
    ],
    artifacts: [],
    source: { format: 'runlens-json', file: 'edits.json' }
  });
  return writeRunlensJson({
    experiments: [{ id: 'edits', name: 'edits', deleted: false, tags: new Map() }],
    runs: [
      run('tuned', [
        ['team', 'vision'],
        ['mlflow.note.content', 'imported note']
      ]),
      run('other', [])
    ]
  });
}

const KEY = 'runlens-json|edits|tuned';
const RUN_URL = `/run?key=${encodeURIComponent(KEY)}`;

async function importFile(page: Page, file: string) {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
}

/** The run page shows the edits, each marked, with the imported value on hover. */
async function expectEdited(page: Page) {
  await page.goto(RUN_URL);
  await expect(page.getByTestId('run-name')).toHaveText('tuned baseline');
  await expect(page.getByTestId('run-name-edited')).toHaveAttribute(
    'title',
    'Renamed in Runlens; imported name: tuned'
  );
  await expect(page.getByRole('region', { name: 'Note' })).toContainText('Tuned by hand');
  await expect(page.getByTestId('run-note-edited')).toHaveAttribute(
    'title',
    'Edited in Runlens; imported note: imported note'
  );
  const tags = page.getByRole('region', { name: 'Tags' });
  await expect(tags).toContainText('reviewed');
  await expect(tags).not.toContainText('vision');
}

test('edit a run → import it again → still edited → bundle → restored with its edits', async ({
  page
}, testInfo) => {
  const file = testInfo.outputPath('edits.json');
  writeFileSync(file, editableRunsJson());
  await importFile(page, file);

  await page.goto(RUN_URL);
  await expect(page.getByTestId('run-name')).toHaveText('tuned');
  await expect(page.getByTestId('run-name-edited')).toHaveCount(0);
  await page.getByTestId('run-editor').locator('summary').click();
  await page.getByTestId('run-name-input').fill('tuned baseline');
  await page.getByTestId('run-name-save').click();
  await expect(page.getByTestId('run-name')).toHaveText('tuned baseline');
  await page.getByTestId('run-note-input').fill('Tuned **by hand** after the sweep.');
  await page.getByTestId('run-note-save').click();
  await page.getByTestId('run-tag-key').fill('reviewed');
  await page.getByTestId('run-tag-value').fill('yes');
  await page.getByTestId('run-tag-add').click();
  await expect(page.locator('[data-testid=run-edit-tag][data-key=reviewed]')).toContainText(
    'added'
  );
  await page.getByRole('button', { name: 'Remove tag team' }).click();
  await expect(page.locator('[data-testid=run-removed-tag][data-key=team]')).toContainText(
    'removed'
  );
  await expect(page.getByRole('region', { name: 'Note' }).locator('strong')).toHaveText('by hand');
  await page.screenshot({ path: screenshotPath('run-edits'), fullPage: true });
  await expectEdited(page);

  // The explorer and its filter see the edited tag and name.
  await page.goto('/');
  await page.getByTestId('run-filter').fill("tags.reviewed = 'yes'");
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-row')).toContainText('tuned baseline');

  // The same file again replaces the imported run; the edits are kept apart and still apply.
  await importFile(page, file);
  await expectEdited(page);

  // A backup carries the edits; restored into an emptied library, they come back as edits.
  await page.getByRole('link', { name: 'Settings' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('backup-library').click();
  const backup = await (await downloading).path();
  await page.getByTestId('delete-everything').click();
  await page.getByTestId('delete-everything-confirm').click();
  await expect(page.getByText('0 experiments, 0 runs')).toBeVisible();
  await page.goto(RUN_URL);
  await expect(page.getByRole('heading', { name: 'Run not found' })).toBeVisible();
  await page.goto('/settings');
  await page.getByTestId('restore-input').setInputFiles(backup);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await expectEdited(page);

  // The editor opens with the edited values, and goes back to the imported name: the mark goes.
  await page.getByTestId('run-editor').locator('summary').click();
  await expect(page.getByTestId('run-name-input')).toHaveValue('tuned baseline');
  await expect(page.getByTestId('run-note-input')).toHaveValue(
    'Tuned **by hand** after the sweep.'
  );
  await page.getByTestId('run-name-reset').click();
  await expect(page.getByTestId('run-name')).toHaveText('tuned');
  await expect(page.getByTestId('run-name-edited')).toHaveCount(0);
});
