/**
 * Scenario 4's baseline as a page of its own, so that both sides are timed from navigation start
 * (issue 19, item 1): a minimal static document on the app's origin (so it opens the same
 * IndexedDB) that loads uPlot with a plain script tag, installs the chart baseline
 * (chart-baseline.ts: a fresh Worker reads the chunks, reduces them to the envelope and transfers
 * the arrays back) and draws. The bench's server serves it at /__bench/… (not Playwright's
 * router, which would turn the HTTP cache off for the app's navigations too); the bench's
 * browser blocks service workers, so the app's offline fallback never answers these addresses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { INSTALL_CHART_BASELINE } from './chart-baseline';

const UPLOT_JS = createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js');

export const FIRST_CHART_PAGE = '/__bench/first-chart.html';

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>first chart baseline</title>
    <link rel="stylesheet" href="/__bench/uplot.css" />
    <script src="/__bench/uplot.js"></script>
    <script src="/__bench/chart-baseline.js"></script>
  </head>
  <body>
    <script src="/__bench/first-chart.js"></script>
  </body>
</html>`;

// Reads the request from the address's hash; `drawn_at` is uPlot's draw on the document's clock,
// whose origin is navigation start, as the app's first draw is.
const START = `
window.__benchChartBaseline
  .firstChart(JSON.parse(decodeURIComponent(location.hash.slice(1))))
  .then(
    (r) => (window.__benchFirstChart = r),
    (e) => (window.__benchFirstChart = { error: String(e && e.message || e) })
  );
`;

/** The baseline page and its scripts, by URL path, for the bench's server (serveBuild overrides). */
export function firstChartPageFiles(): Map<string, string> {
  return new Map([
    [FIRST_CHART_PAGE, HTML],
    ['/__bench/uplot.js', readFileSync(UPLOT_JS, 'utf8')],
    ['/__bench/uplot.css', readFileSync(UPLOT_JS.replace(/\.iife\.min\.js$/, '.min.css'), 'utf8')],
    ['/__bench/chart-baseline.js', `${INSTALL_CHART_BASELINE};`],
    ['/__bench/first-chart.js', START]
  ]);
}
