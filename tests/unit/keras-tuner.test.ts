// KerasTuner project folders: the shapes the real set does not show (several executions, newer
// float observations, failed trials, checkpoints, start times from oracle.json's display state).
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { parseFiles } from '../../src/lib/worker/import-pipeline';
import { textFile } from './helpers/batches';

const noop = () => {};

function trialJson(id: string, fields: Record<string, unknown> = {}) {
  return JSON.stringify({
    trial_id: id,
    hyperparameters: {
      space: [],
      values: { units: 32, lr: 1e-5, dropout: true, act: 'relu', opt: null }
    },
    metrics: {
      metrics: {
        val_loss: {
          direction: 'min',
          observations: [
            { value: [0.5, 0.7], step: 1 },
            { value: [0.4], step: 0 }
          ]
        },
        accuracy: { direction: 'max', observations: [{ value: 0.9, step: 0 }] }
      }
    },
    score: 0.4,
    best_step: 0,
    status: 'COMPLETED',
    message: null,
    ...fields
  });
}

const ORACLE = JSON.stringify({
  ongoing_trials: {},
  hyperparameters: { space: [], values: {} },
  start_order: ['00', '01'],
  end_order: ['00', '01'],
  seed: 42,
  display: { search_start: '2024-03-01T10:00:00', trial_start: { '00': '2024-03-01T10:00:05.5' } }
});

async function importProject(files: [string, string][]) {
  const inputs = files.map(([path, text]) => textFile(path, text));
  return parseFiles(inputs, IMPORTERS, noop, noop);
}

describe('KerasTuner project folders', () => {
  it('reads trials: Python-spelled params, mean of executions, sorted steps, score at best step', async () => {
    const result = await importProject([
      ['tuning/proj/oracle.json', ORACLE],
      ['tuning/proj/tuner0.json', '{}'],
      ['tuning/proj/trial_00/trial.json', trialJson('00')],
      ['tuning/proj/trial_00/checkpoint', 'model_checkpoint_path: "checkpoint"'],
      ['tuning/proj/trial_00/checkpoint.index', 'x'],
      ['tuning/proj/trial_00/checkpoint.data-00000-of-00001', 'x'],
      ['tuning/proj/trial_00/notes.txt', 'hello'],
      [
        'tuning/proj/trial_01/trial.json',
        trialJson('01', { status: 'FAILED', score: null, message: 'Traceback: OOM' })
      ]
    ]);
    expect(result.errors).toEqual([]);
    const [batch] = result.parsed.map((p) => p.batch);
    expect(batch!.experiments.map((e) => [e.name, Object.fromEntries(e.tags)])).toEqual([
      ['proj', { 'keras_tuner.seed': '42' }]
    ]);
    const summary = batch!.runs.map((r) => ({
      id: r.id,
      status: r.status,
      start: r.startTime === null ? null : new Date(r.startTime).toISOString(),
      params: Object.fromEntries(r.params),
      metrics: r.metrics.map(
        (m) => `${m.key}: ${[...m.steps].join(',')} → ${[...m.values].join(',')}`
      ),
      message: r.tags.get('keras_tuner.message') ?? null
    }));
    expect(summary).toMatchInlineSnapshot(`
      [
        {
          "id": "00",
          "message": null,
          "metrics": [
            "val_loss: 0,1 → 0.4,0.6",
            "accuracy: 0 → 0.9",
            "score: 0 → 0.4",
          ],
          "params": {
            "act": "relu",
            "dropout": "True",
            "lr": "1e-05",
            "opt": "None",
            "units": "32",
          },
          "start": "2024-03-01T10:00:05.500Z",
          "status": "FINISHED",
        },
        {
          "id": "01",
          "message": "Traceback: OOM",
          "metrics": [
            "val_loss: 0,1 → 0.4,0.6",
            "accuracy: 0 → 0.9",
          ],
          "params": {
            "act": "relu",
            "dropout": "True",
            "lr": "1e-05",
            "opt": "None",
            "units": "32",
          },
          "start": null,
          "status": "FAILED",
        },
      ]
    `);
    expect(result.skipped.map((s) => [s.file.split('/').at(-1), s.reason])).toMatchInlineSnapshot(`
      [
        [
          "checkpoint",
          "KerasTuner checkpoint: model weights, not run data",
        ],
        [
          "checkpoint.index",
          "KerasTuner checkpoint: model weights, not run data",
        ],
        [
          "checkpoint.data-00000-of-00001",
          "KerasTuner checkpoint: model weights, not run data",
        ],
        [
          "notes.txt",
          "file in a KerasTuner trial folder: not run data Runlens reads",
        ],
      ]
    `);
  });

  it('claims a project from its trial folders when oracle.json was not dropped', async () => {
    const result = await importProject([['proj/trial_3/trial.json', trialJson('3')]]);
    expect(result.parsed.flatMap((p) => p.batch.runs.map((r) => [r.id, r.name]))).toEqual([
      ['3', 'trial 3']
    ]);
  });

  it('a broken trial.json is named; the other trials still import', async () => {
    const result = await importProject([
      ['proj/oracle.json', ORACLE],
      ['proj/trial_00/trial.json', trialJson('00')],
      ['proj/trial_01/trial.json', trialJson('01', { status: 'EXPLODED' })],
      ['proj/trial_02/trial.json', '{"trial_id": "02", "hyperparameters": {'],
      [
        'proj/trial_03/trial.json',
        trialJson('03', {
          metrics: { metrics: { loss: { observations: [{ value: ['x'], step: 0 }] } } }
        })
      ]
    ]);
    expect(result.parsed.flatMap((p) => p.batch.runs.map((r) => r.id))).toEqual(['00']);
    expect(result.errors).toMatchInlineSnapshot(`
      [
        {
          "file": "proj/trial_01/trial.json",
          "message": ""status": "EXPLODED" is not a KerasTuner trial status",
        },
        {
          "file": "proj/trial_02/trial.json",
          "message": "is not valid JSON (expected a quoted member name, found the end of the text at line 1, column 40)",
        },
        {
          "file": "proj/trial_03/trial.json",
          "message": ""metrics"."metrics"["loss"]."observations"[0]."value"[0]: expected a number, found the text "x"",
        },
      ]
    `);
  });
});
