// search_runs() CSVs whose metrics./params./tags. prefixes were taken off: each column is read by
// what it holds, the report says how, and prefixed files read exactly as before.
import { describe, expect, it } from 'vitest';
import { findImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import { testContext } from './helpers/import-context';

async function importText(text: string, name = 'runs.csv') {
  const source = new ImportSource(sourceFromBytes(name, new TextEncoder().encode(text)));
  const importer = await findImporter(source);
  expect(importer?.id).toBe('mlflow-csv');
  const ctx = testContext();
  const batch = await importer!.parse(source, ctx);
  return { batch, warnings: ctx.warnings.map((w) => w.message) };
}

/** What a person checks on a run: name, parent, params, tags and each metric's value. */
function look(run: Run) {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    parentId: run.parentId,
    params: Object.fromEntries(run.params),
    tags: Object.fromEntries(run.tags),
    metrics: Object.fromEntries(run.metrics.map((m) => [m.key, [...m.values]]))
  };
}

// Shaped like df.rename(columns=lambda c: c.split(".", 1)[-1]).to_csv() of a search_runs frame:
// metrics, then params, then tags, a NaN metric as an empty cell, a None param, a RUNNING run.
const STRIPPED =
  ',run_id,experiment_id,status,artifact_uri,start_time,end_time,accuracy,f1,' +
  'model,max_depth,mlflow.runName,mlflow.parentRunId,team\n' +
  '0,r1,3,FINISHED,file:///m/3/r1,2024-07-20 03:08:27.221000+00:00,2024-07-20 03:10:00+00:00,' +
  '0.91,0.88,RF,None,rf-base,,vision\n' +
  '1,r2,3,FINISHED,file:///m/3/r2,2024-07-20 03:20:00+00:00,2024-07-20 03:25:00+00:00,' +
  '0.93,,GB,6,gb-deep,r1,vision\n' +
  '2,r3,3,RUNNING,file:///m/3/r3,2024-07-20 03:30:00+00:00,,,,SVM,,svm,,\n';

describe('a search_runs CSV without prefixes', () => {
  it('reads numbers as metrics, text as params, mlflow.* as tags, and says so', async () => {
    const { batch, warnings } = await importText(STRIPPED);
    expect(batch.runs.map(look)).toEqual([
      {
        id: 'r1',
        name: 'rf-base',
        status: 'FINISHED',
        parentId: null,
        params: { model: 'RF', max_depth: 'None', team: 'vision' },
        tags: { 'mlflow.runName': 'rf-base' },
        metrics: { accuracy: [0.91], f1: [0.88] }
      },
      {
        id: 'r2',
        name: 'gb-deep',
        status: 'FINISHED',
        parentId: 'r1',
        params: { model: 'GB', max_depth: '6', team: 'vision' },
        tags: { 'mlflow.runName': 'gb-deep', 'mlflow.parentRunId': 'r1' },
        metrics: { accuracy: [0.93] }
      },
      {
        id: 'r3',
        name: 'svm',
        status: 'RUNNING',
        parentId: null,
        params: { model: 'SVM' },
        tags: { 'mlflow.runName': 'svm' },
        metrics: {}
      }
    ]);
    expect(warnings).toEqual([
      'read as mlflow.search_runs() columns without their metrics./params./tags. prefixes: ' +
        'numbers became metrics (accuracy, f1), text became params (model, max_depth, team), ' +
        'mlflow.* columns became tags (mlflow.runName, mlflow.parentRunId)'
    ]);
  });

  it('reads a param that only ever held numbers as a metric (the file cannot tell)', async () => {
    const text =
      'run_id,experiment_id,status,artifact_uri,start_time,end_time,rmse,alpha\n' +
      'a,0,FINISHED,,2024-01-01 00:00:00+00:00,,0.7,0.5\n';
    const { batch, warnings } = await importText(text);
    expect(batch.runs[0]!.metrics.map((m) => m.key)).toEqual(['rmse', 'alpha']);
    expect(warnings[0]).toContain('numbers became metrics (rmse, alpha)');
  });

  it('makes a name that comes again a tag (logged as a param and as a tag)', async () => {
    const text =
      'run_id,experiment_id,status,artifact_uri,start_time,end_time,loss,loss,loss\n' +
      'a,0,FINISHED,,,,0.2,mse,mse\n';
    const { batch, warnings } = await importText(text);
    expect(look(batch.runs[0]!)).toMatchObject({
      params: { loss: 'mse' },
      tags: { loss: 'mse' },
      metrics: { loss: [0.2] }
    });
    expect(warnings[0]).toContain('a name seen again became a tag (loss)');
  });

  it('reads a prefixed file as before, without a word in the report', async () => {
    const text =
      'run_id,experiment_id,status,artifact_uri,start_time,end_time,metrics.acc,params.model,' +
      'tags.mlflow.runName\n' +
      'a,0,FINISHED,,,,0.9,RF,first\n';
    const { batch, warnings } = await importText(text);
    expect(look(batch.runs[0]!)).toMatchObject({
      name: 'first',
      params: { model: 'RF' },
      metrics: { acc: [0.9] }
    });
    expect(warnings).toEqual([]);
  });

  it('reads a header-only stripped export as no runs', async () => {
    const { batch, warnings } = await importText('run_id,experiment_id,status,accuracy,model\n');
    expect(batch.runs).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
