// MLflow REST API responses: hand-written responses (tests/fixtures/generated/mlflow-rest, made from
// FORMATS.md §2) imported as a folder, then small inline responses for every shape and oddity.
import { testContext } from './helpers/import-context';
import { describe, expect, it } from 'vitest';
import { prepareImport } from '../../src/lib/db/prepare';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { mlflowExportImportImporter } from '../../src/lib/importers/mlflow-export-import';
import { mlflowRestImporter } from '../../src/lib/importers/mlflow-rest';
import { IMPORTERS, detectImporter } from '../../src/lib/importers/registry';
import { HEAD_BYTES, ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { summarizeSeries, type ImportedBatch } from '../../src/lib/model';
import { parseFiles } from '../../src/lib/worker/import-pipeline';
import { textFile } from './helpers/batches';
import { countResult, importFromDisk, runSummaries } from './helpers/real-fixtures';

const ALL = [...IMPORTERS, mlflowExportImportImporter, mlflowRestImporter];
const GENERATED = 'tests/fixtures/generated';
const ctx = testContext();

async function importText(text: string, name = 'response.json'): Promise<ImportedBatch> {
  const source = new ImportSource(textFile(name, text));
  const importer = await detectImporter(source, ALL);
  expect(importer.id).toBe('mlflow-rest');
  return importer.parse(source, ctx);
}

async function rejection(text: string): Promise<string> {
  return importText(text).then(
    () => 'imported',
    (e: unknown) => (e instanceof Error ? e.message : String(e))
  );
}

const info = (extra: object = {}) => ({ run_id: 'r', experiment_id: '1', ...extra });

describe('a folder of saved responses', () => {
  const load = () => importFromDisk(['mlflow-rest'], GENERATED, ALL);

  it('imports runs and experiments, and explains why get-history cannot come alone', async () => {
    const result = await load();
    expect(countResult(result)).toEqual({
      experiments: 4,
      runs: 5,
      deleted: 1,
      nested: 1,
      params: 6,
      points: 7,
      errors: 1
    });
    expect(result.formats).toEqual(['mlflow-rest']);
    expect(result.errors[0]!.file).toBe('mlflow-rest/metrics-get-history.json');
    expect(result.errors[0]!.message).toMatch(
      /^is a saved metrics\/get-history response \(3 point\(s\) of "loss"\)\. It cannot be imported on its own: such a response does not say which run/
    );
  });

  it('reads NaN, ±Infinity, clamped infinities and int64 strings as numbers', async () => {
    const runs = (await load()).batches.flatMap((b) => b.runs);
    const metric = (run: string, key: string) => {
      const s = runs.find((r) => r.id === run)!.metrics.find((m) => m.key === key)!;
      const { count, last, lastStep } = summarizeSeries(s);
      return { count, last, lastStep, at: s.timestamps[0] };
    };
    const first = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    expect(metric(first, 'loss')).toEqual({ count: 1, last: NaN, lastStep: 9, at: 1721450907300 });
    expect(metric(first, 'grad_norm').last).toBe(1.7976931348623157e308);
    expect(metric('5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c', 'rmse').last).toBe(Infinity);
    const old = '77aa77aa77aa77aa77aa77aa77aa77aa';
    expect(metric(old, 'val/loss')).toEqual({
      count: 1,
      last: -Infinity,
      lastStep: 120,
      at: 1650000300000
    });
    const oldRun = runs.find((r) => r.id === old)!;
    expect([oldRun.name, oldRun.status, oldRun.startTime, oldRun.endTime]).toEqual([
      'old-server-run',
      'FAILED',
      1650000000123,
      1650000360456
    ]);
    expect(oldRun.params.get('__proto__')).toBe('kept as a param');
    expect(oldRun.tags.get('mlflow.note.content')).toBe('');
  });

  it('flags deleted runs and experiments, links nested runs, leaves running ones open', async () => {
    const result = await load();
    const runs = result.batches.flatMap((b) => b.runs);
    const summary = runs.map(
      (r) => `${r.name}:${r.status}:${r.deleted}:${r.parentId}:${r.endTime}`
    );
    expect(summary.sort()).toEqual([
      'abandoned:KILLED:true:null:1721300004000',
      'fold-0:FINISHED:false:0f1e2d3c4b5a69788796a5b4c3d2e1f0:1721450990000',
      'old-server-run:FAILED:false:null:1650000360456',
      'still-going:RUNNING:false:null:null',
      'wistful-ant-659:FINISHED:false:null:1721451907230'
    ]);
    const experiments = result.batches.flatMap((b) => b.experiments.filter((e) => !e.placeholder));
    expect(experiments.map((e) => `${e.id}:${e.name}:${e.deleted}:${e.tags.size}`).sort()).toEqual([
      '0:Default:false:0',
      '1:wine-quality:false:2',
      '2:wine-elasticnet:false:1',
      '3:scratch:true:0'
    ]);
  });

  it('shows runs under their experiments’ real names, whatever order the files come in', async () => {
    const result = await load();
    const parsed = result.batches.map((batch, i) => ({
      file: `f${i}`,
      format: 'mlflow-rest',
      batch
    }));
    for (const order of [parsed, [...parsed].reverse()]) {
      const rows = prepareImport('i', order, 0).experiments;
      expect(rows.map((e) => `${e.id}:${e.name}`).sort()).toEqual([
        '0:Default',
        '1:wine-quality',
        '2:wine-elasticnet',
        '3:scratch'
      ]);
    }
  });

  it('survives a Runlens JSON round trip and meaningless names unchanged', async () => {
    const own = await load();
    const again = await parseFiles(
      own.batches.map((b, i) =>
        sourceFromBytes(`bundle-${i}.json`, new TextEncoder().encode(writeRunlensJson(b)))
      ),
      ALL,
      () => {},
      () => {}
    );
    expect(again.errors).toEqual([]);
    const reimported = { batches: again.parsed.map((p) => p.batch), formats: [], errors: [] };
    expect(runSummaries(reimported)).toEqual(runSummaries(own));

    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(`${GENERATED}/mlflow-rest/runs-search.json`);
    const source = new ImportSource(sourceFromBytes('unknown', new Uint8Array(bytes)));
    expect((await detectImporter(source, ALL)).id).toBe('mlflow-rest');
  });
});

describe('response shapes', () => {
  it('runs/get: one run, its experiment a placeholder known by id', async () => {
    const batch = await importText(
      JSON.stringify({
        run: {
          info: { run_uuid: 'old-id', experiment_id: '4', status: 3 },
          data: { metrics: [{ key: 'm', value: '2.5', timestamp: '7' }] }
        }
      })
    );
    expect(batch.experiments).toEqual([
      { id: '4', name: '4', deleted: false, tags: new Map(), placeholder: true }
    ]);
    const [run] = batch.runs;
    expect([run!.id, run!.status, run!.name, run!.source.format]).toEqual([
      'old-id',
      'FINISHED',
      null,
      'mlflow-rest'
    ]);
    // A point without a step is at step 0 (proto default).
    expect(summarizeSeries(run!.metrics[0]!)).toMatchObject({ last: 2.5, lastStep: 0 });
  });

  it('experiments/get and experiments/search give full records', async () => {
    const one = await importText(
      '{"experiment": {"experiment_id": "5", "name": "e", "lifecycle_stage": "deleted"}}'
    );
    expect(one.experiments).toEqual([{ id: '5', name: 'e', deleted: true, tags: new Map() }]);
    const many = await importText(
      JSON.stringify({
        experiments: [{ experiment_id: '6', name: 'x', tags: [{ key: 'café', value: 'v' }] }],
        next_page_token: 'abc'
      })
    );
    expect(many.experiments[0]!.tags.get('café'.normalize('NFC'))).toBe('v');
  });

  it('NFC-normalises keys so metrics from macOS and Linux meet', async () => {
    const batch = await importText(
      JSON.stringify({
        runs: [
          {
            info: info(),
            data: {
              metrics: [
                { key: 'e\u0301', value: 1, step: 0 },
                { key: '\u00e9', value: 2, step: 1 }
              ]
            }
          }
        ]
      })
    );
    expect(batch.runs[0]!.metrics.map((m) => [m.key, m.values.length])).toEqual([['\u00e9', 2]]);
  });
});

describe('what it refuses or leaves alone', () => {
  it('bad values, naming the place', async () => {
    const runs = (run: object) => JSON.stringify({ runs: [{ info: info() }, run] });
    expect(
      await rejection(runs({ info: info(), data: { metrics: [{ key: 'a', value: 'abc' }] } }))
    ).toBe('response.json: runs[1].data.metrics[0].value: expected a number, found the text "abc"');
    expect(await rejection(runs({ info: info({ status: 'DONE' }) }))).toMatch(
      /^response\.json: runs\[1\]\.info\.status: unknown run status the text "DONE"/
    );
    expect(await rejection(runs({ info: { experiment_id: '1' } }))).toBe(
      'response.json: runs[1].info.run_id: expected text, found nothing (the member is missing)'
    );
    expect(await rejection(runs({ info: info({ experiment_id: '' }) }))).toBe(
      'response.json: runs[1].info.experiment_id: is empty'
    );
    expect(await rejection(runs({ info: info({ start_time: 'yesterday' }) }))).toBe(
      'response.json: runs[1].info.start_time: expected a number, found the text "yesterday"'
    );
    expect(await rejection(runs({ info: info(), data: { params: [{ value: 'x' }] } }))).toBe(
      'response.json: runs[1].data.params[0].key: expected text, found nothing (the member is missing)'
    );
  });

  it('a get-history response whose points carry MLflow 3’s run_id still lacks the experiment', async () => {
    const message = await rejection(
      '{"metrics": [{"key": "loss", "value": 1, "timestamp": 1, "step": 0, "run_id": "r"}]}'
    );
    expect(message).toContain('does not say which experiment its run belongs to');
  });

  it('never reads the whole of a file that plainly belongs to another format', async () => {
    // Bigger than the sniffing head, so reading it whole would be a real cost.
    const head = '{"format": "runlens", "version": 1, "experiments": [{"id": "1"}], "runs": [';
    const file = {
      ...textFile('big.json', head + ' '.repeat(HEAD_BYTES)),
      read: () => Promise.reject(new Error('the whole file was read'))
    };
    for (const importer of [mlflowRestImporter, mlflowExportImportImporter]) {
      expect(await importer.sniff(new ImportSource(file)), importer.id).toBeNull();
    }
  });

  it('does not claim empty or foreign JSON, nor mlflow-export-import files', async () => {
    for (const text of [
      '{}',
      '{"runs": []}',
      '{"metrics": {"loss": 1}}',
      '{"run": {"info": {"run_id": "r"}}, "extra": 1}',
      '{"experiment": {"experiment_id": "1"}, "export_info": {}, "run_ids": []}',
      '{"info": {"run_id": "r", "experiment_id": "1"}, "params": {}, "metrics": {}, "tags": {}}',
      '{"format": "runlens", "version": 1}',
      '[{"runs": 1}]'
    ]) {
      const source = new ImportSource(textFile('x.json', text));
      expect(await mlflowRestImporter.sniff(source), text).toBeNull();
    }
  });
});
