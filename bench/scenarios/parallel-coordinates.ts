/**
 * Scenario 8: parallel coordinates with 10,000 runs × 20 axes.
 * Set-up (not timed): `generate/hyper-library.ts` (17 params, 3 one-point metrics) imported into
 * a fresh profile through the app's picker; runlens.compare.v1 set to no charts, so only the
 * hyperparameter views work; the comparison opened by a client-side link to /compare?runs=…
 * (bare ids: the URL is far past the static server's 16 KB header limit); the 9 params the page
 * does not show by default (8 params + 3 metrics) ticked in its "Axes" list: 20 axes.
 * A = the app: "Colour by" switched between two metrics (`loss`, `accuracy`), which makes the
 * component bucket the runs by colour again and redraw every line. Scored: the component's own
 * draw (`data-draw-ms`: canvas reset, colour buckets, the paths, the axes) + the raster of its
 * canvas (one pixel read back right after, which rasterises the recorded paths at once). The
 * scatter plot and scatter matrix redraw on the same change, in the same task; they are left
 * out of the score and shown in `app_change_to_flush_ms` and `app_change_to_frame_ms`.
 * B = a canvas of the same size in the same page: the runs bucketed by the same colour column
 * (32 bins, a counting sort), one path per colour of every polyline (runs × 19 segments), the
 * app's alpha and line width, and the same one-pixel read-back.
 */
import { generateHyperLibrary, type HyperLibrary } from '../generate/hyper-library';
import { openApp, openSession } from '../lib/browser';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, medianOf, round } from '../lib/stats';
import { CHART_PROBE_INIT } from '../page/chart-probe';
import {
  INSTALL_PC_BASELINE,
  PC_DRAW,
  PC_LAYOUT,
  armPcDraw,
  type PcDraw,
  type PcLayout
} from '../page/pc-scripts';
import { WAIT_MS, interleave, settle } from './compare-common';
import { appImport } from './import-common';

export const PC_NAME = 'parallel coordinates with 10,000 runs × 20 axes';
export const PC_TARGET = 2;
const AXES = 20;
/** The two colour-by axes the change alternates between. */
const COLOR_AXES = ['metric:loss', 'metric:accuracy'] as const;

interface AppSample {
  ms: number;
  draw_ms: number;
  raster_ms: number;
  to_flush_ms: number;
  to_frame_ms: number;
  color: string;
}

interface BaselineSample {
  ms: number;
  draw_ms: number;
  raster_ms: number;
}

/** Pixel y of every run on every shown axis (row-major), scaled as the app's axes are. */
function pixelRows(library: HyperLibrary, layout: PcLayout): number[] {
  const n = library.ids.length;
  const k = layout.axes.length;
  const ys = new Array<number>(n * k);
  layout.axes.forEach((id, i) => {
    const values = library.columns.get(id);
    if (!values) throw new Error(`the app shows an axis the generator did not make: ${id}`);
    const categories = library.categories.get(id);
    const log = library.logAxes.includes(id);
    const t = (v: number) => (log ? Math.log10(v) : v);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      lo = Math.min(lo, t(v));
      hi = Math.max(hi, t(v));
    }
    for (let r = 0; r < n; r++) {
      const f = categories
        ? (values[r]! + 0.5) / categories.length
        : (t(values[r]!) - lo) / (hi - lo || 1);
      ys[r * k + i] = layout.bottom - f * (layout.bottom - layout.top);
    }
  });
  return ys;
}

const med = medianOf;

export async function benchParallelCoordinates(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ScenarioResult> {
  const runs = sizes.hyperRuns;
  console.log(
    `Scenario 8: parallel coordinates of ${runs.toLocaleString('en')} runs × ${AXES} axes…`
  );
  const library = generateHyperLibrary(outDir, seed, runs);
  const session = await openSession(baseURL, outDir);
  try {
    await session.context.addInitScript({ content: CHART_PROBE_INIT });
    const { page } = session;
    await openApp(page);
    const t0 = performance.now();
    const { wait } = await appImport(page, 'import-input', library.file, runs);
    if (wait.state !== 'done')
      throw new Error(`the app did not import the sweep (${wait.state}): ${wait.errors[0]}`);
    const importMs = performance.now() - t0;
    await page.evaluate(`localStorage.setItem('runlens.compare.v1', '{"charts":[]}')`);
    const t1 = performance.now();
    // A link inside SvelteKit's root element: the router navigates without asking the server.
    await page.evaluate(`(() => {
      const a = document.createElement('a');
      a.href = ${JSON.stringify(`/compare?runs=${library.ids.join(',')}`)};
      a.textContent = 'bench';
      (document.querySelector('body > div') || document.body).appendChild(a);
      a.click();
    })()`);
    // The hyperparameter views render once their section is scrolled to.
    await page.locator('#hyperparameters').scrollIntoViewIfNeeded({ timeout: WAIT_MS });
    const axes = page.locator('[data-testid=pc-axis]');
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid=pc-axis]').length > 0`,
      undefined,
      { timeout: WAIT_MS, polling: 100 }
    );
    const summary = page.locator('details.axes > summary');
    await summary.click();
    const boxes = page.locator('details.axes input[type=checkbox]');
    for (let i = 0; i < (await boxes.count()); i++) {
      if (!(await boxes.nth(i).isChecked())) await boxes.nth(i).check();
    }
    await summary.click();
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid=pc-axis]').length === ${AXES}`,
      undefined,
      { timeout: WAIT_MS, polling: 100 }
    );
    await settle(page);
    const openMs = performance.now() - t1;
    console.log(
      `  imported ${runs.toLocaleString('en')} runs (${(library.bytes / 1e6).toFixed(0)} MB) in ${formatMs(importMs)}; compare page with ${await axes.count()} axes in ${formatMs(openMs)}`
    );

    const layout = await page.evaluate<PcLayout>(PC_LAYOUT);
    await page.evaluate(INSTALL_PC_BASELINE);
    const load = {
      ys: pixelRows(library, layout),
      runs,
      axes: layout.axes.length,
      xs: layout.xs,
      width: layout.width,
      height: layout.height,
      dpr: layout.dpr,
      colorColumns: COLOR_AXES.map((id) => Array.from(library.columns.get(id)!))
    };
    const segments = await page.evaluate<number>(`window.__benchPc.load(${JSON.stringify(load)})`);
    const select = page.getByLabel('Colour by');
    let color = 0;

    const app = async (): Promise<AppSample> => {
      const current = await select.inputValue();
      color = current === COLOR_AXES[0] ? 1 : 0;
      await page.evaluate(armPcDraw(WAIT_MS));
      await select.selectOption(COLOR_AXES[color]!);
      const d = await page.evaluate<PcDraw>(PC_DRAW);
      await settle(page);
      return {
        ms: d.draw_ms + d.raster_ms,
        draw_ms: d.draw_ms,
        raster_ms: d.raster_ms,
        to_flush_ms: d.flushed - d.start + d.raster_ms,
        to_frame_ms: d.frame - d.start,
        color: COLOR_AXES[color]!
      };
    };

    const baseline = async (): Promise<BaselineSample> =>
      page.evaluate<BaselineSample>(`window.__benchPc.draw(${color})`);

    const pairs = await interleave(
      'parallel coordinates',
      sizes.pairs,
      app,
      baseline,
      (a, b) =>
        `app (colour by ${a.color}): draw ${formatMs(a.draw_ms)} + raster ${formatMs(a.raster_ms)}; change → drawn ${formatMs(a.to_flush_ms)}, → next frame ${formatMs(a.to_frame_ms)}; ` +
        `baseline: paths ${formatMs(b.draw_ms)} + raster ${formatMs(b.raster_ms)}`
    );
    const ratio = median(pairs.ratios);
    const appMs = med(pairs.app.map((s) => s.ms));
    const baselineMs = med(pairs.baseline.map((s) => s.ms));
    const reason =
      `app = the component's draw (data-draw-ms) ${formatMs(med(pairs.app.map((s) => s.draw_ms)))} + its canvas's raster ${formatMs(med(pairs.app.map((s) => s.raster_ms)))}, ` +
      `on a colour-by change; change event → drawn and rasterised ${formatMs(med(pairs.app.map((s) => s.to_flush_ms)))} (with the scatter views' redraws in the same task), ` +
      `→ next frame ${formatMs(med(pairs.app.map((s) => s.to_frame_ms)))}. ` +
      `Baseline = ${segments.toLocaleString('en')} segments, one path per colour: paths ${formatMs(med(pairs.baseline.map((s) => s.draw_ms)))} + raster ${formatMs(med(pairs.baseline.map((s) => s.raster_ms)))}.`;
    return {
      id: 8,
      name: PC_NAME.replace('10,000', runs.toLocaleString('en')),
      ratio: round(ratio),
      target: PC_TARGET,
      status: statusOf(ratio, PC_TARGET),
      absolute: {
        app_ms: appMs,
        baseline_ms: baselineMs,
        app_draw_ms: med(pairs.app.map((s) => s.draw_ms)),
        app_raster_ms: med(pairs.app.map((s) => s.raster_ms)),
        app_change_to_flush_ms: med(pairs.app.map((s) => s.to_flush_ms)),
        app_change_to_frame_ms: med(pairs.app.map((s) => s.to_frame_ms)),
        baseline_paths_ms: med(pairs.baseline.map((s) => s.draw_ms)),
        baseline_raster_ms: med(pairs.baseline.map((s) => s.raster_ms)),
        runs,
        axes: layout.axes.length,
        segments,
        width: layout.width,
        height: layout.height,
        import_ms: Math.round(importMs),
        open_ms: Math.round(openMs),
        pairs: pairs.ratios.length,
        ratios: pairs.ratios.map((r) => round(r))
      },
      reason,
      display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
    };
  } finally {
    await session.close();
  }
}
