// MLflow run dumps (mlflow-run-dump.ts): mlflow-tools' dump_run in JSON and YAML, dump_experiment,
// and Run.to_dictionary() bare or in a list; small hand-built files shaped like the tool's samples.
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/importers/errors';
import { mlflowRunDumpImporter } from '../../src/lib/importers/mlflow-run-dump';
import { findImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { testContext } from './helpers/import-context';

function sourceOf(name: string, text: string): ImportSource {
  return new ImportSource(sourceFromBytes(name, new TextEncoder().encode(text)));
}

/** Detects among every importer (this one must win) and parses. */
async function importText(name: string, text: string, id = 'mlflow-run-dump') {
  const source = sourceOf(name, text);
  const importer = await findImporter(source);
  expect(importer?.id).toBe(id);
  const ctx = testContext();
  return { batch: await importer!.parse(source, ctx), warnings: ctx.warnings };
}

/** What a person sees of a run: name, times, params, tags, metrics with their points. */
function runSummary(r: Run) {
  return {
    id: r.id,
    experiment: r.experimentId,
    name: r.name,
    status: r.status,
    start: r.startTime,
    end: r.endTime,
    params: Object.fromEntries(r.params),
    tags: r.tags.size,
    metrics: Object.fromEntries(
      r.metrics.map((m) => [m.key, [...m.steps].map((s, i) => `${s}:${m.values[i]}`).join(' ')])
    ),
    artifacts: r.artifacts.map((a) => `${a.path} ${a.size}`)
  };
}

const experiments = (b: ImportedBatch) => b.experiments.map((e) => `${e.id} ${e.name}`);

const info = {
  run_uuid: 'a50163ec4f9e4343ac8d7e46df730a96',
  experiment_id: '2',
  run_name: 'train_mult.sh',
  user_id: 'andre',
  status: 'FINISHED',
  start_time: 1669434180226,
  end_time: 1669434186906,
  artifact_uri: '/opt/mlflow/server/mlruns/2/a50163ec4f9e4343ac8d7e46df730a96/artifacts',
  lifecycle_stage: 'active',
  run_id: 'a50163ec4f9e4343ac8d7e46df730a96',
  _start_time: '2022-11-26 03:43:00',
  _end_time: '2022-11-26 03:43:06',
  _duration: 6.68
};

/** dump_run as mlflow-tools writes it (2022): lists of key/value, a tag exploded into JSON. */
const dumpRun = {
  summary: { artifacts: 2, artifact_bytes: 28270, params: 2, metrics: 2, tags: 3 },
  run: {
    info,
    data: {
      metrics: [
        { key: 'rmse', value: 0.74, timestamp: 1669434184499, step: 0 },
        { key: 'rmse', value: 0.71, timestamp: 1669434184599, step: 1 },
        { key: 'r2', value: 0.28, timestamp: 1669434184507, step: 0 }
      ],
      params: [
        { key: 'max_depth', value: '4' },
        { key: 'model-name', value: "''" }
      ],
      tags: [
        { key: 'mlflow.user', value: 'andre' },
        { key: 'mlflow.runName', value: 'train_mult.sh' },
        {
          key: 'mlflow.log-model.history',
          value: [{ artifact_path: 'model', flavors: { sklearn: { code: null } } }]
        }
      ]
    }
  },
  artifacts: {
    root_uri: '/opt/mlflow/server/mlruns/2/a50163ec4f9e4343ac8d7e46df730a96/artifacts',
    files: [
      {
        path: 'model',
        is_dir: true,
        artifacts: { files: [{ path: 'model/MLmodel', is_dir: false, file_size: 502 }] }
      },
      { path: 'plot.png', is_dir: false, file_size: 27768 }
    ]
  }
};

const expectedRun = {
  id: 'a50163ec4f9e4343ac8d7e46df730a96',
  experiment: '2',
  name: 'train_mult.sh',
  status: 'FINISHED',
  start: 1669434180226,
  end: 1669434186906,
  params: { max_depth: '4', 'model-name': "''" },
  tags: 3,
  metrics: { rmse: '0:0.74 1:0.71', r2: '0:0.28' },
  artifacts: ['model/MLmodel 502', 'plot.png 27768']
};

describe('mlflow-tools dump_run', () => {
  it('reads the run, its metric history, and lists its artifacts', async () => {
    const { batch } = await importText('run.json', JSON.stringify(dumpRun, null, 2));
    expect(batch.runs.map(runSummary)).toEqual([expectedRun]);
    expect(experiments(batch)).toEqual(['2 2']);
    expect(batch.runs[0]!.tags.get('mlflow.log-model.history')).toBe(
      '[{"artifact_path":"model","flavors":{"sklearn":{"code":null}}}]'
    );
  });

  it('reads the YAML twin the same', async () => {
    const yaml = `summary:
  artifacts: 2
  params: 2
run:
  info:
    run_uuid: a50163ec4f9e4343ac8d7e46df730a96
    experiment_id: '2'
    run_name: train_mult.sh
    status: FINISHED
    start_time: 1669434180226
    end_time: 1669434186906
    lifecycle_stage: active
    run_id: a50163ec4f9e4343ac8d7e46df730a96
    _start_time: '2022-11-26 03:43:00'
  data:
    metrics:
    - key: rmse
      value: 0.74
      timestamp: 1669434184499
      step: 0
    - key: rmse
      value: 0.71
      timestamp: 1669434184599
      step: 1
    - key: r2
      value: 0.28
      timestamp: 1669434184507
      step: 0
    params:
    - key: max_depth
      value: '4'
    - key: model-name
      value: "''"
    tags:
    - key: mlflow.user
      value: andre
    - key: mlflow.runName
      value: train_mult.sh
    - key: mlflow.log-model.history
      value:
      - artifact_path: model
        flavors:
          sklearn:
            code: null
artifacts:
  root_uri: /opt/mlflow/server/mlruns/2/a50163ec4f9e4343ac8d7e46df730a96/artifacts
  files:
  - path: model
    is_dir: true
    artifacts:
      files:
      - path: model/MLmodel
        is_dir: false
        file_size: 502
  - path: plot.png
    is_dir: false
    file_size: 27768
`;
    const { batch } = await importText('run.yaml', yaml);
    expect(batch.runs.map(runSummary)).toEqual([expectedRun]);
  });

  it('keeps a YAML run id that looks like a number in exponent form as text', async () => {
    const yaml = `run:\n  info:\n    run_id: 31415926e5358979\n    experiment_id: '0'\n  data:\n    params:\n      seed: 1e3\n`;
    const { batch } = await importText('odd.yaml', yaml);
    expect(batch.runs.map((r) => [r.id, Object.fromEntries(r.params)])).toEqual([
      ['31415926e5358979', { seed: '1e3' }]
    ]);
  });

  it('reads the 2021 HTTP dump: times, steps and sizes as strings of digits', async () => {
    const old = {
      summary: { params: 1, metrics: 1 },
      run: {
        info: {
          ...info,
          run_name: undefined,
          start_time: '1629947182813',
          end_time: '1629947184041'
        },
        data: {
          metrics: [{ key: 'mae', value: 0.58, timestamp: '1629947183211', step: '0' }],
          params: [{ key: 'max_depth', value: '4' }],
          tags: [{ key: 'mlflow.runName', value: 'train.sh' }]
        }
      },
      artifacts: { files: [{ path: 'plot.png', is_dir: false, file_size: '27836' }] }
    };
    const { batch } = await importText('run.json', JSON.stringify(old));
    expect(
      batch.runs.map((r) => [
        r.name,
        r.startTime,
        r.metrics[0]!.timestamps[0],
        r.artifacts[0]!.size
      ])
    ).toEqual([['train.sh', 1629947182813, 1629947183211, 27836]]);
  });

  it('reads dump_experiment: the experiment record and every run, tags as a dict', async () => {
    const doc = {
      system: { script: 'dump_experiment.py' },
      experiment: { experiment_id: '2', name: 'sklearn_wine', lifecycle_stage: 'active', tags: {} },
      runs_summary: { num_runs: 2 },
      runs: [
        dumpRun,
        {
          summary: {},
          run: {
            info: { ...info, run_id: 'b2', run_uuid: 'b2', run_name: 'second' },
            data: { metrics: [], params: [], tags: { 'mlflow.user': 'andre' } }
          }
        }
      ]
    };
    const { batch } = await importText('experiment.json', JSON.stringify(doc));
    expect(batch.runs.map((r) => r.name)).toEqual(['train_mult.sh', 'second']);
    expect(experiments(batch)).toEqual(['2 sklearn_wine']);
  });

  it('leaves out an artifact path that climbs out of the run, and says so', async () => {
    const doc = structuredClone(dumpRun);
    doc.artifacts.files.push({ path: '../../etc/passwd', is_dir: false, file_size: 1 });
    const { batch, warnings } = await importText('run.json', JSON.stringify(doc));
    expect(batch.runs[0]!.artifacts.map((a) => a.path)).toEqual(['model/MLmodel', 'plot.png']);
    expect(warnings.map((w) => w.message)).toEqual([
      'run a50163ec4f9e4343ac8d7e46df730a96: 1 artifact path(s) outside the run were left out ("../../etc/passwd")'
    ]);
  });
});

describe('Run.to_dictionary()', () => {
  const bare = {
    info: { ...info, run_name: 'bare', _start_time: undefined },
    data: {
      metrics: { rmse: 0.7, 'val/loss': 'NaN' },
      params: { alpha: '0.5', __proto__: 'x' },
      tags: { 'mlflow.parentRunId': 'p1' }
    },
    inputs: { dataset_inputs: [] }
  };

  it('reads the dict form: latest values as one point at the end time, the parent from tags', async () => {
    const text = JSON.stringify(bare).replace('"params":{', '"params":{"__proto__":"x",');
    const { batch } = await importText('bare.json', text);
    const [run] = batch.runs;
    expect(runSummary(run!)).toMatchObject({
      name: 'bare',
      params: { alpha: '0.5' },
      metrics: { rmse: '0:0.7', 'val/loss': '0:NaN' }
    });
    expect([...run!.params.keys()]).toEqual(['__proto__', 'alpha']);
    expect([...run!.metrics[0]!.timestamps]).toEqual([1669434186906]);
    expect(run!.parentId).toBe('p1');
  });

  it('reads metrics as lists of bare values (steps 0..n-1) or single points', async () => {
    const doc = {
      info: { run_id: 'h1', experiment_id: '0' },
      data: { metrics: { loss: [0.9, 0.5, 0.2], acc: { value: 0.8, step: 4, timestamp: 5 } } }
    };
    const { batch } = await importText('hist.json', JSON.stringify(doc));
    expect(runSummary(batch.runs[0]!).metrics).toEqual({ loss: '0:0.9 1:0.5 2:0.2', acc: '4:0.8' });
  });

  it('reads a list of them, every run', async () => {
    const list = [0, 1, 2].map((i) => ({
      ...bare,
      info: { ...bare.info, run_id: `r${i}`, run_uuid: `r${i}`, experiment_id: String(i % 2) }
    }));
    const { batch } = await importText('runs.json', JSON.stringify(list));
    expect(batch.runs.map((r) => `${r.experimentId}/${r.id}`)).toEqual(['0/r0', '1/r1', '0/r2']);
    expect(experiments(batch)).toEqual(['0 0', '1 1']);
  });
});

describe('what it leaves to others, and broken dumps', () => {
  it('leaves a saved runs/get response ({run} alone) to the REST importer', async () => {
    const run = { ...dumpRun.run, data: { ...dumpRun.run.data, tags: [] } };
    const { batch } = await importText('get.json', JSON.stringify({ run }), 'mlflow-rest');
    expect(batch.runs).toHaveLength(1);
  });

  it('does not claim an MLflow trace ({info, data} without a run id)', async () => {
    const trace = { info: { request_id: 'tr-1', status: 'OK' }, data: { spans: [] } };
    expect(
      await mlflowRunDumpImporter.sniff(sourceOf('trace.json', JSON.stringify(trace)))
    ).toBeNull();
  });

  it('names the place of a bad value', async () => {
    const doc = structuredClone(dumpRun);
    (doc.run.data.metrics[1] as { value: unknown }).value = 'high';
    const source = sourceOf('bad.json', JSON.stringify(doc));
    const error = await mlflowRunDumpImporter.parse(source, testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(
      'bad.json: run.data.metrics[1].value: expected a number, found the text "high"'
    );
  });

  it('names broken YAML', async () => {
    const source = sourceOf('bad.yaml', 'run:\n  info:\n    run_id: x\n   bad: [\n');
    const error = await mlflowRunDumpImporter.parse(source, testContext()).catch((e: unknown) => e);
    expect((error as ImportError).message).toMatch(/^bad\.yaml: is not valid YAML/);
  });
});
