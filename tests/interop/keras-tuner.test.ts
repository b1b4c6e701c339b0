/**
 * Runlens against the real keras-tuner on Keras 3 (docs/interop.md, docs/tuners.md).
 * scripts/interop.js has run randomised searches (RandomSearch and Hyperband, failing trials, a
 * search killed by a FatalError) and stored what the reloaded oracle holds; here
 * `runlens summary --json` reads the same logdir and every trial, tag, experiment and file is
 * compared.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { compareSummary, describeCompared } from './compare-summary';
import {
  expectFromTuner,
  expectedTags,
  experimentId,
  tunerFeatures,
  type TunerView
} from './keras-tuner-view';
import { differencesReport, readInteropManifest, runlensSummary, type WriterEntry } from './suite';

const manifest = readInteropManifest<WriterEntry>();
const CHECKPOINT = 'KerasTuner checkpoint: model weights, not run data';

/** Experiments, names, tags, warnings and files: what compareSummary does not look at. */
function compareTheRest(view: TunerView, doc: SummaryDocument, logdirName: string): string[] {
  const out: string[] = [];
  const byKey = new Map(doc.runs.map((r) => [`${r.experiment.id}/${r.id}`, r]));
  const skipped = new Map(doc.skipped.map((s) => [s.file, s.reason]));
  for (const p of view.projects) {
    const id = experimentId(logdirName, p);
    const experiment = doc.experiments.find((e) => e.id === id);
    const name = basename(p.path);
    if (!experiment) out.push(`${id}: experiment missing in Runlens`);
    else if (experiment.name !== name)
      out.push(`${id}: expected experiment ${name}, Runlens ${experiment.name}`);
    for (const t of p.trials) {
      const run = byKey.get(`${id}/${t.id}`);
      if (!run) continue; // compareSummary names it
      if (run.name !== `trial ${t.id}`) out.push(`${id}/${t.id} › name: Runlens ${run.name}`);
      const want = expectedTags(t);
      for (const k of new Set([...want.keys(), ...Object.keys(run.tags)]))
        if (want.get(k) !== run.tags[k])
          out.push(
            `${id}/${t.id} › tag ${k}: expected ${JSON.stringify(want.get(k))}, Runlens ${JSON.stringify(run.tags[k])}`
          );
    }
    for (const file of p.files) {
      const path = `${logdirName}/${p.path}/${file}`;
      const read = file === 'oracle.json' || /^tuner\d+\.json$/.test(file);
      const trial = /^trial_[^/]+\/trial\.json$/.test(file);
      const reason = skipped.get(path);
      if (read || trial) {
        if (reason) out.push(`${path}: skipped (${reason}) but it is read`);
      } else if (reason !== CHECKPOINT) {
        out.push(`${path}: expected "${CHECKPOINT}", Runlens ${JSON.stringify(reason ?? null)}`);
      }
    }
  }
  for (const w of doc.warnings) out.push(`warning: ${w.file}: ${w.message}`);
  return out;
}

for (const writer of manifest.writers.filter((w) => w.format === 'keras-tuner')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as TunerView;

    it('wrote at least 20 trials covering every kind of data it is meant to', () => {
      const { runs, seen } = tunerFeatures(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what the reloaded oracle holds, trial by trial', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const keyed = {
        ...doc,
        runs: doc.runs.map((r) => ({ ...r, id: `${r.experiment.id}/${r.id}` })),
        skipped: []
      };
      const expected = expectFromTuner(view, name);
      const differences = [
        ...compareSummary(expected, keyed, name),
        ...compareTheRest(view, doc, name)
      ];
      console.log(`${writer.name}: ${describeCompared(expected)}`);
      if (differences.length > 0)
        expect.fail(
          differencesReport(`${writer.name}: KerasTuner and Runlens`, manifest, differences)
        );
    });
  });
}
