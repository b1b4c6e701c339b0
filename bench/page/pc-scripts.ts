/**
 * Page-side code of scenario 8 (parallel coordinates), as plain JavaScript text like scripts.ts:
 * the armed wait for the app's redraw, and the Canvas2D baseline drawing the same polylines.
 */

/** What an armed parallel-coordinates wait resolves to (page times, ms). */
export interface PcDraw {
  /** The `change` event (capture phase on the document). */
  start: number;
  /** The end of the task that drew: the mutation of `data-draw-ms` was delivered. */
  flushed: number;
  /** The component's own time for its draw effect (`data-draw-ms`). */
  draw_ms: number;
  /** getImageData of one pixel right after: the canvas's recorded drawing rasterised. */
  raster_ms: number;
  /** After the next frame (requestAnimationFrame, then a task): every view painted. */
  frame: number;
}

/**
 * Arms a wait: the next `change` on the document starts the clock; the first write of
 * `data-draw-ms` on the parallel coordinates after it (ParallelCoordinates.svelte sets it at the
 * end of every canvas draw, with the draw's duration) ends the draw; then one pixel is read back,
 * which makes Chromium rasterise the canvas's recorded paths at once (it would otherwise at the
 * next frame, with the other views' canvases).
 */
export function armPcDraw(timeoutMs: number): string {
  return String.raw`(() => {
    const figure = document.querySelector('[data-testid=parallel-coordinates]');
    const canvas = figure.querySelector('canvas');
    let start = null;
    const onChange = () => {
      if (start === null) start = performance.now();
    };
    document.addEventListener('change', onChange, { capture: true });
    window.__benchPcWait = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (start === null) return;
        const flushed = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        document.removeEventListener('change', onChange, { capture: true });
        const drawMs = Number(figure.getAttribute('data-draw-ms'));
        const r0 = performance.now();
        canvas.getContext('2d').getImageData(0, 0, 1, 1);
        const raster = performance.now() - r0;
        requestAnimationFrame(() =>
          setTimeout(() =>
            resolve({ start, flushed, draw_ms: drawMs, raster_ms: raster, frame: performance.now() })
          )
        );
      });
      observer.observe(figure, { attributes: true, attributeFilter: ['data-draw-ms'] });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error('the parallel coordinates did not redraw within ${timeoutMs} ms'));
      }, ${timeoutMs});
    });
    return true;
  })()`;
}

export const PC_DRAW = 'window.__benchPcWait';

/** The layout the app drew with, read from its DOM: axis ids and x, the vertical range. */
export const PC_LAYOUT = String.raw`(() => {
  const figure = document.querySelector('[data-testid=parallel-coordinates]');
  const canvas = figure.querySelector('canvas');
  const axes = [...figure.querySelectorAll('[data-testid=pc-axis]')];
  const hit = axes[0].querySelector('.hit');
  const top = parseFloat(hit.style.top) + 4;
  return {
    axes: axes.map((a) => a.getAttribute('data-axis')),
    xs: axes.map((a) => parseFloat(a.style.left)),
    top,
    bottom: top + parseFloat(hit.style.height) - 8,
    width: parseFloat(canvas.style.width),
    height: parseFloat(canvas.style.height),
    dpr: window.devicePixelRatio || 1
  };
})()`;

/** What PC_LAYOUT returns. */
export interface PcLayout {
  axes: string[];
  xs: number[];
  top: number;
  bottom: number;
  width: number;
  height: number;
  dpr: number;
}

/**
 * Installs `window.__benchPc`: `load(...)` keeps the runs' pixel y per axis (runs × axes, the
 * app's axis order) and two colour columns, on a canvas of the app's size added to the page;
 * `draw(c)` buckets the runs by colour column `c` into 32 bins plus "missing" (the app's ramp),
 * orders them by bucket (a counting sort), then strokes one path per colour of every run's
 * polyline (moveTo, then lineTo on each next axis: runs × (axes − 1) segments) with the app's
 * alpha and 1-device-pixel lines, and reads one pixel back so the paths are rasterised. Returns
 * the time of all that.
 */
export const INSTALL_PC_BASELINE = String.raw`(() => {
  const BINS = 32;
  let state = null;
  window.__benchPc = {
    load({ ys, runs, axes, xs, width, height, dpr, colorColumns }) {
      if (state) state.canvas.remove();
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.cssText = 'position:absolute;left:0;top:0;z-index:1000;width:' + width + 'px;height:' + height + 'px';
      document.body.appendChild(canvas);
      const ctx = canvas.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const colors = [];
      for (let b = 0; b < BINS; b++) colors.push('hsl(' + Math.round(260 - (200 * b) / (BINS - 1)) + ' 70% 45%)');
      colors.push('#9e9e9e');
      state = {
        canvas, ctx, runs, axes, xs: Float64Array.from(xs), ys: Float32Array.from(ys), width, height, dpr,
        colors, colorColumns: colorColumns.map((c) => Float64Array.from(c, (v) => (v === null ? NaN : v)))
      };
      return runs * (axes - 1);
    },
    draw(c) {
      const s = state;
      const { ctx, runs, axes, xs, ys, colors } = s;
      const start = performance.now();
      const values = s.colorColumns[c];
      let lo = Infinity, hi = -Infinity;
      for (let r = 0; r < runs; r++) {
        const v = values[r];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const keys = new Uint8Array(runs);
      const counts = new Uint32Array(BINS + 2);
      for (let r = 0; r < runs; r++) {
        const v = values[r];
        const k = v === v ? Math.round(((v - lo) / (hi - lo || 1)) * (BINS - 1)) : BINS;
        keys[r] = k;
        counts[k + 1]++;
      }
      for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
      const order = new Uint32Array(runs);
      const at = counts.slice();
      for (let r = 0; r < runs; r++) order[at[keys[r]]++] = r;
      ctx.clearRect(0, 0, s.width, s.height);
      ctx.globalAlpha = Math.min(0.9, Math.max(0.25, 1 - 0.18 * Math.log10(runs + 1)));
      ctx.lineWidth = 1 / Math.max(1, s.dpr);
      for (let b = 0; b <= BINS; b++) {
        if (counts[b + 1] === counts[b]) continue;
        ctx.strokeStyle = colors[b];
        ctx.beginPath();
        for (let j = counts[b]; j < counts[b + 1]; j++) {
          const row = order[j] * axes;
          ctx.moveTo(xs[0], ys[row]);
          for (let i = 1; i < axes; i++) ctx.lineTo(xs[i], ys[row + i]);
        }
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      const drawn = performance.now();
      ctx.getImageData(0, 0, 1, 1);
      const end = performance.now();
      return { ms: end - start, draw_ms: drawn - start, raster_ms: end - drawn };
    },
    drop() {
      if (state) state.canvas.remove();
      state = null;
    }
  };
  return true;
})()`;
