/**
 * Runlens against Keras 3's own CSVLogger (docs/interop.md, docs/lightning-keras.md).
 * scripts/interop.js has fitted tiny models with randomised callbacks, separators and append
 * mode and stored what Python's csv module reads in each file; here `runlens summary --json`
 * reads the same logdir and every run, metric, name and experiment is compared.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { compareSummary, describeCompared } from './compare-summary';
import { expectFromKeras, fileName, kerasFeatures, runKey, type KerasView } from './keras-view';
import { differencesReport, readInteropManifest, runlensSummary, type WriterEntry } from './suite';

const manifest = readInteropManifest<WriterEntry>();

/** Names, formats and warnings: what compareSummary does not look at. */
function compareNames(view: KerasView, doc: SummaryDocument, logdirName: string): string[] {
  const out: string[] = [];
  const byKey = new Map(doc.runs.map((r) => [`${r.experiment.id}/${r.id}`, r]));
  for (const f of view.files) {
    const run = byKey.get(runKey(logdirName, f.path));
    if (!run) continue; // compareSummary names it
    const folder = f.path.split('/').at(-2)!;
    if (run.name !== fileName(f.path)) out.push(`${f.path} › name: Runlens ${run.name}`);
    if (run.experiment.name !== folder)
      out.push(`${f.path} › experiment: expected ${folder}, Runlens ${run.experiment.name}`);
    if (run.source !== 'keras-csv') out.push(`${f.path} › read as ${run.source}`);
  }
  for (const w of doc.warnings) out.push(`warning: ${w.file}: ${w.message}`);
  return out;
}

for (const writer of manifest.writers.filter((w) => w.format === 'keras-csv')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as KerasView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      const { runs, seen } = kerasFeatures(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what csv.reader reads in the CSVLogger files', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      // Every file is called training.log or the like: key runs by experiment, as expected.
      const keyed = {
        ...doc,
        runs: doc.runs.map((r) => ({ ...r, id: `${r.experiment.id}/${r.id}` }))
      };
      const expected = expectFromKeras(view, name);
      const differences = [
        ...compareSummary(expected, keyed, name),
        ...compareNames(view, doc, name)
      ];
      console.log(`${writer.name}: ${describeCompared(expected)}`);
      if (differences.length > 0)
        expect.fail(differencesReport(`${writer.name}: Keras and Runlens`, manifest, differences));
    });
  });
}
