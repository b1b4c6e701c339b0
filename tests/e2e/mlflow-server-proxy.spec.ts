// `runlens serve --proxy` in front of a real MLflow tracking server started with
// `--app-name basic-auth` (tests/server/harness.ts, filled by populate.py): the page is served by
// the proxy, and the connect dialog offers the page's own origin. One proxy has no credentials in
// its environment, so the person signs in in the dialog (a wrong password gives the auth error,
// the right one works); one signs in itself from its environment, and the page sends none.
import { spawn, type ChildProcess } from 'node:child_process';
import { ADMIN, SEED, python, startMlflowServer, type MlflowTestServer } from '../server/harness';
import { test, expect, screenshotPath } from './fixtures';

let server: MlflowTestServer | undefined;
const proxies: ChildProcess[] = [];
let bare = '';
let signed = '';

/** `runlens serve --port 0 --proxy <server>` with the given credentials in its environment. */
async function serve(env: Record<string, string>): Promise<string> {
  const clean = { ...process.env };
  for (const k of ['MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD', 'MLFLOW_TRACKING_TOKEN'])
    delete clean[k];
  delete clean.RUNLENS_MLFLOW_TOKEN;
  const child = spawn(
    process.execPath,
    ['bin/runlens.js', 'serve', '--port', '0', '--proxy', server!.url],
    { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  proxies.push(child);
  let out = '';
  return new Promise<string>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Runlens at (http:\/\/127\.0\.0\.1:\d+)\nForwarding/.exec(out);
      if (m) done(m[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`runlens serve exited (${code}): ${out}`)));
  });
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  server = await startMlflowServer({ basicAuth: true });
  await python('populate.py', [server.url, String(SEED), 'small'], server.clientEnv);
  bare = await serve({});
  signed = await serve({
    MLFLOW_TRACKING_USERNAME: ADMIN.username,
    MLFLOW_TRACKING_PASSWORD: ADMIN.password
  });
});

test.afterAll(async () => {
  for (const child of proxies) child.kill();
  await server?.stop();
  server?.cleanup();
});

test('a proxy that signs in from its environment: the page connects without credentials', async ({
  page
}) => {
  test.setTimeout(120_000);
  await page.goto(`${signed}/`);
  await page.getByTestId('server-connect-open').click();
  await expect(page.getByTestId('server-proxied')).toContainText(
    'signing in with the user and password from its environment'
  );
  await expect(page.getByTestId('server-address')).toHaveValue(signed);
  await page.getByTestId('server-connect').click();
  const listed = page.getByTestId('server-experiment');
  await expect(listed.filter({ hasText: 'second' })).toContainText('3 runs');
  await expect(page.getByTestId('server-experiments')).toContainText(
    `Connected to ${signed} (MLflow 3.`
  );
  await page.screenshot({ path: screenshotPath('mlflow-proxy-connected') });
});

// Last: it stops the server.
test('through the proxy: a wrong password gives the auth error, the right one opens the runs', async ({
  page
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.goto(`${bare}/`);
  await page.getByTestId('server-connect-open').click();
  await expect(page.getByTestId('server-proxied')).toContainText(
    `forwards MLflow's API to ${server!.url}`
  );
  await expect(page.getByTestId('server-proxied')).not.toContainText('signing in');
  // The address is the page's own origin: the proxy is the server.
  await expect(page.getByTestId('server-address')).toHaveValue(bare);

  await page.getByLabel('user and password').check();
  await page.getByLabel('User', { exact: true }).fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByTestId('server-connect').click();
  const error = page.getByTestId('server-error');
  await expect(error).toHaveAttribute('data-kind', 'auth', { timeout: 30_000 });
  await expect(error).toContainText(`${bare}: the server asks for credentials`);
  await expect(page.getByTestId('server-fix')).toContainText('username and password');
  await page.screenshot({ path: screenshotPath('mlflow-proxy-wrong-password') });

  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByTestId('server-connect').click();
  await expect(error).toBeHidden();
  const listed = page.getByTestId('server-experiment');
  await expect(listed.filter({ hasText: 'runlens-server' })).toContainText('14 runs');
  await listed.filter({ hasText: 'runlens-server' }).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '14');
  await page.getByRole('link', { name: 'sweep', exact: true }).click();
  const chart = page.locator('[data-testid="metric-chart"][data-metric="train/loss"]');
  await expect(chart).toContainText('1,000 points');
  // The image is fetched through the proxy with the credentials typed in the dialog.
  await expect(
    page.getByTestId('artifact-preview').getByRole('img', { name: 'images/sample.png' })
  ).toHaveJSProperty('naturalWidth', 16);

  // The server goes away: what was fetched stays, and every request names what failed.
  await server!.stop();
  await page.goto(`${bare}/`);
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '14');
  await page.getByRole('link', { name: 'sweep', exact: true }).click();
  await expect(chart).toContainText('1,000 points');
  await expect(page.getByTestId('artifact-fetch-error')).toContainText(
    `${bare}: runlens serve could not reach ${server!.url} (ECONNREFUSED).`
  );
  await page.getByTestId('artifact-fetch-error').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('mlflow-proxy-server-gone') });
  await page.goto(`${bare}/`);
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-connect').click();
  await expect(page.getByTestId('server-error')).toHaveAttribute('data-kind', 'network');
  await expect(page.getByTestId('server-error')).toContainText(
    `runlens serve could not reach ${server!.url}`
  );
});
