/**
 * Runlens against MLflow's own client (docs/mlflow-sqlite.md). scripts/interop.js has written
 * random `mlflow.db` stores with mlflow-skinny over `sqlite:///` URIs and stored what MLflow's
 * client reads back (read_mlflow_sqlite.py); here `runlens summary --json` reads the same folder
 * and every run is compared field by field: metrics point by point through their figures, params,
 * status, times, then experiment, name, deletion, parent and every tag, the `runlens.*` links
 * included, and MLflow's own latest value of each metric against Runlens's last.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInteropManifest, runlensSummary } from './suite';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { compareSummary, describeCompared, sameNumber } from './compare-summary';
import {
  datasetEntry,
  expectFromMlflow,
  expectedStoreWarning,
  mlflowFeatures,
  restoreInfinity,
  type ExpectedMlflow,
  type MlflowView
} from './mlflow-sqlite-view';

interface WriterEntry {
  name: string;
  format: string;
  logdir: string;
  view: string;
  covers: string[];
}

const manifest = readInteropManifest<WriterEntry>();
const NO_RUNS = 'MLflow SQLite store file: no runs';

function report(lines: string[]): string {
  const shown = lines.slice(0, 80).map((l) => `  ${l}`);
  if (lines.length > 80) shown.push(`  … and ${lines.length - 80} more`);
  return [
    `mlflow-sqlite: ${lines.length} difference(s) between MLflow and Runlens`,
    `seed ${manifest.seed}; replay with: ${manifest.replay}`,
    ...shown
  ].join('\n');
}

const show = (x: unknown) => JSON.stringify(x);

/** Dataset inputs come in an order MLflow's API does not give: compared as sorted lists. */
const sorted = (list: string[]) => show([...list].sort());

/** Experiment, name, deletion, parent and tags of each run: what compareSummary does not see. */
function compareRuns(e: ExpectedMlflow, doc: SummaryDocument): string[] {
  const out: string[] = [];
  for (const run of doc.runs) {
    const want = e.extras.get(run.id);
    if (!want) continue; // compareSummary names it
    const line = (field: string, expected: unknown, actual: unknown) =>
      out.push(`${run.id} › ${field}: expected ${show(expected)}, Runlens ${show(actual)}`);
    if (run.experiment.id !== want.experimentId)
      line('experiment id', want.experimentId, run.experiment.id);
    if (run.experiment.name !== want.experimentName)
      line('experiment name', want.experimentName, run.experiment.name);
    if (run.name !== want.name) line('name', want.name, run.name);
    if (run.deleted !== want.deleted) line('deleted', want.deleted, run.deleted);
    if (run.parentId !== want.parentId) line('parentId', want.parentId, run.parentId);
    if (run.source !== 'mlflow-sqlite') line('source', 'mlflow-sqlite', run.source);
    const keys = new Set([...want.tags.keys(), ...Object.keys(run.tags)]);
    for (const k of [...keys].sort()) {
      if (want.tags.get(k) !== run.tags[k]) line(`tag ${show(k)}`, want.tags.get(k), run.tags[k]);
    }
    const inputs = run.inputs.map(datasetEntry);
    if (sorted(inputs) !== sorted(want.inputs)) line('inputs', want.inputs, inputs);
    const models = run.models.map((m) => `${m.name} ${m.id}`);
    if (show(models) !== show(want.models)) line('models', want.models, models);
  }
  return out;
}

/**
 * MLflow's own "latest" value of each metric (run.data.metrics, what its UI shows) against
 * Runlens's last. At one step and time MLflow's SQL store ranks NaN as the 0 it stores for it,
 * Runlens as the smallest value (docs/mlflow-sqlite.md): where MLflow's latest is a NaN that tied
 * with other values at the last step and time, they may differ, and only there.
 */
function compareLatest(view: MlflowView, doc: SummaryDocument): string[] {
  const out: string[] = [];
  const byId = new Map(doc.runs.map((r) => [r.id, r]));
  for (const store of view.stores) {
    for (const run of store.runs) {
      const r = byId.get(run.id);
      if (!r) continue;
      for (const [key, value] of Object.entries(run.latest)) {
        const got = r.metrics[key];
        const latest = restoreInfinity(value);
        if (!got || sameNumber(latest, got.last)) continue;
        // The records at the largest (step, timestamp): a NaN chosen among several is the tie.
        const points = run.metrics[key]!;
        const lastStep = Math.max(...points.map((p) => p[0]));
        const atStep = points.filter((p) => p[0] === lastStep);
        const lastTime = Math.max(...atStep.map((p) => p[1]));
        const tied = atStep.filter((p) => p[1] === lastTime);
        if (latest === 'NaN' && tied.length > 1) continue;
        out.push(
          `${run.id} › metric ${show(key)} › MLflow's latest value ${show(latest)}, Runlens last ${show(got.last)}`
        );
      }
    }
  }
  return out;
}

/** Experiments, skipped files and the report's lines per store. */
function compareStores(
  view: MlflowView,
  e: ExpectedMlflow,
  doc: SummaryDocument,
  logdirName: string
): string[] {
  const out: string[] = [];
  const experiments = doc.experiments
    .filter((x) => x.source === 'mlflow-sqlite')
    .map(({ id, name, deleted, runs }) => ({ id, name, deleted, runs }));
  const sort = (list: typeof experiments) =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => show(x));
  const want = sort(e.experiments);
  const got = sort(experiments);
  for (const x of want.filter((w) => !got.includes(w)))
    out.push(`experiment ${x}: missing in Runlens`);
  for (const x of got.filter((g) => !want.includes(g))) out.push(`experiment ${x}: not in MLflow`);
  // A store without runs is skipped by name; files MLflow wrote beside a store (trace
  // artifacts under mlruns/) are not run data: skipped with a reason, never an error.
  const others = new Set(view.others.map((f) => `${logdirName}/${f}`));
  const skipped = new Map(doc.skipped.map((s) => [s.file, s.reason]));
  for (const file of e.empty) {
    if (skipped.get(file) !== NO_RUNS)
      out.push(
        `${file}: expected skipped "${NO_RUNS}", Runlens ${show(skipped.get(file) ?? null)}`
      );
  }
  for (const file of others) if (!skipped.has(file)) out.push(`${file}: not skipped by Runlens`);
  for (const file of skipped.keys()) {
    if (!others.has(file) && !e.empty.includes(file))
      out.push(`skipped: ${file}: ${skipped.get(file)}`);
  }
  for (const store of view.stores) {
    const file = `${logdirName}/${store.file}`;
    const warned = doc.warnings.filter((w) => w.file === file).map((w) => w.message);
    // One line per store, the empty one included: which generation and revision was read.
    const expected = [expectedStoreWarning(store)];
    if (show(warned) !== show(expected))
      out.push(`${file}: expected warnings ${show(expected)}, Runlens ${show(warned)}`);
  }
  for (const w of doc.warnings) {
    if (!view.stores.some((s) => w.file === `${logdirName}/${s.file}`))
      out.push(`warning: ${w.file}: ${w.message}`);
  }
  return out;
}

for (const writer of manifest.writers.filter((w) => w.format === 'mlflow-sqlite')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as MlflowView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      const { runs, seen } = mlflowFeatures(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it("runlens summary shows what MLflow's client reads, field by field", async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const expected = expectFromMlflow(view, name);
      // Skipped files and report lines are checked per store below, not as differences.
      const runsOnly = { ...doc, skipped: [], warnings: [] };
      const differences = [
        ...compareSummary(expected.expected, runsOnly, name),
        ...compareRuns(expected, doc),
        ...compareLatest(view, doc),
        ...compareStores(view, expected, doc, name)
      ];
      console.log(`mlflow-sqlite: ${describeCompared(expected.expected)}`);
      if (differences.length > 0) expect.fail(report(differences));
    });
  });
}
