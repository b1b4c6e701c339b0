/**
 * Page-side code of scenario 6 (the runs explorer), as plain JavaScript text like scripts.ts:
 * a probe on the app's worker messages, the baseline worker (a plain loop and a typed-array index
 * sort over the same columns), and waits armed before the keystroke or click they time.
 */

/**
 * Init script: every Comlink call the page posts to the app's worker (`name: 'runlens…'`) and every
 * answer, with performance.now() when it was posted and when its message event was dispatched
 * (before Comlink's own listener, which is added later); and, from inside the worker, when each
 * call's message reached it and when its answer was posted (`dir: 'worker'`, on the page's clock),
 * so the worker's own time is told apart from the page's. As in chart-probe.ts, the module worker
 * is started from a small module that imports a timing prelude and then the app's worker script;
 * nothing of the app changes, and the messages pass on as they are.
 */
export const WORKER_PROBE_INIT = String.raw`(() => {
  const Native = window.Worker;
  if (!Native || window.__benchWorkerLog) return;
  const log = [];
  window.__benchWorkerLog = log;
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
    '    post({ __benchWorker: { id: m.id, received: received.get(m.id), posting } });',
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
      const probe = !!options && /^runlens(-|$)/.test(String(options.name));
      const timed = probe && options.type === 'module';
      super(timed ? timedWorkerUrl(url) : url, options);
      this.__benchProbe = probe;
      if (this.__benchProbe)
        this.addEventListener('message', (e) => {
          const d = e.data;
          if (d && typeof d === 'object' && d.__benchWorker) {
            const w = d.__benchWorker;
            const origin = performance.timeOrigin;
            log.push({ dir: 'worker', id: w.id, t: w.received - origin, posting: w.posting - origin });
            return;
          }
          if (d && typeof d === 'object' && d.id) log.push({ dir: 'in', id: d.id, t: performance.now() });
        });
    }
    postMessage(message, ...rest) {
      if (this.__benchProbe && message && typeof message === 'object' && message.id)
        log.push({
          dir: 'out',
          id: message.id,
          method: Array.isArray(message.path) ? message.path.join('.') : String(message.type),
          t: performance.now()
        });
      return super.postMessage(message, ...rest);
    }
  }
  window.Worker = ProbedWorker;
})();`;

/**
 * The baseline worker: the least any implementation must do to answer the same questions over
 * the same runs held as typed arrays (Float64Array loss, Uint8Array codes of model and team).
 * `filter` is one plain loop that counts; `sort` gathers the keys of the rows to order into a
 * Float64Array and sorts a Uint32Array of row indices by them with a comparator, then answers
 * with the first 50 rows (what a table shows).
 */
const EXPLORER_BASELINE_SOURCE = String.raw`
'use strict';
let loss, model, team, n = 0;
onmessage = (e) => {
  const m = e.data;
  if (m.op === 'load') {
    loss = new Float64Array(m.loss);
    model = new Uint8Array(m.model);
    team = new Uint8Array(m.team);
    n = loss.length;
    postMessage({ op: 'load' });
    return;
  }
  const t0 = performance.now();
  if (m.op === 'filter') {
    let count = 0;
    for (let i = 0; i < n; i++)
      if (model[i] === m.model && loss[i] < m.maxLoss && team[i] !== m.team) count++;
    postMessage({ op: 'filter', count, compute_ms: performance.now() - t0 });
  } else if (m.op === 'filterLoopTime') {
    // The same loop REPS times in a row, for its time per run: performance.now() in a page that
    // is not cross-origin isolated ticks in 0.1 ms steps, about one loop over 20,000 runs.
    const REPS = 20;
    let count = 0;
    for (let r = 0; r < REPS; r++) {
      count = 0;
      for (let i = 0; i < n; i++)
        if (model[i] === m.model && loss[i] < m.maxLoss && team[i] !== m.team) count++;
    }
    postMessage({ op: 'filterLoopTime', count, compute_ms: (performance.now() - t0) / REPS });
  } else if (m.op === 'sort') {
    const keys = new Float64Array(n);
    const rows = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      keys[i] = loss[i];
      rows[i] = i;
    }
    if (m.desc) rows.sort((a, b) => keys[b] - keys[a]);
    else rows.sort((a, b) => keys[a] - keys[b]);
    postMessage({ op: 'sort', first: Array.from(rows.subarray(0, 50)), compute_ms: performance.now() - t0 });
  }
};
`;

/**
 * Starts the baseline worker in the page and hands it the columns (not timed); afterwards
 * window.__benchExplorer.filter(params) and .sort(desc) answer `{ms, compute_ms, …}`, `ms` timed
 * in the page from before postMessage until the answer's message event. It also adds a plain
 * text input (`bench-baseline-filter`, fixed in the page's bottom-right corner):
 * `.armKeystroke(params)` makes its next `input` event post the filter loop, as the app's
 * keystroke posts its request, and `.keystrokeAnswer` is that answer. The loop then runs while
 * the page handles a keystroke (the frame that draws the typed text), as the app's worker does.
 */
export function installExplorerBaseline(columns: {
  loss: Float64Array;
  model: Uint8Array;
  team: Uint8Array;
}): string {
  const data = JSON.stringify({
    loss: Array.from(columns.loss),
    model: Array.from(columns.model),
    team: Array.from(columns.team)
  });
  return `(${INSTALL_SOURCE})(${data})`;
}

const INSTALL_SOURCE = String.raw`async (columns) => {
  if (window.__benchExplorer) window.__benchExplorer.worker.terminate();
  const source = ${JSON.stringify(EXPLORER_BASELINE_SOURCE)};
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'bench-explorer-baseline' });
  let waiting = null;
  worker.onmessage = (e) => {
    const end = performance.now();
    const w = waiting;
    waiting = null;
    if (w) w({ ...e.data, end });
  };
  const ask = (message, transfer) =>
    new Promise((resolve) => {
      const start = performance.now();
      waiting = (r) => resolve({ ...r, ms: r.end - start });
      worker.postMessage(message, transfer || []);
    });
  const loss = Float64Array.from(columns.loss);
  const model = Uint8Array.from(columns.model);
  const team = Uint8Array.from(columns.team);
  await ask({ op: 'load', loss: loss.buffer, model: model.buffer, team: team.buffer }, [
    loss.buffer,
    model.buffer,
    team.buffer
  ]);
  const input = document.createElement('input');
  input.type = 'search';
  input.dataset.testid = 'bench-baseline-filter';
  input.setAttribute('aria-label', 'Baseline filter');
  input.style.cssText = 'position:fixed;right:8px;bottom:8px;width:180px;z-index:10000';
  document.body.append(input);
  let keyed = null;
  input.addEventListener('input', () => {
    if (!keyed) return;
    keyed.resolve(ask({ op: 'filter', ...keyed.params }));
    keyed = null;
  });
  window.__benchExplorer = {
    worker,
    filter: (params) => ask({ op: 'filter', ...params }),
    filterLoopTime: (params) => ask({ op: 'filterLoopTime', ...params }),
    sort: (desc) => ask({ op: 'sort', desc }),
    armKeystroke(params) {
      this.keystrokeAnswer = new Promise((resolve) => (keyed = { params, resolve }));
      return true;
    },
    keystrokeAnswer: null
  };
  return true;
}`;

/** What an armed wait resolves to: page times of the event, the answer and the probe's log. */
export interface ArmedWait {
  /** When the `input` or `click` event was dispatched (null if none came). */
  start: number | null;
  /** When the DOM showed the expected answer (MutationObserver callback). */
  end: number;
  /** The app worker's messages logged since the wait was armed. */
  log: { dir: 'in' | 'out' | 'worker'; id: string; method?: string; t: number; posting?: number }[];
}

function arm(event: 'input' | 'click', filter: string[], check: string, timeoutMs: number) {
  return String.raw`(() => {
    const log = window.__benchWorkerLog || [];
    const from = log.length;
    let start = null;
    const onEvent = () => {
      if (start === null) start = performance.now();
    };
    document.addEventListener('${event}', onEvent, { capture: true });
    window.__benchWait = new Promise((resolve, reject) => {
      const finish = (error) => {
        observer.disconnect();
        clearTimeout(timer);
        document.removeEventListener('${event}', onEvent, { capture: true });
        if (error) reject(error);
      };
      const matches = () => {
        ${check}
      };
      const observer = new MutationObserver(() => {
        if (!matches()) return;
        const end = performance.now();
        finish(null);
        resolve({ start, end, log: log.slice(from) });
      });
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ${JSON.stringify(filter)}
      });
      const timer = setTimeout(
        () => finish(new Error('the explorer did not show the expected answer within ${timeoutMs} ms')),
        ${timeoutMs}
      );
    });
    return true;
  })()`;
}

/** Arms a wait for the count to read `expected` after the next `input` event. */
export function armCount(expected: number, timeoutMs: number): string {
  return arm(
    'input',
    ['data-count'],
    `const el = document.querySelector('[data-testid=run-count]');
        return !!el && el.getAttribute('data-count') === '${expected}';`,
    timeoutMs
  );
}

/** Arms a wait for the first row of the table to be run `runId` after the next `click`. */
export function armFirstRow(runId: string, timeoutMs: number): string {
  return arm(
    'click',
    ['data-run-id', 'data-testid'],
    `const el = document.querySelector('[data-testid=run-row]');
        return !!el && el.getAttribute('data-run-id') === ${JSON.stringify(runId)};`,
    timeoutMs
  );
}

export const ARMED_WAIT = 'window.__benchWait';
