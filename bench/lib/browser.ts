/**
 * Debian's Chromium through Playwright, with the flags of ../shared/STACK.md. Every measured
 * repetition gets a fresh persistent profile on disk (IndexedDB in an off-the-record context
 * lives in memory, which is not what people get), so each starts from an empty origin.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OBSERVERS_INIT } from '../page/scripts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

let profiles = 0;

/** A fresh browser with an empty profile, one page, long-task observers installed. */
export async function openSession(baseURL: string, outDir: string): Promise<Session> {
  const dir = join(outDir, 'profiles', `p${process.pid}-${profiles++}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    baseURL,
    bypassCSP: true,
    // The PWA service worker would precache the app during the measurement; it is not measured.
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 800 }
  });
  await context.addInitScript({ content: OBSERVERS_INIT });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Loads the start page and waits until the app is idle and its pickers exist. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/', { waitUntil: 'networkidle' });
  await page.getByTestId('import-folder-input').waitFor({ state: 'attached' });
}
