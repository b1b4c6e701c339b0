// The real KerasTuner projects, checked three ways against counts taken by
// tests/fixtures/scripts/count_keras_tuner.py (json.load of each trial.json).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real KerasTuner projects', () => {
  for (const entry of readManifest('keras-tuner')) {
    it(entry.set, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
      const runs = own.batches.flatMap((b) => b.runs);
      const trial = runs.find((r) => r.params.get('num_layers') === '9')!;
      expect({
        name: trial.name,
        status: trial.status,
        activation0: trial.params.get('activation0'),
        metrics: trial.metrics.map((m) => `${m.key}@${m.steps[0]}=${m.values[0]!.toFixed(4)}`),
        tags: Object.fromEntries(trial.tags)
      }).toMatchInlineSnapshot(`
        {
          "activation0": "tanh",
          "metrics": [
            "loss@0=0.6899",
            "accuracy@0=0.6173",
            "val_loss@0=0.6860",
            "val_accuracy@0=0.6558",
            "score@0=0.6558",
          ],
          "name": "trial 0",
          "status": "FINISHED",
          "tags": {
            "keras_tuner.best_step": "0",
            "keras_tuner.direction.accuracy": "max",
            "keras_tuner.direction.loss": "min",
            "keras_tuner.direction.val_accuracy": "max",
            "keras_tuner.direction.val_loss": "min",
            "keras_tuner.status": "COMPLETED",
          },
        }
      `);
    });
  }
});
