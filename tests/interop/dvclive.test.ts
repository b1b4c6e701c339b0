/**
 * Runlens against the real dvclive (docs/interop.md, docs/dvc.md). scripts/interop.js has written
 * randomised dvclive folders with `dvclive.Live` and stored what dvclive's own readers see
 * (read_dvclive.py); here `runlens summary --json` reads the same logdir and every run, metric
 * and param is compared, as for TensorBoard.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInteropManifest, runlensSummary } from './suite';
import {
  compareSummary,
  describeCompared,
  type ExpectedImport,
  type ExpectedMetric,
  type ExpectedRun,
  type JsonNumber
} from './compare-summary';

interface DvcliveView {
  runs: {
    id: string;
    histories: Record<string, [number, number | null, JsonNumber][]>;
    summary: Record<string, JsonNumber>;
    step: number;
    params: Record<string, string>;
    others: string[];
  }[];
}

interface WriterEntry {
  name: string;
  format: string;
  logdir: string;
  view: string;
  covers: string[];
}

const SKIPPED: Record<string, string> = {
  'report.html': 'dvclive report: a rendering of the metrics that are read',
  'dvc.yaml': 'dvclive DVC config: lists files that are read on their own'
};

/** What Runlens should show for dvclive's view (the rules are in docs/dvc.md). */
function expectFromDvclive(view: DvcliveView): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const run of view.runs) {
    const metrics = new Map<string, ExpectedMetric>();
    let start = Infinity;
    let end = -Infinity;
    for (const [key, rows] of Object.entries(run.histories)) {
      metrics.set(key, {
        points: rows.map(([step, time, value]) => [step, time ?? NaN, value]),
        from: [`${run.id}/plots/metrics/${key}.tsv`]
      });
      for (const [, time] of rows) {
        if (time === null) continue;
        start = Math.min(start, time);
        end = Math.max(end, time);
      }
    }
    // Summary values without a history (plot=False) are one point at the summary's step.
    for (const [key, value] of Object.entries(run.summary)) {
      if (!metrics.has(key)) {
        metrics.set(key, { points: [[run.step, NaN, value]], from: [`${run.id}/metrics.json`] });
      }
    }
    runs.set(run.id, {
      id: run.id,
      sources: [run.id],
      metrics,
      params: new Map(Object.entries(run.params)),
      status: 'FINISHED',
      note: null,
      artifacts: run.others.filter((f) => !(f in SKIPPED)).length,
      startTime: Number.isFinite(start) ? start : null,
      endTime: Number.isFinite(end) ? end : null
    });
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** What the written runs hold, so a plan that stopped writing, say, NaN fails. */
function featuresOf(view: DvcliveView): Set<string> {
  const seen = new Set<string>();
  for (const run of view.runs) {
    if (!run.id.endsWith('/dvclive')) seen.add('custom-dir');
    if (Object.keys(run.params).length > 0) seen.add('params');
    for (const f of run.others) {
      if (f === 'report.html') seen.add('report');
      if (f === 'dvc.yaml') seen.add('dvcyaml');
    }
    for (const [key, rows] of Object.entries(run.histories)) {
      if (key.includes('/')) seen.add('nested-name');
      if (rows.some(([, time]) => time !== null)) seen.add('timestamp');
      if (rows.some(([, , v]) => typeof v === 'string')) seen.add('nonfinite');
    }
    if (Object.keys(run.summary).some((k) => !(k in run.histories))) seen.add('summary-only');
  }
  return seen;
}

const manifest = readInteropManifest<WriterEntry>();

for (const writer of manifest.writers.filter((w) => w.format === 'dvclive')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as DvcliveView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      expect(view.runs.length, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      const seen = featuresOf(view);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what dvclive reads, field by field', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const wantSkipped = view.runs
        .flatMap((r) => r.others.filter((f) => f in SKIPPED).map((f) => [r.id, f] as const))
        .map(([id, f]) => `${name}/${id}/${f}: ${SKIPPED[f]}`)
        .sort();
      const gotSkipped = doc.skipped.map((s) => `${s.file}: ${s.reason}`).sort();
      const expected = expectFromDvclive(view);
      const differences = [
        ...compareSummary(expected, { ...doc, skipped: [] }, name),
        ...wantSkipped.filter((s) => !gotSkipped.includes(s)).map((s) => `not skipped: ${s}`),
        ...gotSkipped.filter((s) => !wantSkipped.includes(s)).map((s) => `skipped: ${s}`)
      ];
      console.log(`${writer.name}: ${describeCompared(expected)}`);
      if (differences.length > 0) {
        expect.fail(
          [
            `${writer.name}: ${differences.length} difference(s) between dvclive and Runlens`,
            `seed ${manifest.seed}; replay with: ${manifest.replay}`,
            ...differences.slice(0, 80).map((l) => `  ${l}`)
          ].join('\n')
        );
      }
    });
  });
}
