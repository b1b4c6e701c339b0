/**
 * The physical baselines of scenarios 4, 5 and 7, as plain JavaScript text (see scripts.ts),
 * installed in the app's own page:
 * - a Worker that opens the app's IndexedDB (`runlens`, store `series`) itself, reads the
 *   chunks of the same runs and metric in one read-only transaction (one getAll per run, the
 *   chunk rows as the app stored them), joins each run's steps and values, and reduces every run
 *   to the min/max envelope of the same pixel grid as the app's frame (2 slots per column);
 *   it can also keep the values and answer one summing pass (sum and sum of squares per step per
 *   group, then mean and standard deviation);
 * - on the main thread, uPlot (the same library file the app bundles, injected by the scenario)
 *   drawing the arrays: one chart with one series per run, or `setData` of given arrays.
 */
export const CHART_BASELINE_WORKER_SOURCE = String.raw`
'use strict';
function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('runlens');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Every run's chunk rows of one metric, in key order ([runKey, metric, index]).
function readRuns(db, runKeys, metric) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('series', 'readonly');
    const store = tx.objectStore('series');
    const out = new Array(runKeys.length);
    runKeys.forEach((key, i) => {
      const req = store.getAll(IDBKeyRange.bound([key, metric, -Infinity], [key, metric, Infinity]));
      req.onsuccess = () => (out[i] = req.result);
    });
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
  });
}

// The chunk rows [c0, c1] of every run, in one transaction (one getAll per run).
function readChunkRange(db, runKeys, metric, c0, c1) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('series', 'readonly');
    const store = tx.objectStore('series');
    const out = new Array(runKeys.length);
    runKeys.forEach((key, i) => {
      const req = store.getAll(IDBKeyRange.bound([key, metric, c0], [key, metric, c1]));
      req.onsuccess = () => (out[i] = req.result);
    });
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
  });
}

// First index whose x is >= v (> v when strict).
function lowerBound(x, v, strict) {
  let lo = 0, hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? x[mid] <= v : x[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return hi;
}

function join(chunks) {
  let n = 0;
  for (const c of chunks) n += c.count;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let at = 0;
  for (const c of chunks) {
    x.set(c.steps, at);
    y.set(c.values, at);
    at += c.count;
  }
  return { x, y };
}

// Min and max of each pixel column, in the order they occurred (slot 2c first); NaN where empty.
function envelope(x, y, lo, hi, columns) {
  const out = new Float64Array(2 * columns).fill(NaN);
  const perUnit = columns / (hi - lo);
  let col = -1, min = 0, max = 0, minAt = 0, maxAt = 0;
  const write = () => {
    if (min === max) out[2 * col] = min;
    else if (minAt < maxAt) { out[2 * col] = min; out[2 * col + 1] = max; }
    else { out[2 * col] = max; out[2 * col + 1] = min; }
  };
  for (let i = 0; i < x.length; i++) {
    const yi = y[i];
    if (yi !== yi) continue;
    const c = Math.min(columns - 1, Math.floor((x[i] - lo) * perUnit));
    if (c !== col) {
      if (col >= 0) write();
      col = c; min = max = yi; minAt = maxAt = i;
    } else if (yi < min) { min = yi; minAt = i; }
    else if (yi > max) { max = yi; maxAt = i; }
  }
  if (col >= 0) write();
  return out;
}

let kept = null;

onmessage = async (e) => {
  const m = e.data;
  const t0 = performance.now();
  const db = m.op === 'group-sum' ? null : await openDb();
  if (m.op === 'chart') {
    const runs = await readRuns(db, m.runKeys, m.metric);
    db.close();
    const t1 = performance.now();
    const lines = runs.map(join);
    let lo = Infinity, hi = -Infinity;
    for (const l of lines) if (l.x.length > 0) {
      lo = Math.min(lo, l.x[0]);
      hi = Math.max(hi, l.x[l.x.length - 1]);
    }
    const x = new Float64Array(2 * m.columns);
    const w = (hi - lo) / m.columns;
    for (let c = 0; c < m.columns; c++) {
      x[2 * c] = lo + (c + 0.25) * w;
      x[2 * c + 1] = lo + (c + 0.75) * w;
    }
    const ys = lines.map((l) => envelope(l.x, l.y, lo, hi, m.columns));
    const t2 = performance.now();
    postMessage(
      { x, ys, read_ms: t1 - t0, reduce_ms: t2 - t1, points: lines.reduce((s, l) => s + l.x.length, 0) },
      [x.buffer, ...ys.map((y) => y.buffer)]
    );
  } else if (m.op === 'range') {
    // The chunks holding steps lo … hi: steps are the point indices in this library, so they
    // are chunks floor(lo / chunkPoints) … floor(hi / chunkPoints).
    const c0 = Math.max(0, Math.floor(Math.ceil(m.lo) / m.chunkPoints));
    const c1 = Math.max(c0, Math.floor(Math.floor(m.hi) / m.chunkPoints));
    const runs = await readChunkRange(db, m.runKeys, m.metric, c0, c1);
    db.close();
    const t1 = performance.now();
    const slices = runs.map((chunks) => {
      const l = join(chunks);
      const from = lowerBound(l.x, m.lo, false);
      const to = lowerBound(l.x, m.hi, true);
      return { x: l.x.subarray(from, to), y: l.y.subarray(from, to) };
    });
    // As the app's frame: every point when no run has more than a point per column (every run
    // has the same steps here, so the shared x is one run's), else the min/max envelope.
    const widest = slices.reduce((w, s) => Math.max(w, s.x.length), 0);
    let x, ys;
    if (widest <= m.columns) {
      x = slices[0].x.slice();
      ys = slices.map((s) => s.y.slice());
    } else {
      x = new Float64Array(2 * m.columns);
      const w = (m.hi - m.lo) / m.columns;
      for (let c = 0; c < m.columns; c++) {
        x[2 * c] = m.lo + (c + 0.25) * w;
        x[2 * c + 1] = m.lo + (c + 0.75) * w;
      }
      ys = slices.map((s) => envelope(s.x, s.y, m.lo, m.hi, m.columns));
    }
    const t2 = performance.now();
    postMessage(
      { x, ys, read_ms: t1 - t0, reduce_ms: t2 - t1, points: slices.reduce((n, s) => n + s.x.length, 0) },
      [x.buffer, ...ys.map((y) => y.buffer)]
    );
  } else if (m.op === 'keep') {
    const runs = await readRuns(db, m.runKeys, m.metric);
    db.close();
    kept = { lines: runs.map(join), groups: m.groups, groupCount: m.groupCount };
    postMessage({ points: kept.lines.reduce((s, l) => s + l.x.length, 0) });
  } else if (m.op === 'group-sum') {
    // One pass: per group, the sum and the sum of squares at each step (steps are 0 … n − 1).
    const { lines, groups, groupCount } = kept;
    let len = 0;
    for (const l of lines) if (l.x.length > 0) len = Math.max(len, l.x[l.x.length - 1] + 1);
    const sum = new Float64Array(groupCount * len);
    const sumSq = new Float64Array(groupCount * len);
    const count = new Uint32Array(groupCount * len);
    lines.forEach((l, r) => {
      const base = groups[r] * len;
      for (let i = 0; i < l.x.length; i++) {
        const k = base + l.x[i];
        const v = l.y[i];
        sum[k] += v;
        sumSq[k] += v * v;
        count[k]++;
      }
    });
    const mean = new Float64Array(groupCount * len);
    const std = new Float64Array(groupCount * len);
    for (let k = 0; k < mean.length; k++) {
      const n = count[k];
      mean[k] = sum[k] / n;
      std[k] = n > 1 ? Math.sqrt(Math.max(0, (sumSq[k] - n * mean[k] * mean[k]) / (n - 1))) : 0;
    }
    postMessage({ mean, std, len, compute_ms: performance.now() - t0 }, [mean.buffer, std.buffer]);
  }
};
`;

/**
 * Installs `window.__benchChartBaseline` in the page (uPlot must be loaded already):
 * - `firstChart({runKeys, metric, columns, height})`: starts a fresh baseline worker, which
 *   opens the database, reads and reduces; the arrays come back transferred, the NaN slots
 *   become null (uPlot's gaps) and one uPlot chart of one series per run is drawn; `ms` runs from
 *   before the Worker is constructed until uPlot's `draw` hook, `drawn_at` is that hook's time
 *   on the document's clock (from navigation start, on the page of first-chart-page.ts);
 * - `check(frame)`: how far the last first-chart arrays are from an app frame (not timed);
 * - `setDataChart(datasets, width, height)` then `setData(k)`: a chart over the given arrays,
 *   and the time of one `setData` until its `draw` hook;
 * - `keep(...)` then `groupSum()`: the summing pass, timed from postMessage to the answer;
 * - `zoomChart(lines, width, height)` then `zoom({runKeys, metric, columns, lo, hi, chunkPoints})`:
 *   a fresh worker reads the chunks holding steps lo … hi, keeps the points inside and reduces
 *   them as the app's frame would be (every point, or the envelope); then `setData` of those
 *   arrays on the chart; timed from before the Worker is constructed to uPlot's `draw` hook.
 */
export const INSTALL_CHART_BASELINE = String.raw`(() => {
  if (window.__benchChartBaseline) return true;
  const source = ${JSON.stringify(CHART_BASELINE_WORKER_SOURCE)};
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const ask = (worker, message) =>
    new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message || 'baseline worker error'));
      worker.postMessage(message);
    });
  const nullable = (y) => {
    const out = new Array(y.length);
    for (let i = 0; i < y.length; i++) out[i] = y[i] === y[i] ? y[i] : null;
    return out;
  };
  const host = (width) => {
    const el = document.createElement('div');
    el.style.cssText = 'position:absolute;left:0;top:0;z-index:1000;background:#fff;width:' + width + 'px';
    document.body.appendChild(el);
    return el;
  };
  const series = (n, width, stroke) => {
    const out = [{}];
    for (let i = 0; i < n; i++)
      out.push({ stroke: stroke(i), width: width(i), spanGaps: true, points: { show: false } });
    return out;
  };
  const options = (width, height, s, onDraw) => ({
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    series: s,
    hooks: { draw: [onDraw] }
  });
  const color = (i) => 'hsl(' + ((i * 137) % 360) + ' 60% 45%)';
  let last = null;
  let setDataChart = null;
  let zoomChart = null;
  let groupWorker = null;
  window.__benchChartBaseline = {
    async firstChart({ runKeys, metric, columns, height }) {
      const start = performance.now();
      const worker = new Worker(url, { name: 'bench-chart-baseline' });
      const r = await ask(worker, { op: 'chart', runKeys, metric, columns });
      const answered = performance.now();
      worker.terminate();
      const data = [Array.from(r.x), ...r.ys.map(nullable)];
      let drawn = null;
      const el = host(columns);
      const end = await new Promise((resolve) => {
        const onDraw = () => {
          if (drawn === null) resolve((drawn = performance.now()));
        };
        const s = series(r.ys.length, () => 1.25, color);
        last = { chart: new uPlot(options(columns, height, s, onDraw), data, el), data };
      });
      const result = {
        ms: end - start,
        worker_ms: answered - start,
        read_ms: r.read_ms,
        reduce_ms: r.reduce_ms,
        draw_ms: end - answered,
        drawn_at: end,
        points: r.points,
        lines: r.ys.length,
        slots: r.x.length
      };
      last.chart.destroy();
      el.remove();
      return result;
    },
    check(frame) {
      if (!last || !frame) return { ok: false, why: 'nothing to compare' };
      const [x, ...ys] = last.data;
      if (frame.x.length !== x.length || frame.lines.length !== ys.length)
        return { ok: false, why: 'shape ' + frame.x.length + '×' + frame.lines.length + ' vs ' + x.length + '×' + ys.length };
      let diff = 0;
      for (let i = 0; i < x.length; i++) diff = Math.max(diff, Math.abs(frame.x[i] - x[i]));
      for (let l = 0; l < ys.length; l++) {
        const a = frame.lines[l].raw;
        const b = ys[l];
        for (let i = 0; i < b.length; i++) {
          // The app's frame has NaN gaps (typed arrays) or nulls (plain arrays, before 2026-11).
          const ai = a[i] === null || a[i] !== a[i] ? null : a[i];
          if ((ai === null) !== (b[i] === null)) return { ok: false, why: 'gaps differ in line ' + l };
          if (ai !== null) diff = Math.max(diff, Math.abs(ai - b[i]));
        }
      }
      return { ok: diff < 1e-9, why: 'max difference ' + diff };
    },
    setDataChart(datasets, width, height) {
      const el = host(width);
      const n = datasets[0].length - 1;
      // Raw lines faint and thin, smoothed lines over them, as the app draws them.
      const s = series(n, (i) => (i % 2 === 0 ? 1 : 1.25), (i) => color(i >> 1));
      let resolveDraw = null;
      const onDraw = () => {
        if (resolveDraw) resolveDraw(performance.now());
        resolveDraw = null;
      };
      const chart = new uPlot(options(width, height, s, onDraw), datasets[0], el);
      setDataChart = { chart, datasets, el, wait: (r) => (resolveDraw = r) };
      return n;
    },
    async setData(k) {
      const c = setDataChart;
      const drawn = new Promise((resolve) => c.wait(resolve));
      const start = performance.now();
      c.chart.setData(c.datasets[k], true);
      return (await drawn) - start;
    },
    zoomChart(lines, width, height) {
      const el = host(width);
      const s = series(lines, () => 1.25, color);
      const empty = [[]];
      for (let i = 0; i < lines; i++) empty.push([]);
      let resolveDraw = null;
      const onDraw = () => {
        if (resolveDraw) resolveDraw(performance.now());
        resolveDraw = null;
      };
      const chart = new uPlot(options(width, height, s, onDraw), empty, el);
      zoomChart = { chart, el, wait: (r) => (resolveDraw = r) };
      return lines;
    },
    async zoom({ runKeys, metric, columns, lo, hi, chunkPoints }) {
      const c = zoomChart;
      const start = performance.now();
      const worker = new Worker(url, { name: 'bench-zoom-baseline' });
      const r = await ask(worker, { op: 'range', runKeys, metric, columns, lo, hi, chunkPoints });
      const answered = performance.now();
      worker.terminate();
      const drawn = new Promise((resolve) => c.wait(resolve));
      const data = [Array.from(r.x), ...r.ys.map(nullable)];
      c.chart.setData(data, true);
      const end = await drawn;
      last = { chart: null, data };
      return {
        ms: end - start,
        worker_ms: answered - start,
        read_ms: r.read_ms,
        reduce_ms: r.reduce_ms,
        draw_ms: end - answered,
        points: r.points,
        lines: r.ys.length,
        slots: r.x.length
      };
    },
    dropZoomChart() {
      if (!zoomChart) return;
      zoomChart.chart.destroy();
      zoomChart.el.remove();
      zoomChart = null;
    },
    dropSetDataChart() {
      if (!setDataChart) return;
      setDataChart.chart.destroy();
      setDataChart.el.remove();
      setDataChart = null;
    },
    async keep(message) {
      if (groupWorker) groupWorker.terminate();
      groupWorker = new Worker(url, { name: 'bench-group-baseline' });
      return ask(groupWorker, { op: 'keep', ...message });
    },
    async groupSum() {
      const start = performance.now();
      const r = await ask(groupWorker, { op: 'group-sum' });
      return { ms: performance.now() - start, compute_ms: r.compute_ms, steps: r.len, mean0: r.mean[0] };
    }
  };
  return true;
})()`;

/**
 * The data of the app's last two smoothed frames as uPlot would draw them (x, then raw and
 * smoothed per run, the order of the app's series), for `setDataChart`.
 */
export const SMOOTHED_DATASETS = String.raw`(() => {
  const frames = window.__benchChart.frames.filter((f) => f.lines.length > 0 && f.lines[0].smoothed);
  if (frames.length < 2) return null;
  // As the chart hands them to uPlot: plain arrays, NaN gaps as null (toDrawnFrame).
  const drawn = (v) => Array.from(v, (y) => (y === y ? y : null));
  return frames.slice(-2).map((f) => {
    const out = [Array.from(f.x)];
    for (const l of f.lines) out.push(drawn(l.raw), drawn(l.smoothed));
    return out;
  });
})()`;
