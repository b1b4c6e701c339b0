// Opening runs from a URL (`/?src=`) served by a static server on 127.0.0.1, as a test would
// serve a bundle: the import, HTTP and CORS failures, the address afterwards, cancel; and files
// handed over by the OS through the launch queue.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const SAMPLE = readFileSync('static/sample/runlens-sample.json');
/** The bundle format and `runlens pack` may not be there yet on every branch. */
const CAN_PACK = existsSync('src/lib/bundle') && existsSync('src/lib/cli/pack.ts');

let server: Server;
let origin: string;
let bundle: Buffer | null = null;

/** What a static host with CORS on does; `/no-cors/` is the same host with it off. */
function serve(path: string, res: ServerResponse): void {
  const cors = path.startsWith('/no-cors/') ? {} : { 'access-control-allow-origin': '*' };
  const name = path.replace(/^\/no-cors/, '');
  if (name === '/runlens-sample.json') {
    res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(SAMPLE);
  } else if (name === '/runs/sample.runlens' && bundle) {
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...cors }).end(bundle);
  } else if (name === '/slow.json') {
    // A download that never ends on its own: a byte count, no size, until it is cancelled.
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    res.write('[');
    const timer = setInterval(() => res.write(' '.repeat(4096)), 50);
    res.on('close', () => clearInterval(timer));
  } else {
    res.writeHead(404, { 'content-type': 'text/plain', ...cors }).end('Not found');
  }
}

test.beforeAll(async () => {
  if (CAN_PACK) {
    // The bundle a CI job would publish next to its build, made the way it would make it.
    const dir = mkdtempSync(join(tmpdir(), 'runlens-open-url-'));
    const out = join(dir, 'sample.runlens');
    execFileSync('node', [
      'bin/runlens.js',
      'pack',
      'static/sample/runlens-sample.json',
      '-o',
      out
    ]);
    bundle = readFileSync(out);
    rmSync(dir, { recursive: true });
  }
  server = createServer((req, res) => serve(new URL(req.url ?? '/', 'http://x').pathname, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const srcPage = (url: string) => `/?src=${encodeURIComponent(url)}`;

test('?src= opens runs from a static server and leaves the address clean', async ({ page }) => {
  await page.goto(srcPage(`${origin}/runlens-sample.json`));
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).toContainText('33 runs in 2 experiments');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  expect(new URL(page.url()).searchParams.has('src')).toBe(false);

  // The runs explorer writes its state to the address: `src` must not come back with it.
  await page.getByTestId('run-filter').fill('attributes.status = "FAILED"');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '1');
  await expect(page).toHaveURL(/[?&]q=/);
  expect(new URL(page.url()).searchParams.has('src')).toBe(false);

  // A reload does not import again.
  await page.reload();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('import-status')).toHaveCount(0);
});

test('?src= opens a .runlens bundle from a static server', async ({ page }) => {
  test.skip(!CAN_PACK, 'no bundle format on this branch yet');
  await page.goto(srcPage(`${origin}/runs/sample.runlens`));
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).toContainText('33 runs in 2 experiments');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  expect(new URL(page.url()).searchParams.has('src')).toBe(false);
});

test('a URL that answers 404 is named with its status', async ({ page }) => {
  const url = `${origin}/missing.runlens`;
  await page.goto(srcPage(url));
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('import-error')).toHaveText(`${url}: answered 404 Not Found`);
  expect(new URL(page.url()).searchParams.has('src')).toBe(false);
});

test('a server without CORS headers gets the CORS explanation', async ({ page }) => {
  const url = `${origin}/no-cors/runlens-sample.json`;
  await page.goto(srcPage(url));
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'error');
  const error = page.getByTestId('import-error');
  await expect(error).toContainText(url);
  await expect(error).toContainText('may not allow cross-origin requests (CORS)');
  await expect(error).toContainText('Download the file and drop it here instead');
});

test('a link to another scheme or a plain-http host is refused', async ({ page }) => {
  await page.goto(srcPage('http://example.com/runs.runlens'));
  await expect(page.getByTestId('import-error')).toContainText(
    'http://example.com/runs.runlens: is not an https address'
  );
});

test('a download shows the bytes received and can be cancelled', async ({ page }) => {
  await page.goto(srcPage(`${origin}/slow.json`));
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'running');
  await expect(status).toContainText('Downloading');
  await expect(status).toContainText(/Downloaded \d+(\.\d)? KB/);
  await page.getByTestId('import-cancel').click();
  await expect(status).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('sample-data')).toBeVisible();
});

test('files the OS hands over through the launch queue are imported', async ({ page }) => {
  // Only an installed app is launched with files; stand in for Chromium's own launch queue
  // (a read-only property, hence defineProperty) before the app starts.
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    const queue = {
      setConsumer(consumer: unknown) {
        w.__launchConsumer = consumer;
      }
    };
    Object.defineProperty(window, 'launchQueue', { value: queue, configurable: true });
  });
  await page.goto('/');
  await expect(page.getByTestId('sample-data')).toBeVisible();
  await page.waitForFunction(() => '__launchConsumer' in window, null, { timeout: 15_000 });
  await page.evaluate((text) => {
    const file = new File([text], 'runlens-sample.json', { type: 'application/json' });
    const handle = { kind: 'file', name: file.name, getFile: () => Promise.resolve(file) };
    const consume = (window as unknown as { __launchConsumer: (p: unknown) => void })
      .__launchConsumer;
    consume({ files: [handle] });
  }, SAMPLE.toString('utf8'));
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-status')).toContainText('runlens-sample.json');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
});

test('the built manifest registers the app for run files', async ({ request }) => {
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as {
    file_handlers?: { action: string; accept: Record<string, string[]> }[];
    launch_handler?: { client_mode: string };
  };
  const handler = manifest.file_handlers?.[0];
  expect(handler?.action).toBe('/');
  const extensions = Object.values(handler?.accept ?? {}).flat();
  expect(extensions.sort()).toEqual(['.csv', '.json', '.jsonl', '.runlens', '.zip']);
  expect(manifest.launch_handler?.client_mode).toBe('focus-existing');
});
