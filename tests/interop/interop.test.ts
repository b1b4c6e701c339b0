/**
 * Runlens against the real writers (docs/interop.md). scripts/interop.js has written randomised
 * logdirs with each writer and stored what the native tool sees; here `runlens summary --json`
 * reads the same logdirs and every field is compared. A failure prints the seed and one line per
 * difference.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInteropManifest, runlensSummary } from './suite';
import { compareSummary, describeCompared, type ExpectedImport } from './compare-summary';
import { expectFromTensorBoard, featuresOf, type TensorBoardView } from './tensorboard-view';

interface WriterEntry {
  name: string;
  format: string;
  logdir: string;
  view: string;
  covers: string[];
}

/** Per native format: what Runlens should show for the tool's view, and what the view covers. */
interface FormatRules {
  expect(view: unknown, note: (runId: string) => string | undefined): ExpectedImport;
  features(view: unknown): { runs: number; seen: Set<string> };
}

const FORMATS: Record<string, FormatRules> = {
  tensorboard: {
    expect: (view, note) => expectFromTensorBoard(view as TensorBoardView, note),
    features: (view) => featuresOf(view as TensorBoardView)
  }
};

const manifest = readInteropManifest<WriterEntry>();

/** At most this many difference lines are printed; the count says how many there were. */
const SHOWN = 80;

function report(writer: string, lines: string[]): string {
  const shown = lines.slice(0, SHOWN).map((l) => `  ${l}`);
  if (lines.length > SHOWN) shown.push(`  … and ${lines.length - SHOWN} more`);
  return [
    `${writer}: ${lines.length} difference(s) between the native tool and Runlens`,
    `seed ${manifest.seed}; replay with: ${manifest.replay}`,
    ...shown
  ].join('\n');
}

// Formats with rules here; others have their own test file (dvclive.test.ts, optuna.test.ts).
for (const writer of manifest.writers.filter((w) => w.format in FORMATS)) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const rules = FORMATS[writer.format];
    const view: unknown = JSON.parse(readFileSync(writer.view, 'utf8'));

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      expect(rules, `no comparison rules for format ${writer.format}`).toBeDefined();
      const { runs, seen } = rules!.features(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what the native tool sees, field by field', async () => {
      const doc = await runlensSummary(writer.logdir);
      const notes = new Map(doc.runs.map((r) => [r.id, r.tags['mlflow.note.content']]));
      const expected = rules!.expect(view, (id) => notes.get(id));
      const differences = compareSummary(expected, doc, basename(writer.logdir));
      console.log(`${writer.name}: ${describeCompared(expected)}`);
      if (differences.length > 0) expect.fail(report(writer.name, differences));
    });
  });
}
