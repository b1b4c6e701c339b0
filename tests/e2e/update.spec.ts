import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { serveBuild } from '../../scripts/serve.js';
import { expect, serviceWorkerActivated, test } from './fixtures';

// This test runs its own server so it can publish "a new version" of the service worker.
const PORT = 4181;
const overrides = new Map<string, string>();
let server: Server;

test.beforeAll(async () => {
  server = await serveBuild({ port: PORT, overrides });
});
test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('a new version is offered with a prompt, and applied only when asked', async ({ page }) => {
  const origin = `http://127.0.0.1:${PORT}`;
  await page.goto(`${origin}/`);
  await serviceWorkerActivated(page);
  await page.reload();
  await expect(page.getByTestId('sample-data')).toBeVisible();
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);

  // Publish the next version: the same service worker with one byte changed.
  overrides.set('/sw.js', `${readFileSync('build/sw.js', 'utf8')}\n// next version\n`);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });

  const prompt = page.getByTestId('update-prompt');
  await expect(prompt).toBeVisible();
  // Nothing happens behind the person's back: the new version waits.
  const waiting = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return registration?.waiting?.state ?? null;
  });
  expect(waiting).toBe('installed');

  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await expect(page.getByTestId('sample-data')).toBeVisible();
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { waiting: registration?.waiting ?? null, active: registration?.active?.state };
  });
  expect(state).toEqual({ waiting: null, active: 'activated' });
});

test('every built page carries a CSP that allows no inline or eval scripts', async ({
  request
}) => {
  for (const path of ['/', '/settings', '/run', '/200.html']) {
    const html = await (await request.get(path)).text();
    const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1];
    expect(csp, `CSP meta on ${path}`).toBeTruthy();
    const scriptSrc = csp!.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("object-src 'none'");
  }
});
