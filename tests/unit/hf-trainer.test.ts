// Hugging Face Trainer output folders: the odd cases a person would notice in the report.
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { summarizeSeries } from '../../src/lib/model';
import { parseFiles } from '../../src/lib/worker/parse-files';

const enc = new TextEncoder();
const noop = () => {};

async function importFolder(files: Record<string, unknown>) {
  const sources = Object.entries(files).map(([path, content]) => ({
    ...sourceFromBytes(
      path,
      enc.encode(typeof content === 'string' ? content : JSON.stringify(content))
    ),
    fromFolder: true
  }));
  const out = await parseFiles(sources, IMPORTERS, noop, noop);
  const runs = out.parsed.flatMap((p) => p.batch.runs);
  return { ...out, runs };
}

function state(overrides: Record<string, unknown> = {}) {
  return {
    best_metric: null,
    best_model_checkpoint: null,
    epoch: 1,
    global_step: 20,
    max_steps: 20,
    num_train_epochs: 1,
    logging_steps: 10,
    train_batch_size: 8,
    log_history: [
      { epoch: 0.5, loss: 2, learning_rate: 0.001, step: 10 },
      { epoch: 0.5, eval_loss: 1.9, step: 10 },
      { epoch: 1, loss: 1, learning_rate: 0, step: 20 },
      { epoch: 1, step: 20, train_runtime: 12.5, train_loss: 1.5, total_flos: 1e12 }
    ],
    ...overrides
  };
}

describe('Hugging Face Trainer output folders', () => {
  it('reads log_history per step, settings as params, results as final values', async () => {
    const { runs, skipped } = await importFolder({
      'out/trainer_state.json': state(),
      'out/eval_results.json': { epoch: 1, eval_loss: 1.7, eval_accuracy: 0.9 },
      'out/training_args.bin': 'pickle',
      'out/checkpoint-10/trainer_state.json': state({
        global_step: 10,
        log_history: state().log_history.slice(0, 2)
      })
    });
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.status).toBe('FINISHED');
    expect(Object.fromEntries(run.params)).toEqual({
      train_batch_size: '8',
      num_train_epochs: '1',
      max_steps: '20',
      logging_steps: '10'
    });
    const summary = Object.fromEntries(
      run.metrics.map((m) => [m.key, [m.values.length, summarizeSeries(m).last]])
    );
    // epoch is logged twice at step 10 (train and eval entry) but is one point.
    expect(summary).toMatchObject({
      epoch: [2, 1],
      loss: [2, 1],
      eval_loss: [2, 1.7],
      eval_accuracy: [1, 0.9],
      train_runtime: [1, 12.5]
    });
    expect(skipped.map((s) => s.reason).sort()).toEqual([
      'Hugging Face Trainer checkpoint state: an earlier state of the same run',
      'Hugging Face training arguments: a pickled Python object, not readable'
    ]);
  });

  it('says so when training stopped before max_steps with no end entry', async () => {
    const { runs, warnings } = await importFolder({
      'out/checkpoint-10/trainer_state.json': state({
        global_step: 10,
        log_history: state().log_history.slice(0, 2)
      })
    });
    expect(runs[0]!.status).toBe('KILLED');
    expect(warnings[0]!.message).toMatch(/stopped at step 10 of 20/);
  });

  it('keeps the best checkpoint as a tag and best_metric at its step', async () => {
    const { runs } = await importFolder({
      'out/trainer_state.json': state({
        best_metric: 0.42,
        best_model_checkpoint: '/elsewhere/out/checkpoint-10'
      })
    });
    const run = runs[0]!;
    expect(run.tags.get('best_model_checkpoint')).toBe('/elsewhere/out/checkpoint-10');
    const best = run.metrics.find((m) => m.key === 'best_metric')!;
    expect([...best.steps, ...best.values]).toEqual([10, 0.42]);
  });

  it('skips a Git LFS pointer by name, and rejects a broken state naming the place', async () => {
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 2351\n';
    const lfs = await importFolder({ 'out/checkpoint-5/trainer_state.json': pointer });
    expect(lfs.runs).toEqual([]);
    expect(lfs.skipped[0]!.reason).toMatch(/^Git LFS pointer:/);

    const broken = await importFolder({
      'out/trainer_state.json': state({ log_history: [{ loss: 1 }] })
    });
    expect(broken.errors).toEqual([
      {
        file: 'out/trainer_state.json',
        message: 'log_history[0].step: expected a number, found nothing (the member is missing)'
      }
    ]);
  });

  it('keys from the file stay keys, even __proto__', async () => {
    const { runs } = await importFolder({
      'out/trainer_state.json': state({
        log_history: [JSON.parse('{"__proto__": 3, "step": 1}')],
        trial_params: JSON.parse('{"__proto__": "x"}')
      })
    });
    expect(runs[0]!.metrics.map((m) => m.key)).toEqual(['__proto__']);
    expect(runs[0]!.params.get('__proto__')).toBe('x');
  });
});
