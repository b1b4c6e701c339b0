// mlflow-export-import: the tool's own samples of three generations (three ways each), then small
// inline files for every shape and oddity.
import { testContext } from './helpers/import-context';
import { describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/lib/cli/disk-source';
import { prepareImport } from '../../src/lib/db/prepare';
import { mlflowExportImportImporter } from '../../src/lib/importers/mlflow-export-import';
import { mlflowRestImporter } from '../../src/lib/importers/mlflow-rest';
import { IMPORTERS, detectImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { summarizeSeries, type ImportedBatch } from '../../src/lib/model';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { textFile } from './helpers/batches';
import {
  REAL_FIXTURES,
  checkThreeWays,
  importFromDisk,
  readManifest
} from './helpers/real-fixtures';

const ALL = [...IMPORTERS, mlflowExportImportImporter, mlflowRestImporter];
const ctx = testContext();

async function importText(text: string, name = 'run.json'): Promise<ImportedBatch> {
  const source = new ImportSource(textFile(name, text));
  const importer = await detectImporter(source, ALL);
  expect(importer.id).toBe('mlflow-export-import');
  return importer.parse(source, ctx);
}

async function rejection(text: string): Promise<string> {
  return importText(text).then(
    () => 'imported',
    (e: unknown) => (e instanceof Error ? e.message : String(e))
  );
}

const envelope = (mlflow: unknown, info?: unknown) =>
  JSON.stringify({
    system: { package_version: '1.2.0', script: 'export_run.py', mlflow_version: '2.3.2' },
    ...(info ? { info } : {}),
    mlflow
  });

/** What a person checks after importing one run. */
function runSummary(batch: ImportedBatch) {
  return batch.runs.map((r) => ({
    experiment: batch.experiments.find((e) => e.id === r.experimentId),
    id: r.id,
    name: r.name,
    status: r.status,
    deleted: r.deleted,
    parentId: r.parentId,
    startTime: r.startTime,
    endTime: r.endTime,
    params: Object.fromEntries(r.params),
    metrics: Object.fromEntries(
      r.metrics.map((m) => {
        const s = summarizeSeries(m);
        return [
          m.key,
          `${s.count} pts, last ${s.last} @ step ${s.lastStep}, t0 ${m.timestamps[0]}`
        ];
      })
    )
  }));
}

describe('the tool’s own samples', () => {
  for (const entry of readManifest('mlflow-export-import')) {
    const label = entry.inputs ? `${entry.set} ${entry.inputs.join(' + ')}` : entry.set;
    it(label, () => checkThreeWays(entry, ALL));
  }

  it('reports the broken experiment.json by line and column', async () => {
    const set = `${REAL_FIXTURES}/mlflow-export-import/mlflow-export-import-samples-2026`;
    const result = await importFromDisk(['samples/oss_mlflow/bulk/experiments'], set, ALL);
    expect(result.errors).toEqual([
      {
        file: 'experiments/2/experiment.json',
        message: expect.stringMatching(/^is not valid JSON \(.*line 28, column 53\)$/) as string
      }
    ]);
  });

  it('shows a run under its experiment’s real name when experiment.json comes along', async () => {
    const set = `${REAL_FIXTURES}/mlflow-export-import/mlflow-export-import-samples-2026`;
    const result = await importFromDisk(['samples/oss_mlflow/single/experiments/basic'], set, ALL);
    const batches = result.batches.map((batch, i) => ({
      file: `f${i}`,
      format: 'mlflow-export-import',
      batch
    }));
    // Whatever order the files come in, the run file's placeholder never wins over the record.
    for (const parsed of [batches, [...batches].reverse()]) {
      const rows = prepareImport('i', parsed, 0).experiments;
      expect(rows.map((e) => [e.id, e.name, e.placeholder, e.tags.get('version_mlflow')])).toEqual([
        ['1', 'sklearn_wine', false, '2.3.2']
      ]);
    }
  });
});

describe('runs exported with their artifacts', () => {
  const noop = () => {};
  const SET_2022 = `${REAL_FIXTURES}/mlflow-export-import/mlflow-export-import-samples-2022`;

  it('the 2022 sample: artifacts/ beside run.json are the run’s artifacts, not skipped files', async () => {
    const { inputs } = await collectInputs(['samples'], SET_2022);
    const result = await parseFiles(inputs, IMPORTERS, noop, noop);
    const runs = result.parsed.flatMap((p) => p.batch.runs);
    const artifacts = (id: string) =>
      runs
        .find((r) => r.id === id)!
        .artifacts.map((a) => [a.path, a.size, a.mediaType, a.content?.length ?? null]);
    expect(artifacts('eb66c160957d4a28b11d3f1b968df9cd')).toEqual([
      ['model/MLmodel', 431, 'application/yaml', 431],
      ['plot.png', 27836, 'image/png', 27836]
    ]);
    // The Databricks run was exported without its artifacts: a run.json alone, still read.
    expect(artifacts('f2e3f75c845d4365addbc9c0262a58a5')).toEqual([]);
    expect(result.skipped.filter((s) => s.file.includes('/artifacts/'))).toEqual([]);
    expect(result.errors).toEqual([]);
    // The sample's two registered models (model.json) are read too: registry, no runs.
    expect(result.read.map((r) => [r.file.split('/').at(-1), r.runs])).toEqual([
      ['eb66c160957d4a28b11d3f1b968df9cd', 1],
      ['run.json', 1],
      ['model.json', 0],
      ['model.json', 0]
    ]);
  });

  it('a broken run.json in a run folder is named, and its artifacts are not read', async () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const files = [
      sourceFromBytes('r1/run.json', bytes('{"system": {"package_version": "1.2.0"}, "mlflow": {')),
      sourceFromBytes('r1/artifacts/notes.txt', bytes('hello'))
    ];
    const result = await parseFiles(files, IMPORTERS, noop, noop);
    expect(result.parsed).toEqual([]);
    expect(result.errors).toEqual([
      { file: 'r1/run.json', message: expect.stringMatching(/^is not valid JSON/) as string }
    ]);
  });
});

describe('run.json generations', () => {
  it('2021: latest values only, one point at step 0 timed at the run’s end', async () => {
    const batch = await importText(
      JSON.stringify({
        info: {
          run_id: 'r1',
          experiment_id: '1',
          status: 'FINISHED',
          start_time: 1632774882618,
          end_time: 1632774885705,
          lifecycle_stage: 'active'
        },
        params: { max_depth: '4' },
        metrics: { rmse: 0.73, r2: 0.28 },
        tags: {
          'mlflow.runName': 'train.sh',
          'mlflow_export_import.metadata.experiment_id': '1',
          'mlflow_export_import.metadata.experiment_name': 'sklearn',
          'mlflow_export_import.metadata.end_time': 1632774885705
        }
      })
    );
    expect(runSummary(batch)).toEqual([
      {
        experiment: {
          id: '1',
          name: 'sklearn',
          deleted: false,
          tags: new Map(),
          placeholder: true
        },
        id: 'r1',
        name: 'train.sh',
        status: 'FINISHED',
        deleted: false,
        parentId: null,
        startTime: 1632774882618,
        endTime: 1632774885705,
        params: { max_depth: '4' },
        metrics: {
          rmse: '1 pts, last 0.73 @ step 0, t0 1632774885705',
          r2: '1 pts, last 0.28 @ step 0, t0 1632774885705'
        }
      }
    ]);
    // A tag written as a JSON number is kept as its digits.
    expect(batch.runs[0]!.tags.get('mlflow_export_import.metadata.end_time')).toBe('1632774885705');
  });

  it('2021: without an end time the start time is used, without either NaN', async () => {
    const run = (info: object) =>
      JSON.stringify({ info: { run_id: 'r', experiment_id: '1', ...info }, metrics: { m: 1 } });
    const [a] = (await importText(run({ start_time: 5, end_time: null }))).runs;
    const [b] = (await importText(run({}))).runs;
    expect(a!.metrics[0]!.timestamps[0]).toBe(5);
    expect(b!.metrics[0]!.timestamps[0]).toBeNaN();
    expect([b!.startTime, b!.endTime, b!.status]).toEqual([null, null, 'FINISHED']);
  });

  it('2022: export_info + full histories, bare NaN and Infinity from Python', async () => {
    const batch = await importText(
      '{"export_info": {"mlflow_version": "1.26.1", "export_time": "2022-06-17 04:09:51"},\n' +
        ' "info": {"run_uuid": "r2", "experiment_id": "2", "status": "FAILED", "start_time": 1,\n' +
        '          "end_time": 9, "lifecycle_stage": "active"},\n' +
        ' "params": {}, "tags": {"mlflow.runName": "n"},\n' +
        ' "metrics": {"loss": [{"value": 0.5, "timestamp": 2, "step": 0},\n' +
        '                      {"value": NaN, "timestamp": 3, "step": 1},\n' +
        '                      {"value": Infinity, "timestamp": 4, "step": 2}],\n' +
        '             "never_logged": []}}'
    );
    const [summary] = runSummary(batch);
    expect(summary!.id).toBe('r2');
    expect(summary!.status).toBe('FAILED');
    // A key with an empty list is no metric.
    expect(summary!.metrics).toEqual({ loss: '3 pts, last Infinity @ step 2, t0 2' });
    expect([...batch.runs[0]!.metrics[0]!.values]).toEqual([0.5, NaN, Infinity]);
    expect(summary!.experiment).toMatchObject({ id: '2', name: '2', placeholder: true });
  });

  it('2023+: the envelope, with nested and deleted runs, numeric status and odd keys', async () => {
    const batch = await importText(
      envelope({
        info: {
          run_id: 'child',
          experiment_id: '7',
          status: 4,
          start_time: '1684623849419',
          end_time: null,
          lifecycle_stage: 'deleted',
          _start_time: '2023-05-20 23:04:09'
        },
        params: { ['cafe\u0301']: 'nfd', ['__proto__']: 'kept' },
        metrics: {
          acc: [
            { value: 0.9, timestamp: 10, step: 3, dataset_name: 'wine', model_id: 'm-1' },
            { value: 0.8, timestamp: 11 }
          ]
        },
        tags: { 'mlflow.parentRunId': 'parent', 'mlflow.runName': 'from-tag' },
        inputs: { dataset_inputs: [] }
      })
    );
    const [summary] = runSummary(batch);
    expect(summary).toMatchObject({
      name: 'from-tag',
      status: 'FAILED',
      deleted: true,
      parentId: 'parent',
      startTime: 1684623849419,
      endTime: null,
      metrics: { acc: '2 pts, last 0.9 @ step 3, t0 10' }
    });
    expect([...batch.runs[0]!.params]).toEqual([
      ['café', 'nfd'],
      ['__proto__', 'kept']
    ]);
  });

  it('params and tags also as MLflow’s [{key, value}] lists, metrics as a point list', async () => {
    const batch = await importText(
      envelope({
        info: { run_id: 'r', experiment_id: '1', run_name: 'named' },
        params: [{ key: 'lr', value: '0.1' }],
        tags: [{ key: 't', value: 'v' }],
        metrics: [
          { key: 'loss', value: 2, timestamp: 1, step: 0 },
          { key: 'loss', value: 1, timestamp: 2, step: 1 }
        ]
      })
    );
    expect(runSummary(batch)[0]).toMatchObject({
      name: 'named',
      params: { lr: '0.1' },
      metrics: { loss: '2 pts, last 1 @ step 1, t0 1' }
    });
  });

  it('names the experiment from the tool’s source tags only when they describe it', async () => {
    const run = (sourceId: string) =>
      envelope({
        info: { run_id: 'r', experiment_id: '12728143' },
        tags: {
          'mlflow_export_import.metadata.experiment_id': sourceId,
          'mlflow_export_import.metadata.experiment_name': '/Users/a/imported'
        }
      });
    // Re-imported runs keep the first source's name in their tags: not this experiment's.
    expect((await importText(run('5014123'))).experiments[0]!.name).toBe('12728143');
    expect((await importText(run('12728143'))).experiments[0]!.name).toBe('/Users/a/imported');
  });
});

describe('experiments and indexes', () => {
  it('experiment.json is the experiment’s full record', async () => {
    const batch = await importText(
      envelope(
        {
          experiment: {
            experiment_id: '3',
            name: 'old',
            lifecycle_stage: 'deleted',
            tags: { 'mlflow.note.content': 'x' }
          },
          runs: ['a', 'b']
        },
        { num_total_runs: 2 }
      ),
      'experiment.json'
    );
    expect(batch).toEqual({
      experiments: [
        { id: '3', name: 'old', deleted: true, tags: new Map([['mlflow.note.content', 'x']]) }
      ],
      runs: []
    });
  });

  it('legacy manifest.json and the bulk indexes name experiments', async () => {
    const legacy = await importText(
      JSON.stringify({
        experiment: { experiment_id: '1', name: 'sklearn', lifecycle_stage: 'active', tags: {} },
        export_info: { export_time: '2021-09-28 15:41:12', num_runs: 0 },
        run_ids: ['r'],
        failed_run_ids: []
      })
    );
    expect(legacy.experiments.map((e) => [e.id, e.name, e.placeholder])).toEqual([
      ['1', 'sklearn', undefined]
    ]);
    const index = await importText(
      envelope({ experiments: [{ id: '2', name: 'sklearn_iris', ok_runs: 1 }] }, { duration: 1 })
    );
    expect(index.experiments).toEqual([
      { id: '2', name: 'sklearn_iris', deleted: false, tags: new Map(), placeholder: true }
    ]);
  });

  it('model.json and version.json are registered models, apart from the runs', async () => {
    const model = await importText(
      envelope({
        registered_model: {
          name: 'm',
          description: '',
          tags: [{ key: 'team', value: 'vision' }],
          aliases: [{ alias: 'champion', version: '2' }],
          versions: [
            { version: '2', run_id: 'r2', current_stage: 'Production', creation_timestamp: 5 },
            { version: '1', run_id: '', current_stage: 'None', tags: { k: 'v' } }
          ]
        }
      })
    );
    expect(model.runs).toEqual([]);
    expect(model.registry?.map((m) => [m.name, m.description, [...m.tags], m.aliases])).toEqual([
      ['m', null, [['team', 'vision']], [{ alias: 'champion', version: '2' }]]
    ]);
    expect(
      model.registry?.[0]?.versions.map((v) => [v.version, v.runId, v.stage, v.created])
    ).toEqual([
      ['1', null, 'None', null],
      ['2', 'r2', 'Production', 5]
    ]);
    const version = await importText(
      envelope({ model_version: { name: 'm', version: '3', run_id: 'r', aliases: ['best'] } })
    );
    expect(
      version.registry?.map((m) => [m.name, m.aliases, m.versions.map((v) => v.runId)])
    ).toEqual([['m', [{ alias: 'best', version: '3' }], ['r']]]);
    // The legacy model.json: the registered-models/get response on its own, timestamps as text.
    const legacy = await importText(
      JSON.stringify({
        registered_model: { name: 'old', creation_timestamp: '1672601487738', latest_versions: [] }
      })
    );
    expect(legacy.registry?.map((m) => [m.name, m.created])).toEqual([['old', 1672601487738]]);
  });

  it('files without runs import as empty: model lists, logged models, prompts…', async () => {
    const empties = [
      envelope({ models: ['a'] }),
      envelope({ experiments: [{ id: '1', name: 'e', logged_models: [] }] }),
      envelope({ experiments: [{ id: '1', name: 'e', traces: [] }] }),
      envelope({ model_id: 'm-1', experiment_id: '1', name: 'model' }),
      envelope({ info: { request_id: 't', experiment_id: '1' }, data: { spans: [] } }),
      envelope({ prompt: { name: 'p' } }),
      envelope({ total_prompts: 1, successful_exports: 1 }),
      envelope({ evaluation_dataset: { name: 'd' } }),
      envelope({ total_datasets: 2, datasets: [] }),
      envelope({}, { models: {}, experiments: {} }),
      JSON.stringify({ info: { mlflow_version: '1.22.0' }, models: ['a'] })
    ];
    for (const text of empties) {
      expect(await importText(text), text).toEqual({ experiments: [], runs: [] });
    }
  });
});

describe('files it refuses', () => {
  it('an envelope holding something it does not know, naming what it found', async () => {
    expect(await rejection(envelope({ widget: {} }))).toBe(
      'run.json: is an mlflow-export-import file of a kind Runlens does not know ' +
        '("mlflow" holds "widget"), so no runs could be read from it'
    );
  });

  it('bad values, naming the place', async () => {
    const run = (metrics: unknown, info: object = {}) =>
      JSON.stringify({ info: { run_id: 'r', experiment_id: '1', ...info }, metrics });
    expect(await rejection(run({ loss: [{ value: 1 }, { value: 1 }, { value: 'abc' }] }))).toBe(
      'run.json: metrics["loss"][2].value: expected a number, found the text "abc"'
    );
    expect(await rejection(run({ loss: [{ value: 1, step: 'x' }] }))).toBe(
      'run.json: metrics["loss"][0].step: expected a number, found the text "x"'
    );
    expect(await rejection(run({}, { status: 'DONE' }))).toMatch(
      /^run\.json: info\.status: unknown run status the text "DONE"/
    );
    expect(await rejection(envelope({ info: { run_id: 'r' } }))).toBe(
      'run.json: mlflow.info.experiment_id: expected text, found nothing (the member is missing)'
    );
    expect(
      await rejection(envelope({ info: { run_id: 'r', experiment_id: '1' }, tags: { t: [] } }))
    ).toBe('run.json: mlflow.tags["t"]: expected text, found a list');
  });

  it('broken JSON from the tool, with line and column', async () => {
    const text = envelope({ experiment: { experiment_id: '1' } }).replace('"1"}', '"1}');
    expect(await rejection(text)).toMatch(
      /^run\.json: is not valid JSON \(.*line 1, column \d+\)$/
    );
  });

  it('leaves MLflow REST responses and other JSON to other importers', async () => {
    for (const text of [
      '{"run": {"info": {"run_id": "r", "experiment_id": "1"}, "data": {}}}',
      '{"experiment": {"experiment_id": "1", "name": "e"}}',
      '{"format": "runlens", "version": 1}',
      '{"info": {"title": "an OpenAPI file"}, "experiments": []}'
    ]) {
      const source = new ImportSource(textFile('x.json', text));
      expect(await mlflowExportImportImporter.sniff(source), text).toBeNull();
    }
  });
});
