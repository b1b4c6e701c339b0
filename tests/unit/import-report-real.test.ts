// Every file of every real set is accounted for by `runlens summary --json`: read into runs,
// rejected with an error, or skipped with a reason that names what it is.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/lib/cli/main';
import type { SummaryDocument } from '../../src/lib/cli/summary';
import { groupSkipped } from '../../src/lib/worker/import-report';
import { REAL_FIXTURES } from './helpers/real-fixtures';

/** Every file under `dir`, as paths relative to `root` with `/` separators. */
function filesUnder(dir: string, root: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, root);
    return [relative(root, path).split(sep).join('/')];
  });
}

async function summaryOf(kind: string): Promise<{ code: number; doc: SummaryDocument }> {
  const cwd = join(REAL_FIXTURES, kind);
  let out = '';
  const sets = readdirSync(cwd);
  const code = await runCli(['summary', ...sets, '--json'], {
    stdout: (t) => (out += t),
    stderr: () => {},
    cwd
  });
  return { code, doc: JSON.parse(out) as SummaryDocument };
}

/**
 * The files of a set that the summary does not account for (it must be none). A folder a folder
 * importer read (or found no run in) accounts for the files under it.
 */
function unaccounted(kind: string, doc: SummaryDocument): string[] {
  const named = new Set(doc.errors.map((e) => e.file));
  const covering = [...doc.read.map((r) => r.file), ...doc.skipped.map((s) => s.file)];
  const covered = (file: string) => covering.some((c) => file === c || file.startsWith(`${c}/`));
  return filesUnder(join(REAL_FIXTURES, kind), join(REAL_FIXTURES, kind)).filter(
    (file) => !named.has(file) && !covered(file)
  );
}

/** Reasons of the generic fallbacks: a file of a known tool must never end up with one. */
const VAGUE = /^(unrecognised file|JSON file|JSON Lines file|YAML file|CSV file|TSV file):/;

const KINDS = readdirSync(REAL_FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('runlens summary accounts for every real file', () => {
  it('covers the kinds of real data Runlens does not read yet', () => {
    for (const kind of ['wandb', 'dvc', 'hf-trainer', 'lightning-csv', 'ultralytics'])
      expect(KINDS).toContain(kind);
    for (const kind of ['keras-csv', 'mlflow-sqlite', 'mlflow-registry', 'other', 'tensorboard'])
      expect(KINDS).toContain(kind);
  });

  for (const kind of KINDS) {
    it(`${kind}: each file is in a run's folder, an error or the skipped list`, async () => {
      const { code, doc } = await summaryOf(kind);
      expect(code).toBe(doc.errors.length > 0 ? 1 : 0);
      expect(unaccounted(kind, doc)).toEqual([]);
      const vague = doc.skipped.filter((s) => VAGUE.test(s.reason)).map((s) => s.file);
      expect(vague, 'files of known tools get a reason naming the format').toEqual([]);
    });
  }
});

describe('what each real set leaves out, grouped and counted', () => {
  const grouped = async (kind: string) => {
    const { doc } = await summaryOf(kind);
    return {
      runs: doc.runs.length,
      errors: doc.errors.length,
      skipped: Object.fromEntries(groupSkipped(doc.skipped).map((g) => [g.reason, g.count]))
    };
  };

  it('W&B run folders, binaries and exports', async () => {
    expect(await grouped('wandb')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 64,
        "skipped": {},
      }
    `);
  });
  it('DVC and dvclive', async () => {
    expect(await grouped('dvc')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 3,
        "skipped": {
          "DVC pipeline file: not run data": 1,
          "dvclive DVC config: lists files that are read on their own": 1,
        },
      }
    `);
  });
  it('Hugging Face Trainer outputs', async () => {
    expect(await grouped('hf-trainer')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 4,
        "skipped": {
          "Git LFS pointer: the file itself was never downloaded (run git lfs pull)": 1,
          "Hugging Face Trainer checkpoint state: an earlier state of the same run": 9,
          "LLaMA-Factory training log: the same points as trainer_state.json": 1,
        },
      }
    `);
  });
  it('Lightning CSVLogger folders', async () => {
    expect(await grouped('lightning-csv')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 71,
        "skipped": {},
      }
    `);
  });
  it('Ultralytics runs', async () => {
    expect(await grouped('ultralytics')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 13,
        "skipped": {},
      }
    `);
  });
  it('Keras CSV logs', async () => {
    expect(await grouped('keras-csv')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 4,
        "skipped": {},
      }
    `);
  });
  it('MLflow SQLite stores', async () => {
    expect(await grouped('mlflow-sqlite')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 35,
        "skipped": {
          "MLflow SQLite store file: no runs": 1,
        },
      }
    `);
  });
  it('MLflow FileStore with a model registry', async () => {
    expect(await grouped('mlflow-registry')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 39,
        "skipped": {
          "MLflow mlruns folder: no runs, only experiment details": 1,
        },
      }
    `);
  });
  it('KerasTuner projects', async () => {
    expect(await grouped('other')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 20,
        "skipped": {},
      }
    `);
  });
  it('TensorBoard log folders', async () => {
    expect(await grouped('tensorboard')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "runs": 40,
        "skipped": {
          "CatBoost training log: not supported yet": 3,
          "TensorFlow checkpoint index: not run data": 1,
          "Ultralytics YOLO run folders: no runs": 1,
          "Ultralytics run file: the TensorBoard event file beside it holds the same run": 3,
          "text file: not run data": 1,
        },
      }
    `);
  });
});
