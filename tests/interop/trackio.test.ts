/**
 * Runlens against the real trackio (docs/trackio.md). scripts/interop.js has written random
 * projects with `trackio.init`/`log`/`log_system` into a TRACKIO_DIR and stored what trackio's own
 * SQLiteStorage reads back (read_trackio.py); here `runlens summary --json` reads the same folder
 * and every run, metric, param and tag is compared, with each project's report line.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { compareSummary, describeCompared } from './compare-summary';
import { readInteropManifest, runlensSummary } from './suite';
import {
  expectFromTrackio,
  expectedWarning,
  trackioFeatures,
  type TrackioView
} from './trackio-view';

interface WriterEntry {
  name: string;
  format: string;
  logdir: string;
  view: string;
  covers: string[];
}

const manifest = readInteropManifest<WriterEntry>();

/** trackio's lock file beside each project: empty, and said to be. */
const LOCK_REASON = 'empty file: nothing to read';

function report(lines: string[]): string {
  const shown = lines.slice(0, 80).map((l) => `  ${l}`);
  if (lines.length > 80) shown.push(`  … and ${lines.length - 80} more`);
  return [
    `trackio: ${lines.length} difference(s) between trackio and Runlens`,
    `seed ${manifest.seed}; replay with: ${manifest.replay}`,
    ...shown
  ].join('\n');
}

/** Experiments, run names, tags and report lines: what compareSummary does not look at. */
function compareTheRest(view: TrackioView, doc: SummaryDocument, logdirName: string): string[] {
  const out: string[] = [];
  const byId = new Map(doc.runs.map((r) => [r.id, r]));
  for (const project of view.projects) {
    const file = `${logdirName}/${project.file}`;
    const experiment = doc.experiments.find((e) => e.id === file);
    if (project.runs.length > 0 && experiment?.name !== project.name)
      out.push(
        `${file}: expected experiment ${project.name}, Runlens ${JSON.stringify(experiment)}`
      );
    for (const run of project.runs) {
      const r = byId.get(run.id);
      if (!r) continue; // compareSummary names it
      if (r.name !== run.name)
        out.push(`${run.id} › name: expected ${run.name}, Runlens ${r.name}`);
      if (r.experiment.id !== file)
        out.push(`${run.id} › experiment: expected ${file}, Runlens ${r.experiment.id}`);
      const keys = new Set([...Object.keys(run.tags), ...Object.keys(r.tags)]);
      for (const k of [...keys].sort()) {
        if (run.tags[k] !== r.tags[k])
          out.push(
            `${run.id} › tag ${JSON.stringify(k)}: expected ${JSON.stringify(run.tags[k])}, Runlens ${JSON.stringify(r.tags[k])}`
          );
      }
    }
    const warned = doc.warnings.filter((w) => w.file === file).map((w) => w.message);
    const want = expectedWarning(project);
    if (JSON.stringify(warned) !== JSON.stringify(want === null ? [] : [want]))
      out.push(
        `${file}: expected warning ${JSON.stringify(want)}, Runlens ${JSON.stringify(warned)}`
      );
  }
  return out;
}

for (const writer of manifest.writers.filter((w) => w.format === 'trackio')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as TrackioView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      const { runs, seen } = trackioFeatures(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what trackio reads back, field by field', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const locks = doc.skipped.filter((s) => s.file.endsWith('.lock'));
      const differences = [
        ...locks
          .filter((s) => s.reason !== LOCK_REASON)
          .map((s) => `${s.file}: skipped as "${s.reason}", expected "${LOCK_REASON}"`),
        ...compareSummary(
          expectFromTrackio(view),
          { ...doc, skipped: doc.skipped.filter((s) => !locks.includes(s)) },
          name
        ),
        ...compareTheRest(view, doc, name)
      ];
      console.log(`trackio: ${describeCompared(expectFromTrackio(view))}`);
      if (differences.length > 0) expect.fail(report(differences));
    });
  });
}
