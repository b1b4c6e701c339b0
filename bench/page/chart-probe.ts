/**
 * Page-side code of scenarios 4, 5 and 7 (the comparison chart), app side, as plain JavaScript
 * text like scripts.ts: an init script that logs the app worker's messages (with the chart
 * request's width and the frames it answered) and the first chart draw of each document, and
 * waits armed before the input or change event they time.
 */

/**
 * Init script. `window.__benchChart` holds:
 * - `log`: every Comlink call posted to the app's worker (named `runlens…`) and every answer,
 *   with performance.now(); a compareChart request carries its `columns` and `runKeys`, an answer
 *   that is a chart frame its `mode`, x length and line count;
 * - `frames`: the last few chart frames answered, as the page received them;
 * - `firstDraw`: performance.now() when a `metric-chart` first read `data-draws="1"` in this
 *   document. performance.now() counts from the navigation's time origin, so it is the time from
 *   navigation start to the first completed draw.
 * Nothing of the app changes: Worker is subclassed and messages pass on as they are.
 */
export const CHART_PROBE_INIT = String.raw`(() => {
  const Native = window.Worker;
  if (!Native || window.__benchChart) return;
  // marks: set by bench/profile-compare.ts to put each answer's arrival on the trace's clock.
  const state = { log: [], frames: [], firstDraw: null, worker: {}, marks: false };
  window.__benchChart = state;
  // Frames come as typed arrays (transferred) since 2026-11; plain arrays before.
  const isFrame = (v) =>
    !!v && typeof v === 'object' && (Array.isArray(v.x) || ArrayBuffer.isView(v.x)) &&
    Array.isArray(v.lines) && typeof v.mode === 'string';
  // Inside the app's worker, before its own module runs: when each message's handler starts,
  // and when the answer with the same id is posted (and posting returned, i.e. serialised),
  // sent back as a side message without an id (Comlink ignores those). Absolute times.
  const WORKER_TIMING = [
    'const add = self.addEventListener.bind(self);',
    'const post = self.postMessage.bind(self);',
    'const received = new Map();',
    'const now = () => performance.timeOrigin + performance.now();',
    'self.addEventListener = (type, fn, opts) => type !== "message" ? add(type, fn, opts) :',
    '  add(type, (e) => { if (e.data && e.data.id) received.set(e.data.id, now()); return fn(e); }, opts);',
    'self.postMessage = (m, ...rest) => {',
    '  const posting = now();',
    '  post(m, ...rest);',
    '  if (m && m.id && received.has(m.id)) {',
    // A user-timing mark puts the post on a trace's clock too (bench/profile-compare.ts).
    '    performance.mark("bench-posted:" + m.id);',
    '    post({ __benchWorker: { id: m.id, received: received.get(m.id), posting, posted: now() } });',
    '    received.delete(m.id);',
    '  }',
    '};'
  ].join('\n');
  const timingUrl = URL.createObjectURL(new Blob([WORKER_TIMING], { type: 'text/javascript' }));
  const timedWorkerUrl = (url) => {
    const real = new URL(String(url), location.href).href;
    const source = 'import ' + JSON.stringify(timingUrl) + ';\nimport ' + JSON.stringify(real) + ';\n';
    return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  };
  class ProbedWorker extends Native {
    constructor(url, options) {
      // 'runlens' until 2026-11, then 'runlens-library' / 'runlens-shared' (src/lib/worker/space.ts).
      const probe = !!options && /^runlens(-|$)/.test(String(options.name)) && options.type === 'module';
      super(probe ? timedWorkerUrl(url) : url, options);
      this.__benchProbe = probe;
      if (this.__benchProbe)
        this.addEventListener('message', (e) => {
          const d = e.data;
          if (d && typeof d === 'object' && d.__benchWorker) {
            const w = d.__benchWorker;
            const origin = performance.timeOrigin;
            state.worker[w.id] = { received: w.received - origin, posting: w.posting - origin, posted: w.posted - origin };
            return;
          }
          if (!d || typeof d !== 'object' || !d.id) return;
          const entry = { dir: 'in', id: d.id, t: performance.now() };
          if (state.marks) performance.mark('bench-in:' + d.id);
          if (isFrame(d.value)) {
            // The timed chart is the first panel; with a grid (scenarios 18, 19) the other
            // panels' frames are logged but neither kept nor counted as its answer.
            const chart = document.querySelector('[data-testid=metric-chart]');
            const watched = !chart || chart.getAttribute('data-metric') === d.value.metric;
            entry.frame = { mode: d.value.mode, x: d.value.x.length, lines: d.value.lines.length, metric: d.value.metric, watched };
            // The draws so far: a draw of this frame is one after these.
            entry.drawsBefore = chart ? Number(chart.getAttribute('data-draws')) : 0;
            if (watched) {
              state.frames.push(d.value);
              if (state.frames.length > 4) state.frames.shift();
            }
          }
          state.log.push(entry);
        });
    }
    postMessage(message, ...rest) {
      if (this.__benchProbe && message && typeof message === 'object' && message.id) {
        const method = Array.isArray(message.path) ? message.path.join('.') : String(message.type);
        const entry = { dir: 'out', id: message.id, method, t: performance.now() };
        const arg = Array.isArray(message.argumentList) ? message.argumentList[0] : null;
        if (method === 'compareChart' && arg && arg.value)
          entry.request = { metric: arg.value.metric, columns: arg.value.columns, runKeys: arg.value.runKeys, xRange: arg.value.xRange };
        state.log.push(entry);
      }
      return super.postMessage(message, ...rest);
    }
  }
  window.Worker = ProbedWorker;
  new MutationObserver(() => {
    if (state.firstDraw !== null) return;
    const el = document.querySelector('[data-testid=metric-chart]');
    if (el && el.getAttribute('data-draws') === '1') state.firstDraw = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-draws'] });
})();`;

/** One logged worker message (see CHART_PROBE_INIT). */
export interface ProbeEntry {
  dir: 'in' | 'out';
  id: string;
  method?: string;
  t: number;
  request?: { metric: string; columns: number; runKeys: string[]; xRange: [number, number] | null };
  /** `watched`: the frame is the first panel's (the timed chart's) metric. */
  frame?: { mode: string; x: number; lines: number; metric: string; watched: boolean };
  /** On a frame's answer: the chart's `data-draws` when it arrived. */
  drawsBefore?: number;
}

/** Inside the app's worker, for one call (page times): handler start, answer posted. */
export interface WorkerTiming {
  received: number;
  /** When the answer's postMessage was called. */
  posting: number;
  /** When it returned: the answer is serialised. */
  posted: number;
}

/** The worker-side timings of every answered call so far, by message id. */
export const WORKER_TIMINGS = 'window.__benchChart.worker';

/** What the app's page says after the first chart of a navigation. */
export interface FirstDrawState {
  firstDraw: number;
  log: ProbeEntry[];
  /** Navigation timing: when the HTML had arrived, and DOMContentLoaded ended. */
  responseEnd: number;
  domContentLoaded: number;
}

export const FIRST_DRAW_DONE = 'window.__benchChart && window.__benchChart.firstDraw !== null';

export const FIRST_DRAW_STATE = String.raw`(() => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  return {
    firstDraw: window.__benchChart.firstDraw,
    log: window.__benchChart.log.map(({ request, ...e }) =>
      request
        ? { ...e, request: { metric: request.metric, columns: request.columns, runKeys: request.runKeys, xRange: request.xRange } }
        : e
    ),
    responseEnd: nav.responseEnd || 0,
    domContentLoaded: nav.domContentLoadedEventEnd || 0
  };
})()`;

/** True once every call posted to the app's worker has been answered. */
export const WORKER_QUIET = String.raw`(() => {
  const open = new Set();
  for (const e of window.__benchChart.log) {
    if (e.dir === 'out') open.add(e.id);
    else open.delete(e.id);
  }
  return open.size === 0;
})()`;

/** What an armed wait resolves to (page times). */
export interface ArmedDraw {
  /** When the input or change event was dispatched (null if none came). */
  start: number | null;
  /** When the chart's `data-draws` went past its value at arming time with the wanted mode. */
  end: number;
  mode: string;
  log: ProbeEntry[];
}

/**
 * Arms a wait: the next `event` on the document (capture phase) starts the clock, and the
 * chart's first completed draw of a frame answered after it stops it (`data-draws` above its
 * value when that frame arrived, and `data-mode` = `mode` when given). Waiting for the frame
 * matters: a chart that redraws its previous frame at once must not stop the clock.
 */
export function armDraw(
  event: 'input' | 'change' | 'mouseup' | 'click',
  mode: string | null,
  timeoutMs: number
): string {
  return String.raw`(() => {
    const chart = document.querySelector('[data-testid=metric-chart]');
    const before = Number(chart.getAttribute('data-draws'));
    const log = window.__benchChart.log;
    const from = log.length;
    let start = null;
    const onEvent = () => {
      if (start === null) start = performance.now();
    };
    document.addEventListener('${event}', onEvent, { capture: true });
    window.__benchDrawWait = new Promise((resolve, reject) => {
      const finish = () => {
        observer.disconnect();
        clearTimeout(timer);
        document.removeEventListener('${event}', onEvent, { capture: true });
      };
      const observer = new MutationObserver(() => {
        const el = document.querySelector('[data-testid=metric-chart]');
        let answer = null;
        for (let i = log.length - 1; i >= from && !answer; i--)
          if (log[i].frame && log[i].frame.watched) answer = log[i];
        if (!el || !answer) return;
        const draws = Number(el.getAttribute('data-draws'));
        if (draws <= before || draws <= answer.drawsBefore) return;
        const mode = el.getAttribute('data-mode');
        if (${JSON.stringify(mode)} !== null && mode !== ${JSON.stringify(mode)}) return;
        const end = performance.now();
        finish();
        resolve({ start, end, mode, log: log.slice(from) });
      });
      observer.observe(document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-draws', 'data-mode']
      });
      const timer = setTimeout(() => {
        finish();
        reject(new Error('the chart did not draw within ${timeoutMs} ms'));
      }, ${timeoutMs});
    });
    return true;
  })()`;
}

export const ARMED_DRAW = 'window.__benchDrawWait';

/** Sets the EMA weight on the smoothing slider the way a drag does: value, then `input`. */
export function setSmoothingWeight(weight: number): string {
  return String.raw`(() => {
    const el = document.querySelector('input[type=range][data-testid=smoothing-value]');
    el.value = ${JSON.stringify(String(weight))};
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return el.value;
  })()`;
}
