/**
 * Runlens against PyTorch Lightning's own CSVLogger (docs/interop.md, docs/lightning-keras.md).
 * scripts/interop.js has written randomised Lightning runs (Trainer.fit and the logger alone) and
 * stored what Lightning's readers see; here `runlens summary --json` reads the same logdir and
 * every run, metric, param, name and experiment is compared.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { compareSummary, describeCompared } from './compare-summary';
import {
  expectFromLightning,
  folderName,
  isRunFolder,
  lightningFeatures,
  parentPath,
  type LightningView
} from './lightning-view';
import { differencesReport, readInteropManifest, runlensSummary, type WriterEntry } from './suite';

const manifest = readInteropManifest<WriterEntry>();

/** Run names, experiments and warnings: what compareSummary does not look at. */
function compareNames(view: LightningView, doc: SummaryDocument, logdirName: string): string[] {
  const out: string[] = [];
  const byId = new Map(doc.runs.map((r) => [r.id, r]));
  for (const f of view.folders.filter(isRunFolder)) {
    const run = byId.get(f.path);
    if (!run) continue; // compareSummary names it
    const parent = parentPath(f.path);
    const experiment = parent === '' ? logdirName : folderName(parent);
    if (run.name !== folderName(f.path)) out.push(`${f.path} › name: Runlens ${run.name}`);
    if (run.experiment.name !== experiment)
      out.push(`${f.path} › experiment: expected ${experiment}, Runlens ${run.experiment.name}`);
    if (run.source !== 'lightning-csv') out.push(`${f.path} › read as ${run.source}`);
  }
  for (const w of doc.warnings) out.push(`warning: ${w.file}: ${w.message}`);
  return out;
}

for (const writer of manifest.writers.filter((w) => w.format === 'lightning-csv')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as LightningView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      const { runs, seen } = lightningFeatures(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it("runlens summary shows what Lightning's readers see, field by field", async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const expected = expectFromLightning(view);
      const differences = [
        ...compareSummary(expected, doc, name),
        ...compareNames(view, doc, name)
      ];
      console.log(`${writer.name}: ${describeCompared(expected)}`);
      if (differences.length > 0)
        expect.fail(
          differencesReport(`${writer.name}: Lightning and Runlens`, manifest, differences)
        );
    });
  });
}
