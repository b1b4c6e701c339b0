// MLflow runs CSV: search_runs().to_csv() and the UI's "Download CSV", inline and on real files.
import { testContext } from './helpers/import-context';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlflowCsvImporter } from '../../src/lib/importers/mlflow-csv';
import { IMPORTERS, detectImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { REAL_FIXTURES, checkThreeWays, readManifest } from './helpers/real-fixtures';

const ctx = testContext();
const ALL = [...IMPORTERS, mlflowCsvImporter];

async function importText(text: string, name = 'runs.csv'): Promise<ImportedBatch> {
  const source = new ImportSource(sourceFromBytes(name, new TextEncoder().encode(text)));
  const importer = await detectImporter(source, ALL);
  expect(importer.id).toBe('mlflow-csv');
  return importer.parse(source, ctx);
}

function byId(batch: ImportedBatch, id: string): Run {
  const run = batch.runs.find((r) => r.id === id);
  if (!run) throw new Error(`no run ${id}`);
  return run;
}

/** What a person checks on one run: times, params, tags and each metric's single value. */
function look(run: Run) {
  return {
    name: run.name,
    status: run.status,
    parentId: run.parentId,
    start: run.startTime === null ? null : new Date(run.startTime).toISOString(),
    end: run.endTime === null ? null : new Date(run.endTime).toISOString(),
    params: Object.fromEntries(run.params),
    tags: Object.fromEntries(run.tags),
    metrics: Object.fromEntries(run.metrics.map((m) => [m.key, [...m.values]])),
    metricTimes: [...new Set(run.metrics.map((m) => m.timestamps[0]))]
  };
}

const SEARCH_RUNS =
  ',run_id,experiment_id,status,artifact_uri,start_time,end_time,metrics.loss,metrics.val/acc,' +
  'params.lr,params.opt,params.note,tags.mlflow.runName,tags.mlflow.parentRunId,tags.mlflow.note.content\n' +
  '0,aaa,7,FINISHED,file:///m/7/aaa,2024-07-20 03:08:27.221000+00:00,2024-07-20 03:10:00.500000+00:00,' +
  '0.25,inf,0.001,None,  spaced ,parent-run,,"line one\nline ""two"", with comma"\n' +
  '1,bbb,7,RUNNING,file:///m/7/bbb,2024-07-20 04:00:00+00:00,,,0.5,,adam,,,ppp,\n' +
  '2,ppp,8,FAILED,file:///m/8/ppp,2024-07-20 02:00:00.000000+00:00,2024-07-20 02:30:00+00:00,,,,,,,,\n';

describe('mlflow.search_runs() CSV', () => {
  it('reads runs, params, tags and one-point metrics from the frame', async () => {
    const batch = await importText(SEARCH_RUNS);
    expect(batch.experiments).toEqual([
      { id: '7', name: '7', deleted: false, tags: new Map(), placeholder: true },
      { id: '8', name: '8', deleted: false, tags: new Map(), placeholder: true }
    ]);
    expect(look(byId(batch, 'aaa'))).toMatchInlineSnapshot(`
      {
        "end": "2024-07-20T03:10:00.500Z",
        "metricTimes": [
          1721445000500,
        ],
        "metrics": {
          "loss": [
            0.25,
          ],
          "val/acc": [
            Infinity,
          ],
        },
        "name": "parent-run",
        "params": {
          "lr": "0.001",
          "note": "  spaced ",
          "opt": "None",
        },
        "parentId": null,
        "start": "2024-07-20T03:08:27.221Z",
        "status": "FINISHED",
        "tags": {
          "mlflow.note.content": "line one
      line "two", with comma",
          "mlflow.runName": "parent-run",
        },
      }
    `);
  });

  it('leaves empty cells out: no end time, no metric, no param, no tag', async () => {
    const running = byId(await importText(SEARCH_RUNS), 'bbb');
    expect(running.endTime).toBeNull();
    expect(running.metrics.map((m) => m.key)).toEqual(['val/acc']);
    // Without an end time the one point is stamped with the start time.
    expect(running.metrics[0]!.timestamps[0]).toBe(Date.UTC(2024, 6, 20, 4));
    expect([...running.params]).toEqual([['opt', 'adam']]);
    expect(running.parentId).toBe('ppp');
    expect(running.name).toBeNull();
  });

  it('names the line and column of a value that is not a number, past multi-line cells', async () => {
    const text = SEARCH_RUNS.replace(
      '2024-07-20 04:00:00+00:00,,,0.5',
      '2024-07-20 04:00:00+00:00,,,abc'
    );
    await expect(importText(text)).rejects.toThrow(
      'runs.csv: line 4, column "metrics.val/acc": expected a number, found "abc"'
    );
  });

  it('rejects an unknown status and an unreadable time, naming the column', async () => {
    await expect(importText(SEARCH_RUNS.replace('RUNNING', 'DONE'))).rejects.toThrow(
      'line 4, column "status": unknown status "DONE"'
    );
    await expect(
      importText(SEARCH_RUNS.replace('2024-07-20 04:00:00+00:00', '20/07/2024'))
    ).rejects.toThrow('line 4, column "start_time": expected a time, found "20/07/2024"');
  });

  it('rejects a row with a field too many, and a run given twice', async () => {
    await expect(
      importText(`${SEARCH_RUNS}3,x,8,FINISHED${','.repeat(12)}extra\n`)
    ).rejects.toThrow('line 6: 16 fields, but the header has 15');
    await expect(importText(SEARCH_RUNS.replace(',ppp,8,', ',aaa,8,'))).rejects.toThrow(
      'line 5: run aaa is also on line 2'
    );
  });

  it('reads time zones other than UTC and times without fractions', async () => {
    const text =
      'run_id,experiment_id,status,artifact_uri,start_time,end_time\n' +
      'r,1,FINISHED,,2024-01-01 05:30:00+05:30,2024-01-01 00:00:01.5-01:00\n';
    const run = (await importText(text)).runs[0]!;
    expect(run.startTime).toBe(Date.UTC(2024, 0, 1));
    expect(run.endTime).toBe(Date.UTC(2024, 0, 1, 1, 0, 1, 500));
  });

  it('treats keys that differ only in Unicode normal form as one key', async () => {
    const text = 'run_id,experiment_id,params.caf\u00e9,params.cafe\u0301\nr,1,a,b\n';
    await expect(importText(text)).rejects.toThrow(
      /^runs.csv: line 1, column "params.cafe\u0301": the param "caf\u00e9" has two columns$/
    );
  });

  it('imports a header-only export as no runs, without an error', async () => {
    const batch = await importText(
      'run_id,experiment_id,status,artifact_uri,start_time,end_time\n'
    );
    expect(batch).toEqual({ experiments: [], runs: [] });
  });
});

const UI_HEADER = 'Start Time,Duration,Run ID,Name,Source Type,Source Name,User,Status';

describe('MLflow UI "Download CSV"', () => {
  it('reads the 1.x download: dates, durations, and params, metrics and tags apart', async () => {
    const text =
      `${UI_HEADER},batch,lr,optimizer,acc,loss,git note\n` +
      '2021-12-07 15:43:42,161ms,r1,,LOCAL,train.py,ann,FINISHED,32,0.1,adam,0.9,0.25,first try\n' +
      '2021-12-07 16:00:00,1.2min,r2,second,PROJECT,train.py,ann,KILLED,64,0.01,sgd,,NaN,\n';
    const batch = await importText(text);
    expect(look(byId(batch, 'r1'))).toMatchObject({
      name: null,
      start: '2021-12-07T15:43:42.000Z',
      end: '2021-12-07T15:43:42.161Z',
      // batch and lr hold numbers but come before the text param optimizer: params.
      params: { batch: '32', lr: '0.1', optimizer: 'adam' },
      metrics: { acc: [0.9], loss: [0.25] },
      tags: { 'git note': 'first try', 'mlflow.source.name': 'train.py', 'mlflow.user': 'ann' }
    });
    expect(look(byId(batch, 'r2'))).toMatchObject({
      name: 'second',
      status: 'KILLED',
      end: '2021-12-07T16:01:12.000Z',
      metrics: { loss: [NaN] }
    });
  });

  it('ends the params where the sorted key order starts again', async () => {
    // Params lr < model < n_estimators, then the metrics block starts over at mae.
    const text = `${UI_HEADER},lr,model,n_estimators,mae,rmse\n04-08-2024 14:28,7.6s,r,,LOCAL,m.py,u,FINISHED,0.1,rf,100,1.5,2\n`;
    const run = (await importText(text)).runs[0]!;
    expect(Object.fromEntries(run.params)).toEqual({ lr: '0.1', model: 'rf', n_estimators: '100' });
    expect(run.metrics.map((m) => m.key)).toEqual(['mae', 'rmse']);
    // Day first: 4 August, read as UTC because the file names no zone.
    expect(new Date(run.startTime!).toISOString()).toBe('2024-08-04T14:28:00.000Z');
    expect(run.endTime! - run.startTime!).toBe(7600);
  });

  it('decides slashed dates per file: a first number above 12 means day first', async () => {
    const row = (date: string, id: string) => `${date},1.1h,${id},,LOCAL,m.py,u,FINISHED\n`;
    const monthFirst = await importText(UI_HEADER + '\n' + row('08/04/2024 14:28', 'a'));
    expect(new Date(monthFirst.runs[0]!.startTime!).toISOString()).toBe('2024-08-04T14:28:00.000Z');
    const dayFirst = await importText(
      UI_HEADER + '\n' + row('08/04/2024 14:28', 'a') + row('25/04/2024 09:00', 'b')
    );
    expect(new Date(dayFirst.runs[0]!.startTime!).toISOString()).toBe('2024-04-08T14:28:00.000Z');
    expect(dayFirst.runs[0]!.endTime! - dayFirst.runs[0]!.startTime!).toBe(3_960_000);
  });

  it('reads the 2.x download, where every field is quoted and formulas are escaped', async () => {
    const text =
      `"Start Time","Duration","Run ID","Name","Source Type","Source Name","User","Status","seed","delta"\n` +
      `"2025-01-02 03:04:05","2.0d","r","'=cmd","LOCAL","x.py","u","FINISHED","'-1","'-0.5"\n`;
    const run = (await importText(text)).runs[0]!;
    expect(run.name).toBe('=cmd');
    // seed > delta in key order: the params end after seed.
    expect(Object.fromEntries(run.params)).toEqual({ seed: '-1' });
    expect(run.metrics.map((m) => [m.key, m.values[0]])).toEqual([['delta', -0.5]]);
    expect(run.endTime! - run.startTime!).toBe(2 * 86_400_000);
  });

  it('reads the 0.x download without start times', async () => {
    const text =
      'Run ID,Name,Source Type,Source Name,User,Status,alpha,rmse\nr,n,LOCAL,a.py,u,FINISHED,x,0.5\n';
    const run = (await importText(text)).runs[0]!;
    expect(look(run)).toMatchObject({
      start: null,
      end: null,
      params: { alpha: 'x' },
      metrics: { rmse: [0.5] }
    });
    expect(Number.isNaN(run.metrics[0]!.timestamps[0])).toBe(true);
  });

  it('gives a row without a run id, and the file, the same ids under any file name', async () => {
    const text = `${UI_HEADER},m\n2021-01-01 00:00:00,1.0s,,,LOCAL,a.py,u,FAILED,1\n`;
    const a = await importText(text, 'one.csv');
    const b = await importText(text, 'other-name');
    expect(a.runs[0]!.id).toMatch(/^[0-9a-f]{8}-line2$/);
    expect(b.runs.map((r) => r.id)).toEqual(a.runs.map((r) => r.id));
    expect(b.experiments).toEqual(a.experiments);
    expect(a.experiments[0]!.placeholder).toBeUndefined();
  });

  it('names the line and column of a date or duration it cannot read', async () => {
    const row = (start: string, duration: string) =>
      `${UI_HEADER}\n${start},${duration},r,,LOCAL,a.py,u,FINISHED\n`;
    await expect(importText(row('31-02-2024 10:00', '1s'))).rejects.toThrow(
      'line 2, column "Start Time": expected a date and time, found "31-02-2024 10:00"'
    );
    await expect(importText(row('2024-02-01 10:00:00', '3 weeks'))).rejects.toThrow(
      'line 2, column "Duration": expected a duration such as 7.6s, found "3 weeks"'
    );
  });
});

describe('detection', () => {
  it('leaves CSV files of other tools alone', async () => {
    for (const text of [
      'epoch,step,train_loss\n0,0,1.5\n',
      'Run ID,Value\nx,1\n',
      'run,experiment_id\n'
    ]) {
      const source = new ImportSource(
        sourceFromBytes('metrics.csv', new TextEncoder().encode(text))
      );
      expect(await mlflowCsvImporter.sniff(source)).toBeNull();
    }
  });
});

describe('real MLflow CSV exports', () => {
  for (const entry of readManifest('mlflow-csv')) {
    it(`${entry.set} ${entry.inputs?.join(', ') ?? ''}`, () => checkThreeWays(entry, ALL));
  }

  it('the UI download of mlops-assignment1-group72 holds the runs of its FileStore tree', async () => {
    const csv = await importText(
      readFileSync(
        join(REAL_FIXTURES, 'mlflow-csv/mlops-assignment1-group72-ui-download/mlflow_runs.csv'),
        'utf8'
      )
    );
    const root = join(REAL_FIXTURES, 'mlflow-filestore/mlops-assignment1-group72/mlruns/0');
    const runIds = readdirSync(root).filter((n) => /^[0-9a-f]{32}$/.test(n));
    expect(csv.runs.map((r) => r.id).sort()).toEqual(runIds.sort());
    for (const id of runIds) {
      const dir = join(root, id);
      const run = byId(csv, id);
      const params = readdirSync(join(dir, 'params')).map((k) => [
        k,
        readFileSync(join(dir, 'params', k), 'utf8')
      ]);
      expect(Object.fromEntries(run.params), id).toEqual(Object.fromEntries(params));
      const meta = readFileSync(join(dir, 'meta.yaml'), 'utf8');
      const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(meta)?.[1];
      // MLflow 1.27 runs have no run_name and an empty Name in the CSV.
      expect(run.name, id).toBe(field('run_name') ?? null);
      // The CSV shows local time (UTC+05:30) cut to the minute, read as UTC.
      const lag = Number(field('start_time')) + 5.5 * 3_600_000 - run.startTime!;
      expect(lag, id).toBeGreaterThanOrEqual(0);
      expect(lag, id).toBeLessThan(60_000);
      const [, value] = readFileSync(join(dir, 'metrics/mean_squared_error'), 'utf8').split(' ');
      // The spreadsheet that re-saved the file kept 9 decimal places.
      expect(run.metrics[0]!.values[0], id).toBeCloseTo(Number(value), 9);
    }
  });
});
