// The run page renders hostile data: a Markdown note and artifacts written to attack the viewer.
// Nothing in them may run (window.__pwned stays unset), nothing may load from the network, and
// every preview still shows what the file holds. The fixture fails the test on any CSP violation.
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';

/** A real 24×16 RGB gradient PNG, so the image preview has something to decode. */
function gradientPng(width = 24, height = 16): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) rows.push((x * 255) / width, (y * 255) / height, 160);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0))
  ]);
}

const PNG_BASE64 = gradientPng().toString('base64');

const NOTE = [
  '## Findings',
  '',
  'A **bold claim** and a list:',
  '',
  '- first item',
  '- see the [docs](https://example.com/docs)',
  '',
  '<img src=x onerror="window.__pwned=1">',
  '',
  `<img alt="inline plot" src="data:image/png;base64,${PNG_BASE64}" onerror="window.__pwned=5">`,
  '',
  '<script>window.__pwned=2</script>',
  '',
  '[click me](javascript:window.__pwned=6) and ![tracker](https://example.com/pixel.png)'
].join('\n');

const REPORT_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><style>
body { font-family: sans-serif; margin: 1.5rem } h1 { color: #1f5fa8 } td, th { padding: 4px 10px }
</style></head><body>
<h1>Evaluation report</h1>
<p>Validation accuracy: <b>95.4%</b> — naïve baseline 61%.</p>
<table><tr><th>class</th><th>precision</th></tr><tr><td>cat</td><td>0.91</td></tr></table>
<script>window.top.__pwned = 3; document.body.append('SCRIPT RAN')</script>
<img src=x onerror="window.top.__pwned = 4">
</body></html>`;

const DIAGRAM_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" onload="window.__pwned=7">
<script>window.__pwned = 8</script>
<rect x="5" y="5" width="150" height="80" rx="10" fill="#1f5fa8"/>
<text x="80" y="52" fill="#fff" font-size="20" text-anchor="middle" font-family="sans-serif">model</text>
</svg>`;

// Written as text: an object literal would turn "__proto__" into a prototype, not a key.
const DATA_JSON =
  '{"model": {"name": "resnet18", "layers": [{"type": "conv", "filters": 64}, ' +
  '{"type": "fc", "units": 10}]}, "__proto__": {"polluted": "yes"}, ' +
  '"metrics": {"accuracy": 0.954, "loss": null}, "tags": ["<b>not bold</b>"]}';

const TABLE_CSV = 'epoch,loss,accuracy\n1,0.912,0.61\n2,0.544,0.78\n3,"0.301",0.86\n';

const HOSTILE_EXPORT = {
  format: 'runlens',
  version: 1,
  experiments: [{ id: '1', name: 'hostile-data' }],
  runs: [
    {
      id: 'f00dfeed',
      experimentId: '1',
      name: 'hostile-run',
      status: 'FINISHED',
      startTime: 1772442000000,
      endTime: 1772442095000,
      params: { lr: '0.01' },
      tags: { 'mlflow.note.content': NOTE },
      metrics: [{ key: 'loss', values: [0.9, 0.5, 0.3] }],
      artifacts: [
        { path: 'reports/report.html', mediaType: 'text/html', text: REPORT_HTML },
        { path: 'diagram.svg', mediaType: 'image/svg+xml', text: DIAGRAM_SVG },
        { path: 'data.json', mediaType: 'application/json', text: DATA_JSON },
        { path: 'table.csv', mediaType: 'text/csv', text: TABLE_CSV },
        {
          path: 'README.md',
          mediaType: 'text/markdown',
          text: '# Model card\n\nTrained with **SGD**.\n\n<script>window.__pwned=9</script>\n'
        },
        {
          path: 'logs/train.log',
          mediaType: 'text/plain',
          text: 'epoch 1 loss=0.912\nepoch 2 loss=0.544\nepoch 3 loss=0.301\n'
        },
        { path: 'plots/gradient.png', mediaType: 'image/png', base64: PNG_BASE64 },
        { path: 'model/weights.pt', mediaType: 'application/octet-stream', size: 123456789 }
      ]
    }
  ]
};

/** Every request the page makes to a host other than the app's own. */
function trackOutsideRequests(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (/^https?:/.test(url) && !url.startsWith('http://127.0.0.1')) outside.push(url);
  });
  return outside;
}

async function openHostileRun(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles({
    name: 'hostile.runlens.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(HOSTILE_EXPORT))
  });
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByRole('link', { name: 'hostile-run' }).click();
  await expect(page.getByRole('heading', { name: 'hostile-run' })).toBeVisible();
}

const pwned = (page: Page) => page.evaluate(() => (window as { __pwned?: unknown }).__pwned);

test('a hostile Markdown note renders as Markdown and runs nothing', async ({ page }) => {
  const outside = trackOutsideRequests(page);
  await openHostileRun(page);
  const card = page.locator('section[aria-labelledby=note-heading]');
  const note = card.getByTestId('markdown-note');

  // Markdown became elements.
  await expect(note.getByRole('heading', { name: 'Findings' })).toBeVisible();
  await expect(note.locator('strong')).toHaveText('bold claim');
  await expect(note.locator('ul > li')).toHaveCount(2);
  const docs = note.getByRole('link', { name: 'docs' });
  await expect(docs).toHaveAttribute('href', 'https://example.com/docs');
  await expect(docs).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  await expect(docs).toHaveAttribute('target', '_blank');

  // The attacks did not survive.
  await expect(note.locator('script')).toHaveCount(0);
  await expect(note.getByText('click me')).toBeVisible();
  await expect(note.getByRole('link', { name: 'click me' })).toHaveCount(0);
  await expect(note.locator('a[href^="javascript:" i]')).toHaveCount(0);
  // The inline PNG is kept, without its handler; `src=x` and the remote image are not loaded.
  const inline = note.getByRole('img', { name: 'inline plot' });
  await expect(inline).toBeVisible();
  expect(await inline.getAttribute('onerror')).toBeNull();
  await expect(note.locator('img')).toHaveCount(1);
  await expect(note.locator('.md-blocked-image')).toHaveText(['[image]', '[image: tracker]']);
  await expect(note.getByRole('link', { name: '[image: tracker]' })).toHaveAttribute(
    'href',
    'https://example.com/pixel.png'
  );
  await expect(page.locator('[onerror], [onload], [onclick]')).toHaveCount(0);

  await page.waitForTimeout(300); // give any handler that did slip through time to fire
  expect(await pwned(page)).toBeUndefined();
  expect(outside, 'no request leaves the machine').toEqual([]);
  await card.screenshot({ path: screenshotPath('run-page-note') });
});

/** Known sanitizer bypass shapes (DOMPurify's bypass history, mXSS, scheme tricks, CSS overlays). */
const VECTORS = [
  '<svg><script>window.__pwned=10</script></svg>',
  '<a href="&#106;avascript:window.__pwned=13">entity link</a>',
  '<a href=" javascript:window.__pwned=14">space link</a>',
  '[case link](JaVaScRiPt:window.__pwned=15)',
  '<a href="data:text/html,<script>window.__pwned=16</script>">data link</a>',
  '<a href="/settings">relative link</a>',
  '<iframe srcdoc="<script>parent.__pwned=17</script>"></iframe>',
  '<form action="javascript:window.__pwned=18"><button>go</button></form>',
  '<details open ontoggle="window.__pwned=19"><summary>s</summary>d</details>',
  '<input autofocus onfocus="window.__pwned=20">',
  '<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=" alt="svg data">',
  '<style>body { display: none }</style>',
  '<div style="position:fixed;inset:0;background:red" class="card" id="note-heading">overlay</div>',
  '<base href="https://example.com/">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=21">',
  '<object data="javascript:window.__pwned=22"></object><embed src="javascript:window.__pwned=23">',
  // Last: these open raw-text or foreign content that may swallow whatever follows them.
  '<noscript><p title="</noscript><img src=x onerror=\'window.__pwned=12\'>"></noscript>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=11">'
];

test('sanitizer bypass vectors in a note stay inert', async ({ page }) => {
  const outside = trackOutsideRequests(page);
  const run = HOSTILE_EXPORT.runs[0]!;
  const hostile = {
    ...HOSTILE_EXPORT,
    runs: [{ ...run, artifacts: [], tags: { 'mlflow.note.content': VECTORS.join('\n\n') } }]
  };
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles({
    name: 'vectors.runlens.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(hostile))
  });
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByRole('link', { name: 'hostile-run' }).click();
  const note = page.getByTestId('markdown-note');
  await expect(note).toContainText('entity link');
  await expect(note).toContainText('overlay');
  await expect(
    note.locator('script, style, svg, math, iframe, form, input, button, object, embed, base, meta')
  ).toHaveCount(0);
  await expect(note.locator('[style], [class]:not(.md-blocked-image), [id]')).toHaveCount(0);
  await expect(note.locator('img')).toHaveCount(0);
  const hrefs = await note.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
  await expect(page.locator('body')).toBeVisible();
  await page.waitForTimeout(300);
  expect(await pwned(page)).toBeUndefined();
  expect(outside).toEqual([]);
  await note.screenshot({ path: screenshotPath('run-page-note-vectors') });
});

test('artifact previews show hostile files without running them', async ({ page }) => {
  const outside = trackOutsideRequests(page);
  await openHostileRun(page);
  const tree = page.getByTestId('artifact-tree');
  const preview = page.getByTestId('artifact-preview');
  const file = (path: string) => tree.locator(`[data-testid=artifact-file][data-path="${path}"]`);

  // The tree: folders first, collapsible.
  await expect(tree.getByTestId('artifact-folder').locator('.name')).toHaveText([
    'logs/',
    'model/',
    'plots/',
    'reports/'
  ]);
  const logs = tree.getByTestId('artifact-folder').filter({ hasText: 'logs/' });
  await logs.click();
  await expect(logs).toHaveAttribute('aria-expanded', 'false');
  await expect(file('logs/train.log')).toHaveCount(0);
  await logs.click();
  await expect(file('logs/train.log')).toBeVisible();

  // The first image is shown until something else is picked.
  await expect(preview).toHaveAttribute('data-kind', 'image');
  const png = preview.getByRole('img', { name: 'plots/gradient.png' });
  await expect(png).toHaveJSProperty('naturalWidth', 24);

  // SVG: an <img> with a blob: URL, never inline markup.
  await file('diagram.svg').click();
  const svg = preview.getByRole('img', { name: 'diagram.svg' });
  await expect(svg).toHaveJSProperty('naturalWidth', 160);
  expect(await svg.getAttribute('src')).toMatch(/^blob:/);
  await expect(page.locator('svg')).toHaveCount(0);

  // HTML: a sandboxed frame with no tokens, showing the report without running it.
  await file('reports/report.html').click();
  const frame = preview.getByTestId('html-preview');
  await expect(frame).toHaveAttribute('sandbox', '');
  const sandbox = (await frame.getAttribute('sandbox')) ?? 'missing';
  expect(sandbox).not.toContain('allow-same-origin');
  expect(sandbox).not.toContain('allow-scripts');
  expect(await frame.getAttribute('src')).toMatch(/^blob:/);
  const inside = page.frameLocator('[data-testid=html-preview]');
  await expect(inside.getByRole('heading', { name: 'Evaluation report' })).toBeVisible();
  await expect(inside.getByText('naïve baseline')).toBeVisible();
  await expect(inside.getByText('SCRIPT RAN')).toHaveCount(0);
  const reportFrame = page.frames().find((f) => f.url().startsWith('blob:'));
  expect(await reportFrame?.evaluate(() => origin), 'an opaque origin').toBe('null');
  await page.screenshot({ path: screenshotPath('run-page-artifacts'), fullPage: true });

  // JSON: a folded tree; __proto__ is a key like any other.
  await file('data.json').click();
  const json = preview.getByTestId('json-tree');
  await expect(json.getByText('__proto__', { exact: true })).toBeVisible();
  await expect(json.getByText('layers', { exact: true })).toHaveCount(0);
  await json.getByRole('button', { name: /model/ }).click();
  await expect(json.getByText('layers', { exact: true })).toBeVisible();
  await json.getByRole('button', { name: /layers/ }).click();
  await json.getByRole('button', { name: /^0\b/ }).click();
  await expect(json.getByText('"conv"')).toBeVisible();
  await json.getByRole('button', { name: /tags/ }).click();
  await expect(json.getByText('"<b>not bold</b>"')).toBeVisible();
  await expect(json.locator('b')).toHaveCount(0);
  await preview.screenshot({ path: screenshotPath('run-page-artifacts-json') });

  // CSV: a table, parsed by the project's CSV reader.
  await file('table.csv').click();
  const table = preview.getByTestId('csv-preview');
  await expect(table.locator('th')).toHaveText(['epoch', 'loss', 'accuracy']);
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr').nth(2).locator('td').nth(1)).toHaveText('0.301');

  // Markdown artifact: rendered through the same sanitizer as notes.
  await file('README.md').click();
  await expect(preview.getByRole('heading', { name: 'Model card' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('SGD');
  await expect(preview.locator('script')).toHaveCount(0);

  // Text.
  await file('logs/train.log').click();
  await expect(preview.getByTestId('text-preview')).toContainText('epoch 3 loss=0.301');

  // Listed only: no content, no download.
  await file('model/weights.pt').click();
  await expect(preview.getByTestId('listed-only')).toContainText('not imported');
  await expect(preview).toContainText('118 MB');
  await expect(preview.getByRole('link', { name: 'Download' })).toHaveCount(0);

  // Downloads are <a download>: the file is saved and the page stays where it is.
  await file('reports/report.html').click();
  const link = preview.getByRole('link', { name: 'Download' });
  await expect(link).toHaveAttribute('download', 'report.html');
  expect(await link.getAttribute('href')).toMatch(/^blob:/);
  const url = page.url();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('report.html');
  expect(page.url()).toBe(url);
  await expect(page.locator('a[href^="blob:"]:not([download])')).toHaveCount(0);

  await page.waitForTimeout(300);
  expect(await pwned(page)).toBeUndefined();
  for (const f of page.frames()) {
    expect(await f.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  }
  expect(outside, 'no request leaves the machine').toEqual([]);
});
