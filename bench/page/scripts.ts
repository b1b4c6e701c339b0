/**
 * Page-side snippets, as plain JavaScript text (functions compiled by tsx can carry helpers such
 * as `__name` that do not exist in the page). Each is evaluated with page.evaluate(string).
 */
import { BASELINE_DB, BASELINE_WORKER_SOURCE } from './baseline-worker';

/** Init script: records long tasks (> 50 ms) and long animation frames with their scripts. */
export const OBSERVERS_INIT = String.raw`(() => {
  const longTasks = [];
  const frames = [];
  window.__benchLongTasks = longTasks;
  window.__benchFrames = frames;
  // When files arrive on an input: the browser builds the FileList in the task that fires this.
  const changes = [];
  window.__benchChanges = changes;
  addEventListener('change', (e) => {
    if (e.target && e.target.type === 'file') changes.push(performance.now());
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        frames.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          scripts: (e.scripts || []).map((s) => ({
            invoker: s.invoker,
            source: s.sourceURL,
            fn: s.sourceFunctionName,
            duration: s.duration
          }))
        });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) {}
})();`;

/**
 * Adds hidden inputs (folder pickers for mlruns/, a TensorBoard logdir and a W&B folder; file
 * pickers for a JSON file and a SQLite store) whose files go to the baseline worker,
 * and window.__bench.next(): a promise for the worker's next answer.
 */
export const INSTALL_BASELINE = String.raw`(() => {
  if (window.__bench) return true;
  const source = ${JSON.stringify(BASELINE_WORKER_SOURCE)};
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: ${JSON.stringify(BASELINE_DB)} });
  let waiting = null;
  worker.onmessage = (e) => {
    const w = waiting;
    waiting = null;
    if (w) w({ ...e.data, end: performance.now() });
  };
  const add = (id, folder, kind) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.multiple = true;
    if (folder) input.webkitdirectory = true;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = [...input.files].map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
      // Extra inputs a kind needs (the SQLite engine's glue and .wasm URL), set by its scenario.
      worker.postMessage({ kind, files, extra: (window.__benchExtra || {})[kind] || null });
    });
    document.body.appendChild(input);
  };
  add('bench-baseline-folder', true, 'mlruns');
  add('bench-baseline-file', false, 'export-json');
  add('bench-baseline-tfevents', true, 'tfevents');
  add('bench-baseline-sqlite', false, 'mlflow-sqlite');
  add('bench-baseline-wandb', true, 'wandb');
  window.__bench = {
    next: () => new Promise((resolve) => {
      const start = performance.now();
      waiting = (r) => resolve({ ...r, start });
    })
  };
  return true;
})()`;

/** Resolves when the baseline worker answers (set up before the files are set). */
export const WAIT_BASELINE = 'window.__bench.next()';

/**
 * Resolves when the app's import status reaches a terminal state after having been "running":
 * `{state, start, writing, end, errors}`, times from performance.now() in the page; `writing` is
 * when the status first said the rows were being saved.
 */
export function waitAppImport(timeoutMs: number): string {
  return String.raw`new Promise((resolve, reject) => {
    const start = performance.now();
    let running = false;
    let writing = null;
    const check = () => {
      const el = document.querySelector('[data-testid=import-status]');
      const state = el ? el.getAttribute('data-state') : null;
      if (state === 'running') {
        running = true;
        if (writing === null && /Saving|Writing/.test(el.textContent || '')) writing = performance.now();
      }
      if (running && (state === 'done' || state === 'error' || state === 'cancelled')) {
        observer.disconnect();
        clearTimeout(timer);
        const errors = [...document.querySelectorAll('[data-testid=import-error]')].map((e) =>
          (e.textContent || '').replace(/\s+/g, ' ').trim()
        );
        resolve({ state, start, writing, end: performance.now(), errors });
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('the import did not finish within ${timeoutMs} ms'));
    }, ${timeoutMs});
  })`;
}

/** Resolves when the run list shows `count` runs. */
export function waitRunCount(count: number): string {
  return `document.querySelector('[data-testid=run-count]')?.getAttribute('data-count') === '${count}'`;
}

export const STORAGE_USAGE = 'navigator.storage.estimate().then((e) => e.usage || 0)';

/** Long tasks, long frames and file inputs' change events in [from, to] (page time). */
export function longTasksBetween(from: number, to: number): string {
  return `({
    tasks: window.__benchLongTasks.filter((t) => t.start >= ${from} && t.start <= ${to}),
    frames: window.__benchFrames.filter((f) => f.start + f.duration >= ${from} && f.start <= ${to}),
    changes: window.__benchChanges.filter((c) => c >= ${from} && c <= ${to})
  })`;
}
