/**
 * The baselines of scenarios 15 and 16 as page-side JavaScript text: bare `fetch` calls to a
 * real MLflow server, the requests MLflow's own UI would need for the same view, in the app's
 * page (same origin, same CORS answer from the server). Each resolves to its timings (page
 * times, ms) and what it got, for the scenario to check.
 */

/** Endpoints, as MLflow's REST API names them. */
const SEARCH = '/api/2.0/mlflow/runs/search';
const BULK = '/api/2.0/mlflow/metrics/get-history-bulk-interval';

/**
 * Scenario 15's baseline: the experiment's runs (one runs/search page of `runs`, to learn their
 * ids, as any viewer must), then the sampled overview of `metric` for them
 * (get-history-bulk-interval, `points` a run, one call per 100 runs: what MLflow's UI asks for
 * its charts), the x values joined (a sorted union of steps, each run's values at them, null
 * where it has none), and one uPlot chart of one series per run, `width` × `height`, in a fixed
 * box over the page. Resolves at uPlot's draw hook. Needs `window.uPlot`.
 */
export function serverChartBaseline(args: {
  server: string;
  experimentId: string;
  runs: number;
  metric: string;
  points: number;
  width: number;
  height: number;
}): string {
  return String.raw`(async () => {
  const a = ${JSON.stringify(args)};
  const t0 = performance.now();
  const post = await fetch(a.server + '${SEARCH}', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ experiment_ids: [a.experimentId], max_results: a.runs })
  });
  if (!post.ok) throw new Error('runs/search: ' + post.status);
  const ids = ((await post.json()).runs || []).map((r) => r.info.run_id);
  const listed = performance.now();
  const byRun = new Map();
  await Promise.all(
    Array.from({ length: Math.ceil(ids.length / 100) }, async (_, k) => {
      const q = new URLSearchParams();
      for (const id of ids.slice(k * 100, k * 100 + 100)) q.append('run_ids', id);
      q.set('metric_key', a.metric);
      q.set('max_results', String(a.points));
      const r = await fetch(a.server + '${BULK}?' + q);
      if (!r.ok) throw new Error('get-history-bulk-interval: ' + r.status);
      for (const m of (await r.json()).metrics || []) {
        let s = byRun.get(m.run_id);
        if (!s) byRun.set(m.run_id, (s = { steps: [], values: [] }));
        s.steps.push(m.step);
        s.values.push(typeof m.value === 'number' ? m.value : Number(m.value));
      }
    })
  );
  const fetched = performance.now();
  const stepSet = new Set();
  for (const s of byRun.values()) for (const x of s.steps) stepSet.add(x);
  const xs = Float64Array.from(stepSet).sort();
  const at = new Map();
  xs.forEach((x, i) => at.set(x, i));
  const series = [...byRun.values()].map((s) => {
    const ys = new Array(xs.length).fill(null);
    for (let i = 0; i < s.steps.length; i++) ys[at.get(s.steps[i])] = s.values[i];
    return ys;
  });
  const box = document.createElement('div');
  box.style.cssText = 'position:fixed;left:0;top:0;z-index:9999;background:#fff';
  document.body.append(box);
  const drawn = await new Promise((done) => {
    new uPlot(
      {
        width: a.width,
        height: a.height,
        scales: { x: { time: false } },
        series: [{}, ...series.map(() => ({ stroke: '#36c', width: 1 }))],
        hooks: { draw: [() => done(performance.now())] }
      },
      [Array.from(xs), ...series],
      box
    );
  });
  let points = 0;
  for (const s of byRun.values()) points += s.steps.length;
  box.remove();
  return {
    ms: drawn - t0,
    list_ms: listed - t0,
    fetch_ms: fetched - listed,
    draw_ms: drawn - fetched,
    runs: byRun.size,
    points
  };
})()`;
}

/**
 * Scenario 16's baseline: every run of the experiment through runs/search, `pageSize` a page,
 * one page after the other (each needs the previous page's token), each answer parsed. Resolves
 * when the last page is parsed.
 */
export function serverListingBaseline(args: {
  server: string;
  experimentId: string;
  pageSize: number;
}): string {
  return String.raw`(async () => {
  const a = ${JSON.stringify(args)};
  const t0 = performance.now();
  let token = null;
  let runs = 0;
  let pages = 0;
  let bytes = 0;
  do {
    const body = { experiment_ids: [a.experimentId], max_results: a.pageSize };
    if (token) body.page_token = token;
    const r = await fetch(a.server + '${SEARCH}', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    });
    if (!r.ok) throw new Error('runs/search: ' + r.status);
    const text = await r.text();
    bytes += text.length;
    const doc = JSON.parse(text);
    runs += (doc.runs || []).length;
    pages++;
    token = doc.next_page_token || null;
  } while (token);
  return { ms: performance.now() - t0, runs, pages, bytes };
})()`;
}
