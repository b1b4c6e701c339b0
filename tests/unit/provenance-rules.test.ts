// Each provenance extraction rule on the real file it was written for (tests/fixtures/real).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCondaYaml } from '../../src/lib/provenance/rules/conda-yaml';
import { datasetInputsFromJson } from '../../src/lib/provenance/rules/mlflow-dataset-input';
import { modelsFromLogModelHistory } from '../../src/lib/provenance/rules/mlflow-log-model-history';
import { codeFromMlflowTags } from '../../src/lib/provenance/rules/mlflow-tags';
import { parseMlmodel } from '../../src/lib/provenance/rules/mlmodel-file';
import { parsePythonEnvYaml } from '../../src/lib/provenance/rules/python-env-yaml';
import { parseRequirementsTxt } from '../../src/lib/provenance/rules/requirements-txt';
import { importFromDisk, REAL_FIXTURES } from './helpers/real-fixtures';

const real = (path: string) => readFileSync(join(REAL_FIXTURES, path), 'utf8');
const ALIAS = 'mlflow-registry/advance-mlflow3-alias-2025/mlruns/977702991613526946';
const ALIAS_RUN = `${ALIAS}/548f11038477446eba9ec1cbe8164897`;
const ALIAS_MODEL = `${ALIAS}/models/m-8295c1ec84394a5cb43029483caa8a4e/artifacts`;
const WINE_RUN =
  'mlflow-export-import/mlflow-export-import-samples-2026/samples/databricks/single/versions/sklearn_wine/run/run.json';

function tagFolder(dir: string): Map<string, string> {
  const path = join(REAL_FIXTURES, dir, 'tags');
  return new Map(readdirSync(path).map((k) => [k, readFileSync(join(path, k), 'utf8')]));
}

function wineRun(): { tags: Map<string, string>; inputs: unknown } {
  const doc = JSON.parse(real(WINE_RUN)) as {
    mlflow: { tags: Record<string, string>; inputs: unknown };
  };
  return { tags: new Map(Object.entries(doc.mlflow.tags)), inputs: doc.mlflow.inputs };
}

describe('MLflow tags → code', () => {
  it('reads the commit and script MLflow 3 tagged a local run with (advance-mlflow3-alias)', () => {
    expect(codeFromMlflowTags(tagFolder(ALIAS_RUN))).toEqual({
      repository: null,
      commit: 'f9135b6541b9285d578618125fe3f8d6e8e6568e',
      branch: null,
      dirty: null,
      entryPoint: 'model_registry.py',
      command: null,
      sourceType: 'LOCAL',
      from: ['tag mlflow.source.git.commit', 'tag mlflow.source.name', 'tag mlflow.source.type']
    });
  });

  it("reads a Databricks Repo's URL, commit and branch (export-import 2026 sample)", () => {
    const code = codeFromMlflowTags(wineRun().tags)!;
    expect([code.repository, code.commit, code.branch, code.sourceType]).toEqual([
      'https://github.com/amesar/mlflow-examples',
      '4afec69ef703ad51d52c41b52696910017475764',
      'master',
      'NOTEBOOK'
    ]);
  });

  it('says nothing when only the source type is tagged', () => {
    expect(codeFromMlflowTags(new Map([['mlflow.source.type', 'LOCAL']]))).toBeNull();
  });
});

describe('MLflow dataset inputs and the log-model history', () => {
  it('reads a 2.x dataset input with its digest, source and context (export-import 2026)', () => {
    const [input, ...rest] = datasetInputsFromJson(wineRun().inputs, 'run.json');
    expect(rest).toEqual([]);
    expect(input).toMatchObject({
      name: 'winequality_white_2',
      digest: '062ac4fa',
      sourceType: 'delta_table',
      context: 'training',
      profile: '{"approx_count": 4824}'
    });
    expect(JSON.parse(input!.source!)).toMatchObject({ delta_table_version: 1 });
    expect(input!.schema).toContain('"fixed_acidity"');
  });

  it('reads the models and Python of mlflow.log-model.history (export-import 2026)', () => {
    const history = modelsFromLogModelHistory(wineRun().tags);
    expect(history.python).toBe('3.11.0');
    expect(history.models).toEqual([
      {
        id: '7c56d8b80973448b8c4e7b5a3b9fc7b6',
        name: null,
        artifactPath: 'model',
        flavors: ['python_function', 'sklearn'],
        step: null,
        mlflowVersion: '2.13.1',
        created: '2024-06-05 01:53:53.910623',
        from: 'tag mlflow.log-model.history'
      }
    ]);
  });

  it('ignores a history that is not a JSON list', () => {
    expect(modelsFromLogModelHistory(new Map([['mlflow.log-model.history', '{oops']]))).toEqual({
      models: [],
      python: null
    });
  });
});

describe('model environment files', () => {
  it('reads an MLflow 3 MLmodel: id, flavors, Python (advance-mlflow3-alias)', () => {
    const parsed = parseMlmodel(real(`${ALIAS_MODEL}/MLmodel`), 'MLmodel', null)!;
    expect(parsed.python).toBe('3.12.2');
    expect(parsed.runId).toBe('548f11038477446eba9ec1cbe8164897');
    // The 3.x artifact_path is a file:// URI, not a place among the run's artifacts.
    expect(parsed.model).toMatchObject({
      id: 'm-8295c1ec84394a5cb43029483caa8a4e',
      artifactPath: null,
      flavors: ['python_function', 'sklearn'],
      mlflowVersion: '3.1.1'
    });
  });

  it('reads a 2.x MLmodel inside a run artifact folder (mlops-assignment1-group72)', () => {
    const text = real(
      'mlflow-filestore/mlops-assignment1-group72/mlruns/0/2b54d0b360c643bca05da1f47f04422a/artifacts/model/MLmodel'
    );
    const parsed = parseMlmodel(text, 'artifacts/model/MLmodel', 'model')!;
    expect(parsed.model.artifactPath).toBe('model');
    expect(parsed.model.flavors).toContain('python_function');
    expect(parsed.python).toMatch(/^3\.\d+/);
  });

  it('reads requirements.txt, conda.yaml and python_env.yaml as MLflow 3.1 wrote them', () => {
    const pins = parseRequirementsTxt(real(`${ALIAS_MODEL}/requirements.txt`), 'r');
    expect(pins.map((p) => `${p.name}${p.spec}`)).toEqual([
      'mlflow==3.1.1',
      'cloudpickle==3.1.1',
      'numpy==2.0.2',
      'pandas==2.2.3',
      'psutil==5.9.8',
      'scikit-learn==1.6.1',
      'scipy==1.14.1'
    ]);
    const conda = parseCondaYaml(real(`${ALIAS_MODEL}/conda.yaml`), 'c')!;
    expect(conda.python).toBe('3.12.2');
    // The pip list, not pip itself (`pip<=24.3.1` is the installer).
    expect(conda.packages.map((p) => p.name)).toEqual(pins.map((p) => p.name));
    const env = parsePythonEnvYaml(real(`${ALIAS_MODEL}/python_env.yaml`), 'p')!;
    // `-r requirements.txt` names no package: the file beside it does.
    expect(env).toEqual({ python: '3.12.2', packages: [] });
  });

  it('keeps versions as written and reads hostile files as plain text', () => {
    expect(parsePythonEnvYaml('python: 3.10\ndependencies: [numpy==1.0]\n', 'p')).toEqual({
      python: '3.10',
      packages: [{ name: 'numpy', spec: '==1.0', from: 'p' }]
    });
    expect(parseCondaYaml('dependencies: !!python/object:os.system {a: 1}\n', 'c')).toBeNull();
    expect(
      parseRequirementsTxt(
        '# pinned\n-r base.txt\n--index-url https://x\ntorch[cuda] >= 2.0 ; python_version > "3"\n\n',
        'r'
      )
    ).toEqual([{ name: 'torch', spec: '>= 2.0', from: 'r' }]);
  });
});

describe('importers fill the provenance', () => {
  it("a FileStore run gets its logged model's packages (advance-mlflow3-alias)", async () => {
    const result = await importFromDisk(
      ['mlruns'],
      join(REAL_FIXTURES, 'mlflow-registry/advance-mlflow3-alias-2025')
    );
    const run = result.batches
      .flatMap((b) => b.runs)
      .find((r) => r.id === '548f11038477446eba9ec1cbe8164897')!;
    const p = run.provenance!;
    expect(p.code?.commit).toBe('f9135b6541b9285d578618125fe3f8d6e8e6568e');
    expect(p.models.map((m) => [m.id, m.name, m.step])).toEqual([
      ['m-8295c1ec84394a5cb43029483caa8a4e', 'sklearn-model', 0]
    ]);
    expect(p.environment?.python).toBe('3.12.2');
    expect(p.environment?.packages.map((x) => x.name)).toContain('scikit-learn');
  });

  it('an export-import run gets its dataset input, and no runlens.* tag', async () => {
    const result = await importFromDisk([WINE_RUN], REAL_FIXTURES);
    const run = result.batches[0]!.runs[0]!;
    expect(run.provenance?.data.map((d) => d.name)).toEqual(['winequality_white_2']);
    expect([...run.tags.keys()].some((k) => k.startsWith('runlens.'))).toBe(false);
  });

  it("a W&B run gets git, program, arguments, Python, OS, GPU and CUDA (0.19's cudaVersion) from its metadata", async () => {
    const vq = await importFromDisk(
      ['wandb'],
      join(REAL_FIXTURES, 'wandb/vq-vae-wandb-0.19.8-2025')
    );
    const run = vq.batches.flatMap((b) => b.runs).find((r) => r.id === 'x7n9fszq')!;
    expect(run.provenance?.code).toMatchObject({
      repository: 'https://github.com/02hyc/VQ-VAE.git',
      commit: 'be9946656728feeda8fceba92c74ff4d79e7df5c',
      entryPoint: 'trainer.py',
      command: 'python trainer.py'
    });
    expect(run.provenance?.environment).toMatchObject({
      python: 'CPython 3.12.2',
      hardware: 'NVIDIA GeForce RTX 4060 Ti, CUDA 12.4'
    });
    const cart = await importFromDisk(
      ['wandb'],
      join(REAL_FIXTURES, 'wandb/robust-cartpole-wandb-0.16-2023')
    );
    const commands = cart.batches.flatMap((b) => b.runs).map((r) => r.provenance?.code?.command);
    expect(commands.every((c) => c?.startsWith('python main.py --log --seed'))).toBe(true);
  });
});
