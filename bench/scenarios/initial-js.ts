/**
 * Scenario 10: the JavaScript the start page loads, gzipped (level 9) file by file and summed,
 * against a 150 KB (153,600 bytes) budget. The worker's chunks count: the start page starts the
 * worker to list the library. Service workers are blocked, so sw.js and workbox are not counted.
 */
import { gzipSync } from 'node:zlib';
import { openSession } from '../lib/browser';
import { statusOf, type ScenarioResult } from '../lib/results';
import { round } from '../lib/stats';

const BUDGET = 150 * 1024;

export async function benchInitialJs(baseURL: string, outDir: string): Promise<ScenarioResult> {
  console.log('Scenario 10: initial JavaScript of the start page…');
  const session = await openSession(baseURL, outDir);
  const origin = new URL(baseURL).origin;
  const files = new Map<string, { raw: number; gzip: number }>();
  const pending: Promise<void>[] = [];
  session.context.on('response', (response) => {
    const url = new URL(response.url());
    const type = response.request().resourceType();
    const isScript =
      type === 'script' || url.pathname.endsWith('.js') || url.pathname.endsWith('.mjs');
    if (url.origin !== origin || !isScript || response.status() !== 200) return;
    pending.push(
      response.body().then(
        (body) => {
          files.set(url.pathname, { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
        },
        () => undefined
      )
    );
  });
  try {
    await session.page.goto('/', { waitUntil: 'networkidle' });
    await session.page.getByTestId('drop-zone').waitFor();
    await session.page.waitForTimeout(500);
    await Promise.all(pending);
  } finally {
    await session.close();
  }
  const list = [...files.entries()].sort((a, b) => b[1].gzip - a[1].gzip);
  const gzip = list.reduce((n, [, f]) => n + f.gzip, 0);
  const raw = list.reduce((n, [, f]) => n + f.raw, 0);
  const ratio = gzip / BUDGET;
  console.log(`  ${list.length} files, ${(gzip / 1024).toFixed(1)} KB gzip`);
  // The biggest files say where growth came from without a second run.
  for (const [path, f] of list.slice(0, 8)) {
    console.log(`    ${(f.gzip / 1024).toFixed(1).padStart(6)} KB  ${path}`);
  }
  return {
    id: 10,
    name: 'initial JavaScript of the start page, gzip',
    ratio: round(ratio),
    target: 1,
    status: statusOf(ratio, 1),
    absolute: {
      gzip_bytes: gzip,
      raw_bytes: raw,
      budget_bytes: BUDGET,
      files: list.length,
      biggest: list.slice(0, 6).map(([path, f]) => ({ path, gzip_bytes: f.gzip, raw_bytes: f.raw }))
    },
    display: { app: `${(gzip / 1024).toFixed(1)} KB`, baseline: '150 KB budget' }
  };
}
