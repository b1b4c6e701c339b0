// A run's provenance from real exports: the Reproduce panel of an MLflow 2.x run with a dataset
// input (mlflow-export-import's Databricks sample) and of W&B runs with their metadata, and what
// changed between two runs whose code, data and packages differ (an MLflow 3 FileStore run with
// its logged model's requirements against the Databricks run).
import type { Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';

const REAL = 'tests/fixtures/real';
const WINE_RUN = `${REAL}/mlflow-export-import/mlflow-export-import-samples-2026/samples/databricks/single/versions/sklearn_wine/run/run.json`;
const ALIAS_MLRUNS = `${REAL}/mlflow-registry/advance-mlflow3-alias-2025/mlruns`;
const CARTPOLE = `${REAL}/wandb/robust-cartpole-wandb-0.16-2023/wandb`;
const WINE_KEY =
  'mlflow-export-import|0828080c9c7b43a7b7624307809cfcda|6222162b4c7f47c2820a7e5b520f65a9';
const ALIAS_KEY = 'mlflow-filestore|977702991613526946|548f11038477446eba9ec1cbe8164897';

async function importDone(page: Page) {
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
}

const section = (page: Page, id: string) =>
  page.locator(`[data-testid="reproduce-section"][data-section="${id}"]`);

test('the Reproduce panel of an MLflow 2.x run shows its commit, dataset, Python and model', async ({
  page
}) => {
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(WINE_RUN);
  await importDone(page);
  await page.goto(`/run?key=${encodeURIComponent(WINE_KEY)}`);
  const panel = page.getByTestId('reproduce-panel');
  await expect(section(page, 'code')).toContainText('4afec69ef703ad51d52c41b52696910017475764');
  await expect(section(page, 'code')).toContainText('https://github.com/amesar/mlflow-examples');
  await expect(section(page, 'data')).toContainText('winequality_white_2 (training)');
  await expect(section(page, 'data')).toContainText('digest 062ac4fa');
  await expect(section(page, 'environment')).toContainText('3.11.0');
  await expect(section(page, 'models')).toContainText('python_function, sklearn');
  // The export has no command line: the block says so instead of making one up.
  const script = page.getByTestId('reproduce-script');
  await expect(script).toContainText('git clone https://github.com/amesar/mlflow-examples');
  await expect(script).toContainText('git checkout 4afec69ef703ad51d52c41b52696910017475764');
  await expect(script).toContainText('the export has no command line');
  // Dataset inputs are not tags any more.
  await expect(page.getByText('runlens.datasets')).toHaveCount(0);
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: screenshotPath('reproduce-mlflow') });
});

test('a W&B run shows its command and machine, and "Diff with…" shows the arguments that changed', async ({
  page
}) => {
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(CARTPOLE);
  await importDone(page);
  await page.getByRole('link', { name: '9bpuap22', exact: true }).click();
  const panel = page.getByTestId('reproduce-panel');
  await expect(section(page, 'code')).toContainText('b63b989330235ec285a0c58ce5b094774a80dae8');
  await expect(section(page, 'code')).toContainText(
    'git@github.com:rishabhg97/robustness-cartpole.git'
  );
  await expect(section(page, 'environment')).toContainText('3.8.18');
  await expect(page.getByTestId('reproduce-script')).toContainText('python main.py --log --seed');
  // No model and no dataset in a W&B folder: the empty sections say why.
  await expect(section(page, 'data')).toHaveAttribute('data-empty', 'true');
  await expect(section(page, 'data')).toContainText('no dataset inputs');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: screenshotPath('reproduce-wandb') });

  // The other six runs of the project; ohlnfnqx ran an older commit with other arguments.
  const picker = page.getByTestId('diff-with');
  await expect(picker.locator('option')).toHaveCount(7);
  await picker.selectOption({ label: 'ohlnfnqx' });
  await page.getByTestId('diff-open').click();
  await expect(page.getByTestId('run-diff')).toBeVisible();
  const code = page.locator('[data-testid="diff-section"][data-section="code"]');
  await expect(code.locator('[data-testid="diff-row"][data-key="commit"]')).toContainText(
    '73bc76e5509d75116076bd165bff316a25e3158c'
  );
  await expect(code.locator('[data-testid="diff-row"][data-key="command"]')).toContainText(
    '--adversary_episode_length 100'
  );
  // Same Python and machine: nothing listed there.
  await expect(
    page.locator('[data-testid="diff-section"][data-section="environment"]')
  ).toHaveAttribute('data-changes', '0');
  await page.screenshot({ path: screenshotPath('run-diff-wandb'), fullPage: true });
});

test('what changed between two runs whose code, data and packages differ', async ({ page }) => {
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(ALIAS_MLRUNS);
  await importDone(page);
  await page.getByTestId('import-input').setInputFiles(WINE_RUN);
  await importDone(page);
  await page.goto(`/compare?runs=${ALIAS_KEY},${WINE_KEY}`);
  await page.getByTestId('compare-diff').click();
  await expect(page.getByTestId('run-diff')).toBeVisible();
  const rows = (id: string) =>
    page.locator(`[data-testid="diff-section"][data-section="${id}"] [data-testid="diff-row"]`);
  const row = (id: string, key: string) => rows(id).and(page.locator(`[data-key="${key}"]`));
  await expect(row('code', 'commit')).toContainText('f9135b6541b9285d578618125fe3f8d6e8e6568e');
  await expect(row('code', 'commit')).toContainText('4afec69ef703ad51d52c41b52696910017475764');
  // The Databricks run read a dataset the other did not.
  await expect(row('data', 'winequality_white_2 (training)')).toContainText('digest 062ac4fa');
  // The MLflow 3 run's logged model pins scikit-learn; the other export lists no packages.
  await expect(row('packages', 'scikit-learn')).toContainText('==1.6.1');
  await expect(row('environment', 'Python')).toContainText('3.12.2');
  await expect(row('environment', 'Python')).toContainText('3.11.0');
  await expect(page.locator('[data-testid="diff-section"][data-section="metrics"]')).toBeVisible();
  await page.screenshot({ path: screenshotPath('run-diff'), fullPage: true });
});
