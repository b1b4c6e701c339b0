// Renders static/favicon.svg into the PNG icons the web manifest lists, with Debian's Chromium.
// Run once when the icon changes: npx tsx scripts/make-icons.ts
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync('static/favicon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu']
});
const page = await browser.newPage();
for (const [size, padding, name] of [
  [192, 0, 'icon-192.png'],
  [512, 0, 'icon-512.png'],
  [512, 56, 'maskable-512.png']
] as const) {
  await page.setViewportSize({ width: size, height: size });
  // The maskable icon keeps its drawing inside the safe zone on a full-bleed background.
  await page.setContent(
    `<body style="margin:0;background:#1f5fa8"><div style="padding:${padding}px">` +
      svg.replace('<svg ', `<svg width="${size - 2 * padding}" height="${size - 2 * padding}" `) +
      '</div></body>'
  );
  await page.screenshot({ path: `static/icons/${name}`, omitBackground: padding === 0 });
}
await browser.close();
