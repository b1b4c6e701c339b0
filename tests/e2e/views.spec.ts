import { expect, loadSample, test } from './fixtures';

test('a saved view brings back its filter, sort and columns; views are listed per page', async ({
  page
}) => {
  await loadSample(page);
  const count = page.getByTestId('run-count');
  await page.getByTestId('run-filter').fill('params.optimizer = "sgd"');
  await expect(count).not.toHaveAttribute('data-count', '33');
  const sgd = await count.getAttribute('data-count');

  await page.getByTestId('saved-views').click();
  await page.getByTestId('view-name').fill('SGD <b>runs</b>');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-view')).toHaveCount(1);
  // The name is text, not markup.
  await expect(page.getByTestId('saved-view')).toContainText('SGD <b>runs</b>');
  await page.getByTestId('saved-views').click();

  await page.getByTestId('run-filter').fill('');
  await expect(count).toHaveAttribute('data-count', '33');
  await page.getByTestId('saved-views').click();
  await page
    .getByTestId('saved-view')
    .getByRole('button', { name: 'SGD <b>runs</b>', exact: true })
    .click();
  await expect(page.getByTestId('run-filter')).toHaveValue('params.optimizer = "sgd"');
  await expect(count).toHaveAttribute('data-count', sgd!);

  // Survives a reload (it is stored, not kept in the page).
  await page.reload();
  await page.getByTestId('saved-views').click();
  await expect(page.getByTestId('saved-view')).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete the view SGD <b>runs</b>' }).click();
  await expect(page.getByTestId('saved-view')).toHaveCount(0);
});
