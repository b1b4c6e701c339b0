/**
 * Runlens against a real `transformers.Trainer` (docs/interop.md, docs/hf-trainer-ultralytics.md).
 * scripts/interop.js has trained tiny models into randomised output folders (checkpoints, results
 * files, best checkpoints, interrupted and resumed runs) and stored what
 * `TrainerState.load_from_json` reads; here `runlens summary --json` reads the same logdir and
 * every run, metric, param, tag, status and file is compared.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { compareSummary, describeCompared } from './compare-summary';
import {
  EARLIER_STATE,
  LEFT_OUT,
  chosenState,
  expectFromTrainer,
  expectedTags,
  isFinished,
  trainerFeatures,
  type TrainerView
} from './hf-trainer-view';
import { differencesReport, readInteropManifest, runlensSummary, type WriterEntry } from './suite';

const manifest = readInteropManifest<WriterEntry>();

/** Names, tags, the interrupted-run warning and every file: what compareSummary leaves out. */
function compareTheRest(view: TrainerView, doc: SummaryDocument, logdirName: string): string[] {
  const out: string[] = [];
  const byId = new Map(doc.runs.map((r) => [r.id, r]));
  const skipped = new Map(doc.skipped.map((s) => [s.file, s.reason]));
  const accounted = new Set<string>();
  for (const run of view.runs) {
    const r = byId.get(run.path);
    const state = chosenState(run);
    const at = `${logdirName}/${run.path}`;
    if (r) {
      const experiment = run.path.includes('/') ? run.path.split('/').at(-2)! : logdirName;
      if (r.name !== basename(run.path)) out.push(`${run.path} › name: Runlens ${r.name}`);
      if (r.experiment.name !== experiment)
        out.push(`${run.path} › experiment: expected ${experiment}, Runlens ${r.experiment.name}`);
      if (r.file !== `${at}/${state.file}`)
        out.push(`${run.path} › read from ${r.file}, expected ${at}/${state.file}`);
      const want = expectedTags(state);
      for (const k of new Set([...want.keys(), ...Object.keys(r.tags)]))
        if (want.get(k) !== r.tags[k])
          out.push(`${run.path} › tag ${k}: expected ${want.get(k)}, Runlens ${r.tags[k]}`);
    }
    const warned = doc.warnings.filter((w) => w.file.startsWith(`${at}/`)).map((w) => w.message);
    const stopped = isFinished(state)
      ? []
      : [
          `training stopped at step ${state.global_step} of ${state.max_steps} with no end-of-training entry: the run was interrupted (or still running when copied); shown as killed`
        ];
    if (JSON.stringify(warned) !== JSON.stringify(stopped))
      out.push(
        `${run.path} › warnings: expected ${JSON.stringify(stopped)}, Runlens ${JSON.stringify(warned)}`
      );
    // Every file is read or skipped; the Trainer's own extras with the importer's reasons.
    for (const file of run.files) {
      const path = `${at}/${file}`;
      accounted.add(path);
      const name = basename(file);
      const read = file === state.file || (!file.includes('/') && /_results\.json$/.test(name));
      const reason = skipped.get(path);
      if (read) {
        if (reason) out.push(`${path}: skipped (${reason}) but it is read`);
        continue;
      }
      const want = name === 'trainer_state.json' ? EARLIER_STATE : LEFT_OUT[name];
      if (!reason) out.push(`${path}: neither read nor skipped`);
      else if (want && reason !== want)
        out.push(`${path}: skipped as "${reason}", expected "${want}"`);
    }
  }
  for (const s of doc.skipped)
    if (!accounted.has(s.file)) out.push(`skipped outside a run: ${s.file}: ${s.reason}`);
  return out;
}

for (const writer of manifest.writers.filter((w) => w.format === 'hf-trainer')) {
  describe(`${writer.name} (seed ${manifest.seed})`, () => {
    const view = JSON.parse(readFileSync(writer.view, 'utf8')) as TrainerView;

    it('wrote at least 20 runs covering every kind of data it is meant to', () => {
      const { runs, seen } = trainerFeatures(view);
      expect(runs, `seed ${manifest.seed}`).toBeGreaterThanOrEqual(20);
      expect(
        writer.covers.filter((f) => !seen.has(f)),
        `seed ${manifest.seed}`
      ).toEqual([]);
    });

    it('runlens summary shows what TrainerState.load_from_json reads, field by field', async () => {
      const doc = await runlensSummary(writer.logdir);
      const name = basename(writer.logdir);
      const expected = expectFromTrainer(view);
      const differences = [
        ...compareSummary(expected, { ...doc, skipped: [] }, name),
        ...compareTheRest(view, doc, name)
      ];
      console.log(`${writer.name}: ${describeCompared(expected)}`);
      if (differences.length > 0)
        expect.fail(
          differencesReport(`${writer.name}: transformers and Runlens`, manifest, differences)
        );
    });
  });
}
