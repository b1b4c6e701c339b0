/**
 * Runlens against neptune-exporter's Parquet layout (docs/interop.md, docs/neptune.md).
 * scripts/interop.js has written randomised exports with pyarrow and the exporter's SCHEMA
 * (neptune_writer.py; the exporter itself is not on PyPI and needs Neptune's servers) and stored
 * what pyarrow reads back as the exporter's own ParquetReader does (read_neptune.py); here
 * `runlens summary --json` reads the same folder and every run, metric and param is compared.
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

type Scalar = [string, unknown];

interface NeptuneView {
  runs: {
    id: string;
    project: string;
    folder: string;
    scalars: Record<string, Scalar>;
    series: Record<string, [number, number | null, JsonNumber][]>;
    artifacts: number;
    unknown: number;
    lastTime: number | null;
  }[];
  unfinished: string[];
  stray: string[];
}

interface WriterEntry {
  name: string;
  format: string;
  logdir: string;
  view: string;
  covers: string[];
}

const RESULTS = new Set(['eval', 'test', 'metrics', 'val', 'results']);

/** A param as docs/neptune.md says Runlens shows it (Python's str, whole floats without .0). */
function paramText([type, value]: Scalar): string {
  switch (type) {
    case 'float': {
      const { float, repr } = value as { float: JsonNumber; repr: string };
      return typeof float === 'number' && Number.isInteger(float) ? String(float) : repr;
    }
    case 'bool':
      return value ? 'True' : 'False';
    case 'datetime':
      return new Date(value as number).toISOString();
    case 'string_set':
      return [...(value as string[])].sort().join(',');
    default:
      return String(value);
  }
}

function isResult(path: string, type: string): boolean {
  return (type === 'float' || type === 'int') && RESULTS.has(path.split('/')[0]!);
}

/** What Runlens should show for what pyarrow read (the rules are in docs/neptune.md). */
function expectFromNeptune(view: NeptuneView): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const run of view.runs) {
    const metrics = new Map<string, ExpectedMetric>();
    for (const [key, rows] of Object.entries(run.series)) {
      metrics.set(key, {
        points: rows.map(([step, time, value]) => [step, time ?? NaN, value]),
        from: [`${run.id} › ${key}`]
      });
    }
    const params = new Map<string, string>();
    for (const [path, scalar] of Object.entries(run.scalars)) {
      if (path.startsWith('sys/') || scalar[1] === null) continue;
      if (isResult(path, scalar[0])) {
        const value =
          scalar[0] === 'float' ? (scalar[1] as { float: JsonNumber }).float : scalar[1];
        metrics.set(path, {
          points: [[0, NaN, value as JsonNumber]],
          from: [`${run.id} › ${path}`]
        });
      } else params.set(path, paramText(scalar));
    }
    const sys = (path: string) => run.scalars[`sys/${path}`]?.[1] ?? null;
    runs.set(run.id, {
      id: run.id,
      sources: [run.id],
      metrics,
      params,
      status: sys('failed') === true ? 'FAILED' : 'FINISHED',
      note: null,
      artifacts: run.artifacts,
      startTime: sys('creation_time') as number | null,
      endTime: (sys('ping_time') as number | null) ?? run.lastTime
    });
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** What the written runs hold, so a plan that stopped writing, say, decimal steps fails. */
function featuresOf(view: NeptuneView): Set<string> {
  const seen = new Set<string>();
  if (view.unfinished.length > 0) seen.add('unfinished');
  for (const run of view.runs) {
    if (run.scalars['sys/failed']?.[1] === true) seen.add('failed');
    if (run.scalars['sys/forking/parent']) seen.add('fork');
    if (run.unknown > 0) seen.add('unknown-type');
    if (!run.folder.startsWith('ws_project-')) seen.add('old-layout');
    for (const rows of Object.values(run.series)) {
      if (rows.some(([step]) => !Number.isInteger(step))) seen.add('decimal-steps');
      if (rows.some(([, , v]) => v === 'NaN')) seen.add('nan');
      if (rows.some(([, , v]) => v === 'Infinity' || v === '-Infinity')) seen.add('inf');
    }
    if (Object.keys(run.scalars).some((p) => p.startsWith('eval/'))) seen.add('results');
  }
  return seen;
}

const manifest = readInteropManifest<WriterEntry>();

for (const writer of manifest.writers.filter((w) => w.format === 'neptune-exporter')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as NeptuneView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      expect(view.runs.length, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      const seen = featuresOf(view);
      const checked = ['decimal-steps', 'nan', 'inf', 'fork', 'old-layout', 'unfinished'];
      expect(
        checked.filter((f) => writer.covers.includes(f) && !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what pyarrow reads, field by field', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const unfinished = 'unfinished neptune-exporter part: its run was still being exported';
      const stray = 'file in a Neptune export files folder: no attribute names it';
      const wantSkipped = [
        ...view.unfinished.map((f) => `${name}/${f}: ${unfinished}`),
        ...view.stray.map((f) => `${name}/${f}: ${stray}`)
      ].sort();
      const gotSkipped = doc.skipped.map((s) => `${s.file}: ${s.reason}`).sort();
      const expected = expectFromNeptune(view);
      const differences = [
        ...compareSummary(expected, { ...doc, skipped: [] }, name),
        ...wantSkipped.filter((s) => !gotSkipped.includes(s)).map((s) => `not skipped: ${s}`),
        ...gotSkipped.filter((s) => !wantSkipped.includes(s)).map((s) => `skipped: ${s}`)
      ];
      // What compareSummary does not look at: names, fork parents and experiments.
      const byId = new Map(doc.runs.map((r) => [r.id, r]));
      for (const run of view.runs) {
        const got = byId.get(run.id);
        if (!got) continue;
        const want = {
          name: run.scalars['sys/name']?.[1] ?? run.id,
          parentId: run.scalars['sys/forking/parent']?.[1] ?? null,
          experiment: run.project
        };
        const have = { name: got.name, parentId: got.parentId, experiment: got.experiment.id };
        if (JSON.stringify(want) !== JSON.stringify(have)) {
          differences.push(
            `${run.id}: expected ${JSON.stringify(want)}, Runlens ${JSON.stringify(have)}`
          );
        }
      }
      console.log(`${writer.name}: ${describeCompared(expected)}`);
      if (differences.length > 0) {
        expect.fail(
          [
            `${writer.name}: ${differences.length} difference(s) between pyarrow and Runlens`,
            `seed ${manifest.seed}; replay with: ${manifest.replay}`,
            ...differences.slice(0, 80).map((l) => `  ${l}`)
          ].join('\n')
        );
      }
    });
  });
}
