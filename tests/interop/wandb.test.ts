/**
 * Runlens against the real wandb in offline mode (docs/interop.md, docs/wandb.md).
 * scripts/interop.js has written randomised offline runs with `wandb.init`/`wandb.log`, and
 * read_wandb.py has parsed every record of their `.wandb` logs with wandb's own protobuf classes;
 * here the rules of docs/wandb.md turn that view into what Runlens should show, and `runlens
 * summary --json` of the same logdir is compared run by run, metric by metric, param by param.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { differencesReport, readInteropManifest, runlensSummary, type WriterEntry } from './suite';
import {
  compareSummary,
  describeCompared,
  type ExpectedImport,
  type ExpectedMetric,
  type ExpectedRun,
  type JsonNumber
} from './compare-summary';
import type { SummaryDocument } from '../../src/lib/cli/summary';

type Value = JsonNumber | null;

interface WandbRunView {
  dir: string;
  id: string;
  name: string;
  project: string;
  group: string;
  job_type: string;
  tags: string[];
  notes: string;
  start_time: number;
  config: Record<string, string>;
  rows: Record<string, Value>[];
  metrics: { name: string; glob: string; step_metric: string }[];
  summary: Record<string, Value>;
  stats: { time: number; items: Record<string, Value> }[];
  exit: { code: number; runtime: number } | null;
  files: string[];
  others: string[];
  cut_off: { file: string; byte: number; records: number } | null;
}

interface WandbView {
  runs: WandbRunView[];
  others: string[];
}

/** W&B's own keys in a row or summary: not metrics (docs/wandb.md). */
const INTERNAL = new Set(['_runtime', '_step', '_timestamp', '_wandb']);
const isInternal = (key: string) => INTERNAL.has(key.split('/')[0]!);

/** The step metric define_metric gave `key`, by name or by glob (`val/*`). */
function stepMetricOf(run: WandbRunView, key: string): string | null {
  for (const m of run.metrics) {
    if (!m.step_metric) continue;
    if (m.name === key) return m.step_metric;
    if (m.glob) {
      const pattern = m.glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
      if (new RegExp(`^${pattern}$`).test(key)) return m.step_metric;
    }
  }
  return null;
}

/** The latest time the log shows: where a run without an exit runtime ends (docs/wandb.md). */
function endOf(run: WandbRunView): number | null {
  if (run.exit && run.exit.runtime > 0) return run.start_time + run.exit.runtime * 1000;
  let end = -Infinity;
  const see = (t: unknown) => {
    if (typeof t === 'number' && Number.isFinite(t) && t > end) end = t;
  };
  for (const row of run.rows) {
    if (typeof row._timestamp === 'number') see(row._timestamp * 1000);
  }
  if (run.stats.length > 0) see(run.stats[run.stats.length - 1]!.time);
  const ts = run.summary._timestamp;
  if (typeof ts === 'number') see(ts * 1000);
  const runtime = run.summary['_wandb/runtime'] ?? run.summary._runtime;
  if (typeof runtime === 'number') see(run.start_time + runtime * 1000);
  if (run.exit) see(run.start_time);
  return Number.isFinite(end) ? Math.round(end) : null;
}

function expectRun(run: WandbRunView): ExpectedRun {
  const metrics = new Map<string, ExpectedMetric>();
  const add = (key: string, step: number, time: number, value: JsonNumber, from: string) => {
    let m = metrics.get(key);
    if (!m) metrics.set(key, (m = { points: [], from: [from] }));
    m.points.push([step, time, value]);
  };
  const latest = new Map<string, Value>();
  const log = `${run.dir}/run-${run.id}.wandb`;
  for (const row of run.rows) {
    for (const [key, value] of Object.entries(row)) if (value !== null) latest.set(key, value);
    const step = row._step as number;
    const time = ((row._timestamp as number) ?? NaN) * 1000;
    for (const [key, value] of Object.entries(row)) {
      if (value === null || isInternal(key)) continue;
      const by = stepMetricOf(run, key);
      if (by === null) {
        add(key, step, time, value, log);
        continue;
      }
      // Plotted at the step metric's latest value; left out before it has one.
      const at = latest.get(by);
      if (typeof at === 'number') add(key, at, time, value, log);
    }
  }
  const summaryStep = typeof run.summary._step === 'number' ? run.summary._step : 0;
  for (const [key, value] of Object.entries(run.summary)) {
    if (value === null || isInternal(key) || metrics.has(key)) continue;
    // A key whose every history point was left out still has history: no summary point.
    if (run.rows.some((row) => key in row)) continue;
    add(key, summaryStep, NaN, value, `${log} (summary)`);
  }
  run.stats.forEach((sample, i) => {
    for (const [key, value] of Object.entries(sample.items)) {
      if (value !== null) add(`system/${key}`, i, sample.time, value, `${log} (stats)`);
    }
  });
  return {
    id: run.id,
    sources: [run.dir],
    metrics,
    params: new Map(Object.entries(run.config)),
    status: run.exit === null ? 'KILLED' : run.exit.code === 0 ? 'FINISHED' : 'FAILED',
    note: run.notes || null,
    artifacts: run.files.length,
    startTime: run.start_time,
    endTime: endOf(run)
  };
}

/** The run facts compareSummary does not look at: name, project, group, job type, tags, state. */
function compareFacts(view: WandbView, doc: SummaryDocument): string[] {
  const out: string[] = [];
  const byId = new Map(doc.runs.map((r) => [r.id, r]));
  for (const run of view.runs) {
    const r = byId.get(run.id);
    if (!r) continue;
    const want: Record<string, string | undefined> = {
      name: run.name || run.id,
      experiment: run.project,
      'wandb.group': run.group || undefined,
      'wandb.job_type': run.job_type || undefined,
      'wandb.tags': run.tags.length > 0 ? run.tags.join(', ') : undefined,
      'wandb.state': run.exit === null ? 'crashed' : run.exit.code === 0 ? 'finished' : 'failed',
      'wandb.exit_code': run.exit === null ? undefined : String(run.exit.code)
    };
    const got: Record<string, string | undefined> = {
      ...Object.fromEntries(Object.keys(want).map((k) => [k, r.tags[k]])),
      name: r.name ?? undefined,
      experiment: r.experiment.name
    };
    for (const [field, value] of Object.entries(want)) {
      if (got[field] !== value) {
        out.push(
          `${run.id} › ${field}: expected ${JSON.stringify(value)}, Runlens ${JSON.stringify(got[field])}`
        );
      }
    }
  }
  return out;
}

/** `git diff HEAD --numstat -z` rows the writer saved per run: added, removed, path, previous. */
type NumstatRow = [string, string, string, string | null];

/**
 * The runs made in the writer's git repository: the files Runlens read from each one's
 * `diff.patch` against what git said of the same working tree, file by file.
 */
function compareChangedFiles(logdir: string, doc: SummaryDocument): string[] {
  const path = join(dirname(logdir), 'git-numstat.json');
  if (!existsSync(path)) return ['git-numstat.json: the writer saved no git numstat'];
  const numstat = JSON.parse(readFileSync(path, 'utf8')) as Record<string, NumstatRow[]>;
  const out: string[] = [];
  const byId = new Map(doc.runs.map((r) => [r.id, r]));
  for (const [id, rows] of Object.entries(numstat)) {
    const patch = byId.get(id)?.provenance?.code?.patches?.find((p) => p.base === null);
    const got = (patch?.files ?? []).map((f) => [
      f.added === null ? '-' : String(f.added),
      f.removed === null ? '-' : String(f.removed),
      f.path,
      f.previous
    ]);
    const show = (r: (string | null)[]) =>
      `${r[2]}${r[3] ? ` (from ${r[3]})` : ''} +${r[0]} -${r[1]}`;
    const want = rows.map(show);
    const have = got.map(show);
    for (const w of want.filter((x) => !have.includes(x)))
      out.push(`${id} › changed file ${w}: git says so, Runlens does not`);
    for (const h of have.filter((x) => !want.includes(x)))
      out.push(`${id} › changed file ${h}: Runlens says so, git does not`);
  }
  return out;
}

/**
 * What Runlens must skip: W&B's debug logs, in the runs folder and in each run's logs/, by the file
 * they are (wandb/debug.log links to the last run's logs/debug.log, and the CLI reads a linked
 * file once; logs/debug-core.log links out of the logdir, into wandb's cache, and is not read).
 */
function expectedSkipped(view: WandbView, logdir: string): string[] {
  const top = realpathSync(logdir);
  const paths = [
    ...view.others.map((f) => join(logdir, 'wandb', f)),
    ...view.runs.flatMap((r) =>
      r.others.filter((f) => f.startsWith('logs/debug')).map((f) => join(logdir, 'wandb', r.dir, f))
    )
  ];
  const real = paths.map((p) => realpathSync(p)).filter((p) => p.startsWith(`${top}/`));
  return [...new Set(real)].map((p) => `${p}: W&B debug log: not run data`).sort();
}

/** What the written runs hold, so a plan that stopped writing, say, NaN fails. */
function featuresOf(view: WandbView): Set<string> {
  const seen = new Set<string>();
  for (const run of view.runs) {
    if (run.exit === null) seen.add('crashed');
    else seen.add(run.exit.code === 0 ? 'exit:0' : 'exit:non-zero');
    if (run.stats.length > 0) seen.add('system');
    if (run.metrics.some((m) => m.step_metric && m.glob)) seen.add('glob-step-metric');
    if (run.metrics.some((m) => m.step_metric && m.name)) seen.add('step-metric');
    if (run.tags.length > 0) seen.add('tags');
    if (run.files.includes('diff.patch')) seen.add('git-patch');
    if (run.notes) seen.add('notes');
    if (run.group) seen.add('group');
    if (run.job_type) seen.add('job-type');
    if (run.name) seen.add('display-name');
    else seen.add('no-display-name');
    if (Object.keys(run.config).some((k) => k.includes('.'))) seen.add('nested-config');
    if (Object.values(run.config).some((v) => v.startsWith('['))) seen.add('list-config');
    const steps = run.rows.map((r) => r._step as number);
    if (steps.some((s, i) => i > 0 && s > steps[i - 1]! + 1)) seen.add('step-gap');
    for (const row of run.rows) {
      for (const [key, v] of Object.entries(row)) {
        if (isInternal(key)) continue;
        if (key.split('/').length > 2) seen.add('deep-key');
        else if (key.includes('/')) seen.add('nested-key');
        if (v === 'NaN') seen.add('nan');
        if (v === 'Infinity') seen.add('inf');
        if (v === '-Infinity') seen.add('-inf');
      }
    }
    const history = new Set(run.rows.flatMap((r) => Object.keys(r)));
    for (const [key, value] of Object.entries(run.summary)) {
      if (isInternal(key)) continue;
      if (!history.has(key)) seen.add('summary-only');
      const last = run.rows.findLast((r) => r[key] !== undefined && r[key] !== null)?.[key];
      if (last !== undefined && last !== value) seen.add('summary-override');
    }
  }
  return seen;
}

const manifest = readInteropManifest<WriterEntry>();

for (const writer of manifest.writers.filter((w) => w.format === 'wandb')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as WandbView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      expect(view.runs.length, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      const seen = featuresOf(view);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what wandb wrote, field by field', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const expected: ExpectedImport = {
        runs: new Map(view.runs.map((r) => [r.id, expectRun(r)])),
        truncated: [],
        readerProblems: []
      };
      const wantSkipped = expectedSkipped(view, writer.logdir);
      const gotSkipped = doc.skipped
        .map((s) => `${realpathSync(join(dirname(writer.logdir), s.file))}: ${s.reason}`)
        .sort();
      // A log that ends inside a record is read up to its last whole record, with a warning.
      const cutOffWarnings = doc.warnings.filter((w) => w.message.includes('cut-off record'));
      const cutOff = view.runs.flatMap((r) => {
        if (!r.cut_off) {
          const file = `${name}/wandb/${r.dir}/run-${r.id}.wandb`;
          const w = cutOffWarnings.find((x) => x.file === file);
          return w ? [`${file}: ends on a whole record, Runlens warned "${w.message}"`] : [];
        }
        const file = `${name}/wandb/${r.dir}/${r.cut_off.file}`;
        const w = doc.warnings.find((x) => x.file === file && x.message.includes('cut-off'));
        const at = `at byte ${r.cut_off.byte.toLocaleString('en-US')} `;
        const records = `the ${r.cut_off.records.toLocaleString('en-US')} records before it`;
        if (w?.message.includes(at) && w.message.includes(records)) return [];
        return [`${file}: expected a warning "${at}… ${records}", Runlens ${w?.message ?? 'none'}`];
      });
      const noExit = view.runs.flatMap((r) => {
        // A cut-off log says so in its own warning (above) instead.
        if (r.exit !== null || r.cut_off) return [];
        const file = `${name}/wandb/${r.dir}/run-${r.id}.wandb`;
        const warned = doc.warnings.some((x) => x.file === file && x.message.includes('no exit'));
        return warned ? [] : [`${file}: no warning that the log has no exit record`];
      });
      const differences = [
        // Cut-off warnings are checked above: W&B's byte offsets are printed with separators.
        ...compareSummary(
          expected,
          {
            ...doc,
            skipped: [],
            warnings: doc.warnings.filter((w) => !cutOffWarnings.includes(w))
          },
          name
        ),
        ...compareFacts(view, doc),
        ...compareChangedFiles(writer.logdir, doc),
        ...cutOff,
        ...noExit,
        ...wantSkipped.filter((s) => !gotSkipped.includes(s)).map((s) => `not skipped: ${s}`),
        ...gotSkipped.filter((s) => !wantSkipped.includes(s)).map((s) => `skipped: ${s}`)
      ];
      const cut = view.runs.filter((r) => r.cut_off).length;
      console.log(
        `${writer.name}: ${describeCompared(expected)}; ${cut} cut-off logs checked here`
      );
      if (differences.length > 0) {
        expect.fail(differencesReport(`${writer.name}: wandb and Runlens`, manifest, differences));
      }
    });
  });
}
