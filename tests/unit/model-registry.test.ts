// The model registry of every real set that has one, read apart from the runs: MLflow FileStore
// `mlruns/models/` (2.x stages, 3.x alias files), an SQLite store's tables, export-import files.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/lib/cli/disk-source';
import { buildSummary } from '../../src/lib/cli/summary';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { REAL_FIXTURES } from './helpers/real-fixtures';

const noop = () => {};

/** Each version as `name vN run stage @aliases`, run marked `(run here)` when the set has it. */
async function registryOf(set: string, paths = ['.']) {
  const collected = await collectInputs(paths, join(REAL_FIXTURES, set));
  const parsed = await parseFiles(collected.inputs, undefined, noop, noop);
  const doc = buildSummary(parsed);
  const runs = new Set(doc.runs.map((r) => r.id));
  return {
    errors: doc.errors.length,
    tagged: doc.runs.filter((r) => 'runlens.registeredModels' in r.tags).length,
    versions: doc.registry.flatMap((m) =>
      m.versions.map((v) =>
        [
          m.name,
          `v${v.version}`,
          v.runId === null ? 'no run' : runs.has(v.runId) ? 'run here' : 'run elsewhere',
          v.stage ?? '-',
          ...v.aliases.map((a) => `@${a}`),
          ...(v.modelId ? [v.modelId.slice(0, 10)] : [])
        ].join(' ')
      )
    )
  };
}

describe('model registry of the real sets', () => {
  it('FileStore 2.x: four models, stages None, Production (two at once) and Archived', async () => {
    expect(await registryOf('mlflow-registry/mlflowsample-stages-2023')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "tagged": 0,
        "versions": [
          "ElasticnetWineModel v1 run here None",
          "sk-learn-random-forest-reg v1 run here None",
          "sk-learn-random-forest-reg v2 run here None",
          "sk-learn-random-forest-reg-model v1 run here None",
          "sk-learn-random-forest-reg-model v2 run here None",
          "sk-learn-random-forest-reg-model v3 run here Production",
          "sk-learn-random-forest-reg-model v4 run here Production",
          "test_r_m v1 run here Archived",
        ],
      }
    `);
  });
  it('FileStore 3.x: the alias file and the model map agree; v1 from a logged model', async () => {
    expect(await registryOf('mlflow-registry/advance-mlflow3-alias-2025')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "tagged": 0,
        "versions": [
          "sk-learn-random-forest-reg-model v1 run here None @champion m-8295c1ec",
          "sk-learn-random-forest-reg-model v2 run here None",
        ],
      }
    `);
  });
  it('SQLite 1.x store: five versions of one model, stages from the table', async () => {
    expect(await registryOf('mlflow-sqlite/wineq-dvc-mlflow1-2021')).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "tagged": 0,
        "versions": [
          "ElasticNetWineModel v1 run here Staging",
          "ElasticNetWineModel v2 run here Production",
          "ElasticNetWineModel v3 run here Staging",
          "ElasticNetWineModel v4 run here Staging",
          "ElasticNetWineModel v5 run here None",
        ],
      }
    `);
  });
  it('SQLite 2.14 store: aliases from registered_model_aliases; a version with no run', async () => {
    expect(await registryOf('mlflow-sqlite/nyc-taxi-zoomcamp-mlflow2.14-2024', ['week-02']))
      .toMatchInlineSnapshot(`
      {
        "errors": 0,
        "tagged": 0,
        "versions": [
          "iris_classifier v1 no run None",
          "nyc-taxi-model v1 run here None @in-preview @staging",
        ],
      }
    `);
  });
  it('export-import: model.json and version.json of the Databricks sklearn_wine set', async () => {
    expect(
      await registryOf(
        'mlflow-export-import/mlflow-export-import-samples-2026/samples/databricks/single/versions/sklearn_wine'
      )
    ).toMatchInlineSnapshot(`
      {
        "errors": 0,
        "tagged": 0,
        "versions": [
          "andre_catalog.ml_models2.sklearn_wine_best v15 run here - @white_2",
        ],
      }
    `);
  });
});
