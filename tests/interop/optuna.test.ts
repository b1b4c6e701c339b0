/**
 * Runlens against Optuna's own storages and reader (docs/tuners.md). scripts/interop.js has
 * written random studies with `JournalStorage(JournalFileBackend(path))` and
 * `RDBStorage("sqlite:///...")` and stored what `optuna.load_study` sees; here
 * `runlens summary --json` reads the same folder and every trial is compared field by field, tags,
 * the torn journal's warning and the storage's schema included.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInteropManifest, runlensSummary } from './suite';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { compareSummary, describeCompared } from './compare-summary';
import {
  expectFromOptuna,
  expectedTags,
  optunaFeatures,
  studyId,
  type OptunaView
} from './optuna-view';

interface WriterEntry {
  name: string;
  format: string;
  logdir: string;
  view: string;
  covers: string[];
}

const manifest = readInteropManifest<WriterEntry>();

function report(lines: string[]): string {
  const shown = lines.slice(0, 80).map((l) => `  ${l}`);
  if (lines.length > 80) shown.push(`  … and ${lines.length - 80} more`);
  return [
    `optuna: ${lines.length} difference(s) between Optuna and Runlens`,
    `seed ${manifest.seed}; replay with: ${manifest.replay}`,
    ...shown
  ].join('\n');
}

/** The warnings Runlens should give a file: the torn journal's, the storage's schema. */
function expectedWarnings(f: OptunaView['files'][number]): string[] {
  if (f.storage) {
    const { revision, library } = f.storage;
    return [`read as an Optuna RDB storage (schema ${revision}, set up by Optuna ${library})`];
  }
  if (!f.torn) return [];
  const { line, whole } = f.torn;
  return [
    `line ${line} is cut off (the writer stopped mid-line); the ${whole.toLocaleString('en-US')} whole lines before it were read, as Optuna reads them`
  ];
}

/** Tags, experiments and the files' warnings: what compareSummary does not look at. */
function compareTheRest(view: OptunaView, doc: SummaryDocument, logdirName: string): string[] {
  const out: string[] = [];
  const byKey = new Map(doc.runs.map((r) => [`${r.experiment.id}/${r.id}`, r]));
  for (const f of view.files) {
    const file = `${logdirName}/${f.file}`;
    for (const study of f.studies) {
      const id = studyId(logdirName, f.file, study);
      const experiment = doc.experiments.find((e) => e.id === id);
      if (!experiment) out.push(`${id}: experiment missing in Runlens`);
      else if (experiment.name !== study.name || experiment.deleted)
        out.push(
          `${id}: expected study ${JSON.stringify(study.name)}, Runlens ${JSON.stringify(experiment)}`
        );
      for (const t of study.trials) {
        const run = byKey.get(`${id}/${t.number}`);
        if (!run) continue; // compareSummary names it
        if (run.name !== `trial ${t.number}`)
          out.push(`${id}/${t.number} › name: Runlens ${run.name}`);
        const want = expectedTags(study, t);
        const keys = new Set([...want.keys(), ...Object.keys(run.tags)]);
        for (const k of [...keys].sort()) {
          if (want.get(k) !== run.tags[k])
            out.push(
              `${id}/${t.number} › tag ${JSON.stringify(k)}: expected ${JSON.stringify(want.get(k))}, Runlens ${JSON.stringify(run.tags[k])}`
            );
        }
      }
    }
    const warned = doc.warnings.filter((w) => w.file === file).map((w) => w.message);
    const want = expectedWarnings(f);
    if (JSON.stringify(warned) !== JSON.stringify(want))
      out.push(
        `${file}: expected warnings ${JSON.stringify(want)}, Runlens ${JSON.stringify(warned)}`
      );
  }
  return out;
}

for (const writer of manifest.writers.filter((w) => w.format === 'optuna')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as OptunaView;

    it('wrote at least 20 trials covering every kind of data it is meant to', () => {
      const { runs, seen } = optunaFeatures(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what optuna.load_study sees, field by field', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      // Trial numbers repeat across studies: key each run by its experiment, as expected runs are.
      const keyed = {
        ...doc,
        runs: doc.runs.map((r) => ({ ...r, id: `${r.experiment.id}/${r.id}` }))
      };
      const expected = expectFromOptuna(view, name);
      const differences = [
        ...compareSummary(expected, keyed, name),
        ...compareTheRest(view, doc, name)
      ];
      console.log(`optuna: ${describeCompared(expected)}`);
      if (differences.length > 0) expect.fail(report(differences));
    });
  });
}
