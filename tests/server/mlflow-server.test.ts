/**
 * The engine against a real MLflow tracking server (harness.ts), checked against what MLflow's own
 * Python client reads from the same server (read_server.py): experiments, paging, pushed-down and
 * locally finished filters, full and sampled histories, artifacts, and `runlens pull`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import {
  allRuns,
  MlflowServerClient,
  finishLocally,
  pullRuns,
  restoreInfinity,
  splitQuery,
  type FetchLike
} from '../../src/lib/mlflow-server';
import { loadRegexEngine, parseQuery } from '../../src/lib/query';
import { SEED, python, startMlflowServer, type MlflowTestServer } from './harness';

type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';
interface PyRun {
  id: string;
  experiment_id: string;
  name: string;
  status: string;
  lifecycle_stage: string;
  start_time: number;
  end_time: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, [number, number, JsonNumber][]>;
  artifacts: string[];
}
interface PyView {
  experiments: { id: string; name: string; lifecycle_stage: string }[];
  runs: PyRun[];
}

const num = (v: JsonNumber): number =>
  v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
const LONG = 'train/loss';

let server: MlflowTestServer;
let view: PyView;
let client: MlflowServerClient;
/** Requests the client sent, by path: paging shows in the counts. */
const requests: string[] = [];
const countingFetch: FetchLike = (input, init) => {
  requests.push(new URL(input).pathname);
  return fetch(input, init);
};

beforeAll(async () => {
  server = await startMlflowServer();
  await python('populate.py', [server.url, String(SEED)], server.clientEnv);
  view = JSON.parse(await python('read_server.py', [server.url, 'runs'], server.clientEnv));
  client = new MlflowServerClient({ url: server.url, fetch: countingFetch });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

const activeRuns = () => view.runs.filter((r) => r.lifecycle_stage === 'active');
const sorted = (ids: Iterable<string>) => [...ids].sort();

describe(`MLflow tracking server (seed ${SEED}; RUNLENS_SERVER_SEED replays it)`, () => {
  it('probes the version and lists the experiments', async () => {
    expect(await client.probe()).toEqual({ version: '3.17.2' });
    const experiments = await client.allExperiments();
    expect(experiments.map((e) => [e.id, e.name]).sort()).toEqual(
      view.experiments.map((e) => [e.id, e.name]).sort()
    );
    expect(experiments.find((e) => e.name === 'runlens-server')?.tags.get('team')).toBe('vision');
  });

  it('pages through runs/search with a small max_results', async () => {
    const ids = view.experiments.map((e) => e.id);
    requests.length = 0;
    const runs = await allRuns(client, { experimentIds: ids, maxResults: 4 });
    const pages = requests.filter((p) => p.endsWith('/runs/search')).length;
    expect(pages).toBe(Math.ceil(activeRuns().length / 4) + (activeRuns().length % 4 ? 0 : 1));
    expect(sorted(runs.map((r) => r.id))).toEqual(sorted(activeRuns().map((r) => r.id)));
    const all = await allRuns(client, { experimentIds: ids, runViewType: 'ALL', maxResults: 7 });
    expect(all.filter((r) => r.deleted).map((r) => r.name)).toEqual(['thrown-away']);
    const parent = runs.find((r) => r.name === 'sweep')!;
    expect(runs.filter((r) => r.parentId === parent.id)).toHaveLength(12);
    expect(parent.source.format).toBe('mlflow-server');
    expect(parent.source.file).toBe(`${server.url}/#/experiments/1/runs/${parent.id}`);
  });

  it('gives the runs MLflow’s own search_runs gives, pushed down or finished locally', async () => {
    // Each Runlens query, and the MLflow filters whose results (∪, −) must equal it.
    const cases: {
      query: string;
      union: string[];
      minus?: string[];
      local: boolean;
      pushed?: false;
    }[] = [
      {
        query: "params.optimizer = 'adam' AND metrics.loss < 0.2",
        union: ["params.optimizer = 'adam' AND metrics.loss < 0.2"],
        local: true // a metric comparison is also checked locally (see filter-split.ts)
      },
      {
        query: "attributes.status = 'FINISHED' AND tags.stage = 'final' AND start_time > 0",
        union: ["attributes.status = 'FINISHED' AND tags.stage = 'final'"],
        local: false
      },
      {
        query: "tags.stage = 'final' OR params.lr = '0.1'",
        union: ["tags.stage = 'final'", "params.lr = '0.1'"],
        local: true,
        pushed: false
      },
      {
        query: "attributes.status = 'FAILED' AND NOT params.optimizer = 'sgd'",
        union: ["attributes.status = 'FAILED'"],
        minus: ["attributes.status = 'FAILED' AND params.optimizer = 'sgd'"],
        local: true
      },
      {
        query: "run_name LIKE 'trial-%' AND params.optimizer ~ '^adam'",
        union: ["attributes.run_name LIKE 'trial-%' AND params.optimizer LIKE 'adam%'"],
        local: true
      },
      {
        query: "params.lr = '0.01' AND (params.model = 'linear' OR params.optimizer = 'sgd')",
        union: [
          "params.lr = '0.01' AND params.model = 'linear'",
          "params.lr = '0.01' AND params.optimizer = 'sgd'"
        ],
        local: true
      }
    ];
    const filters = cases.flatMap((c) => [...c.union, ...(c.minus ?? [])]);
    const mlflow: Record<string, string[]> = JSON.parse(
      await python('read_server.py', [server.url, 'search', ...filters], server.clientEnv)
    );
    const experiments = await client.allExperiments();
    const ids = experiments.map((e) => e.id);
    await loadRegexEngine();
    for (const c of cases) {
      const parsed = parseQuery(c.query);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const split = splitQuery(parsed.ast);
      expect(split.serverFilter !== '', c.query).toBe(c.pushed ?? true);
      expect(split.localText !== '', c.query).toBe(c.local);
      const fromServer = await allRuns(client, {
        experimentIds: ids,
        filter: split.serverFilter,
        maxResults: 5
      });
      const ours = sorted(finishLocally(fromServer, split.local, experiments).map((r) => r.id));
      const expected = new Set(c.union.flatMap((f) => mlflow[f]!));
      for (const f of c.minus ?? []) for (const id of mlflow[f]!) expected.delete(id);
      expect(ours, c.query).toEqual(sorted(expected));
      // Without any push-down, Runlens alone finds the same runs.
      const everything = await allRuns(client, { experimentIds: ids });
      expect(sorted(finishLocally(everything, parsed.ast, experiments).map((r) => r.id))).toEqual(
        ours
      );
    }
  });

  it('fetches the full 10,000-point history, NaN and ±Infinity included, page by page', async () => {
    const py = view.runs.find((r) => r.name === 'sweep')!;
    requests.length = 0;
    const { series, completeness } = await client.fullHistory(py.id, LONG, 3000);
    expect(completeness).toBe('full');
    expect(requests.filter((p) => p.endsWith('/get-history'))).toHaveLength(4);
    const points = py.metrics[LONG]!;
    expect(series.values.length).toBe(10_000);
    expect(points.length).toBe(10_000);
    // A SQL store keeps ±Infinity as ±DBL_MAX; MLflow's client reads that back, Runlens restores.
    const values = points.map((p) => restoreInfinity(num(p[2])));
    expect(Array.from(series.steps)).toEqual(points.map((p) => p[0]));
    expect(Array.from(series.timestamps)).toEqual(points.map((p) => p[1]));
    expect(Array.from(series.values)).toEqual(values);
    expect(series.values[1234]).toBeNaN();
    expect(series.values[5678]).toBe(Infinity);
    expect(series.values[7777]).toBe(-Infinity);
  });

  it('samples an overview with get-history-bulk-interval, every point a real one', async () => {
    const runs = activeRuns().filter((r) => r.metrics[LONG] || r.metrics.loss);
    const sampled = await client.sampledHistories(
      runs.map((r) => r.id),
      LONG,
      100
    );
    expect([...sampled.keys()]).toEqual([view.runs.find((r) => r.name === 'sweep')!.id]);
    const [runId, { series, completeness }] = [...sampled][0]!;
    expect(completeness).toBe('sampled');
    expect(series.values.length).toBeGreaterThan(50);
    expect(series.values.length).toBeLessThanOrEqual(102);
    const full = new Map(
      view.runs.find((r) => r.id === runId)!.metrics[LONG]!.map((p) => [p[0], p])
    );
    for (let i = 0; i < series.steps.length; i++) {
      const p = full.get(series.steps[i]!)!;
      expect(series.timestamps[i]).toBe(p[1]);
      expect(series.values[i]).toBe(restoreInfinity(num(p[2])));
    }
    expect(series.steps[0]).toBe(0);
    expect(series.steps[series.steps.length - 1]).toBe(9999);
  });

  it('sorts on the server and stops paging once a limit is met, a local clause finishing each page', async () => {
    const filter = 'status = "FINISHED" AND run_name ~ "^trial-0[0-4]$"';
    const main = view.experiments.find((e) => e.name === 'runlens-server')!;
    // MLflow's own answer: its FINISHED runs of the experiment, newest first; then the names.
    const expected = activeRuns()
      .filter((r) => r.experiment_id === main.id && r.status === 'FINISHED')
      .sort((a, b) => b.start_time - a.start_time)
      .filter((r) => /^trial-0[0-4]$/.test(r.name))
      .slice(0, 2)
      .map((r) => r.name);
    expect(expected.length).toBe(2);
    requests.length = 0;
    const pulled = await pullRuns(client, {
      experiments: ['runlens-server'],
      filter,
      orderBy: ['attributes.start_time DESC'],
      maxRuns: 2,
      pageSize: 2,
      artifacts: false
    });
    expect(pulled.split.serverFilter).toBe("attributes.status = 'FINISHED'");
    expect(pulled.batch.runs.map((r) => r.name)).toEqual(expected);
    // Pages of 2 newest-first until two names matched, not every FINISHED run of the server.
    const finished = activeRuns().filter(
      (r) => r.experiment_id === main.id && r.status === 'FINISHED'
    );
    const pages = requests.filter((p) => p.endsWith('/runs/search')).length;
    expect(pages).toBeLessThan(Math.ceil(finished.length / 2));
    // Ascending gives the oldest ones instead.
    const oldest = await pullRuns(client, {
      experiments: ['runlens-server'],
      filter,
      orderBy: ['attributes.start_time ASC'],
      maxRuns: 2,
      artifacts: false
    });
    expect(oldest.batch.runs.map((r) => r.name)).toEqual(
      finished
        .filter((r) => /^trial-0[0-4]$/.test(r.name))
        .sort((a, b) => a.start_time - b.start_time)
        .slice(0, 2)
        .map((r) => r.name)
    );
  });

  it('lists artifacts, folders walked', async () => {
    const py = view.runs.find((r) => r.name === 'sweep')!;
    const artifacts = await client.listArtifacts(py.id);
    expect(artifacts.map((a) => a.path)).toEqual(py.artifacts);
    expect(artifacts.map((a) => `${a.path} ${a.mediaType}`)).toEqual([
      'images/sample.png image/png',
      'report.html text/html',
      'tables/data.csv text/csv'
    ]);
    expect(artifacts.every((a) => a.size > 0 && a.content === null)).toBe(true);
  });

  it('runlens pull writes a bundle whose summary is the server’s content', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'runlens-pull-')), 'runs.runlens');
    const run = promisify(execFile);
    const pulled = await run(process.execPath, [
      'bin/runlens.js',
      'pull',
      server.url,
      '--deleted',
      '-o',
      out
    ]);
    expect(pulled.stdout).toMatch(/^Pulled 3 experiments, 18 runs, 10,[\d,]+ metric points/);
    expect(pulled.stderr).toContain('runs with full histories');
    const { stdout } = await run(process.execPath, ['bin/runlens.js', 'summary', '--json', out], {
      maxBuffer: 64 * 1024 * 1024
    });
    const doc = JSON.parse(stdout) as SummaryDocument;
    expect(doc.errors).toEqual([]);
    expect(doc.runs).toHaveLength(view.runs.length);
    const names = new Map(view.experiments.map((e) => [e.id, e.name]));
    for (const py of view.runs) {
      const ours = doc.runs.find((r) => r.id === py.id)!;
      expect(ours, py.name).toBeDefined();
      expect(ours.source).toBe('mlflow-server');
      expect(ours.file).toBe(`${server.url}/#/experiments/${py.experiment_id}/runs/${py.id}`);
      expect(ours.experiment).toEqual({ id: py.experiment_id, name: names.get(py.experiment_id) });
      expect(ours.name).toBe(py.name);
      expect(ours.status).toBe(py.status);
      expect(ours.deleted).toBe(py.lifecycle_stage === 'deleted');
      expect(ours.parentId).toBe(py.tags['mlflow.parentRunId'] ?? null);
      expect(ours.startTime).toBe(py.start_time);
      expect(ours.endTime).toBe(py.end_time);
      expect({ ...ours.params }).toEqual(py.params);
      expect({ ...ours.tags }).toEqual(py.tags);
      expect(ours.artifacts).toBe(py.artifacts.length);
      expect(Object.keys(ours.metrics).sort()).toEqual(Object.keys(py.metrics).sort());
      for (const [key, points] of Object.entries(py.metrics)) {
        const values = points.map((p) => restoreInfinity(num(p[2])));
        const finite = values.filter((v) => !Number.isNaN(v));
        const figures = ours.metrics[key]!;
        expect(figures.points, `${py.name} ${key}`).toBe(points.length);
        expect(num(figures.min)).toBe(Math.min(...finite));
        expect(num(figures.max)).toBe(Math.max(...finite));
        expect(num(figures.lastStep)).toBe(Math.max(...points.map((p) => p[0])));
      }
    }
  });
});
