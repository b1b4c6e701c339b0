// Column roles of the tolerant readings (column-roles.ts): each reading describes what every
// column became and why, a person's choices (passed per file through the import context) change
// the runs, and a choice a column cannot take is a clear error, never values dropped in silence.
import { describe, expect, it } from 'vitest';
import type {
  ColumnRole,
  ReadingChoices,
  TolerantReading
} from '../../src/lib/importers/column-roles';
import { ImportError } from '../../src/lib/importers/errors';
import { findImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import { testContext } from './helpers/import-context';

/** Reads `text` as `name` with the importer that wins detection, with choices for that file. */
async function read(name: string, text: string, choices?: Partial<ReadingChoices>) {
  const source = new ImportSource(sourceFromBytes(name, new TextEncoder().encode(text)));
  const importer = await findImporter(source);
  const chosen = choices ? { roles: new Map(), ...choices } : undefined;
  const ctx = testContext(chosen ? new Map([[name, chosen]]) : undefined);
  const batch = await importer!.parse(source, ctx);
  const readings = ctx.warnings.flatMap((w) => (w.reading ? [w.reading] : []));
  expect(readings).toHaveLength(1);
  return { runs: batch.runs, reading: readings[0]!, messages: ctx.warnings.map((w) => w.message) };
}

const roles = (entries: [string, ColumnRole][]) => new Map(entries);

/** The reading as the report shows it: column → role (guess when different) and why. */
function shown(reading: TolerantReading) {
  return {
    columns: reading.columns.map(
      (c) =>
        `${c.key}: ${c.role}${c.role === c.guess ? '' : ` (guess ${c.guess})`} · ${c.why}` +
        (c.allowed.includes('metric') ? '' : ' · no metric')
    ),
    runName: reading.runName.column,
    startTime: reading.startTime?.column ?? null,
    fixed: reading.fixed.map((f) => `${f.key}: ${f.as}`),
    chosen: reading.chosen
  };
}

/** What a person sees of a run: name, start, params, tags, metrics. */
function look(r: Run) {
  return {
    name: r.name,
    start: r.startTime === null ? null : new Date(r.startTime).toISOString(),
    params: Object.fromEntries(r.params),
    tags: Object.fromEntries(r.tags),
    metrics: Object.fromEntries(r.metrics.map((m) => [m.key, [...m.values]]))
  };
}

const RESULTS = JSON.stringify([
  { timestamp: '2024-03-01 12:00:00', model: 'RF', accuracy: 97.98, parameters: 'Default' },
  { timestamp: '2024-03-01 12:05:00', model: 'SVM', accuracy: 95.1, parameters: 'C=1.0' }
]);

describe('flat result records', () => {
  it('describes each column: its role, why, and what else it could be', async () => {
    const { reading } = await read('results.json', RESULTS);
    expect(shown(reading)).toEqual({
      columns: [
        'timestamp: ignored · a time in every record: the start time · no metric',
        'model: param · not only numbers: record [0] holds the text "RF" · no metric',
        'accuracy: metric · every value is a number',
        'parameters: param · not only numbers: record [0] holds the text "Default" · no metric'
      ],
      runName: 'model',
      startTime: 'timestamp',
      fixed: [],
      chosen: false
    });
    expect(reading.runs).toBe(2);
    expect(reading.startTime?.candidates).toEqual(['timestamp']);
  });

  it('turns a numeric column into a param and a text column into a tag when chosen', async () => {
    const { runs, reading, messages } = await read('results.json', RESULTS, {
      roles: roles([
        ['accuracy', 'param'],
        ['parameters', 'tag']
      ])
    });
    expect(runs.map(look)[0]).toEqual({
      name: 'RF',
      start: '2024-03-01T12:00:00.000Z',
      params: { model: 'RF', accuracy: '97.98' },
      tags: { parameters: 'Default' },
      metrics: {}
    });
    expect(shown(reading).columns.slice(2)).toEqual([
      'accuracy: param (guess metric) · every value is a number',
      'parameters: tag (guess param) · not only numbers: record [0] holds the text "Default" · no metric'
    ]);
    expect(reading.chosen).toBe(true);
    expect(messages).toEqual([
      'read as flat result records with the roles you chose: params (model, accuracy), ' +
        'tags (parameters), left out (timestamp), `model` named the runs, ' +
        '`timestamp` became the start time'
    ]);
  });

  it('names runs by the chosen column, leaves one out, and keeps the time as a param', async () => {
    const { runs } = await read('results.json', RESULTS, {
      roles: roles([
        ['model', 'ignored'],
        ['timestamp', 'param']
      ]),
      runName: 'parameters',
      startTime: null
    });
    expect(runs.map(look)[1]).toEqual({
      name: 'C=1.0',
      start: null,
      params: { timestamp: '2024-03-01 12:05:00', parameters: 'C=1.0' },
      tags: {},
      metrics: { accuracy: [95.1] }
    });
  });

  it('refuses a text column as a metric, saying which value is not a number', async () => {
    const error = await read('results.json', RESULTS, {
      roles: roles([['model', 'metric']])
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(
      'results.json: column "model" cannot be a metric (record [0] holds the text "RF", not a ' +
        'number); it can be: param, tag, ignored'
    );
  });

  it('refuses a start time that is not a time, and a column the file does not have', async () => {
    await expect(read('results.json', RESULTS, { startTime: 'model' })).rejects.toThrow(
      'results.json: column "model" cannot be the start time: record [0] holds the text "RF", not a time'
    );
    await expect(
      read('results.json', RESULTS, { roles: roles([['f1', 'param']]) })
    ).rejects.toThrow('results.json: has no column "f1" to read as a param');
  });

  it('reads JSON Lines the same way, naming lines', async () => {
    const text = '{"model": "a", "loss": 0.5}\n{"model": "b", "loss": "nan?"}\n';
    const { reading } = await read('results.jsonl', text);
    expect(shown(reading).columns).toEqual([
      'model: param · not only numbers: line 1 holds the text "a" · no metric',
      'loss: param · not only numbers: line 2 holds the text "nan?" · no metric'
    ]);
  });

  it('shows the run id column as fixed: ids do not depend on the roles', async () => {
    const text = JSON.stringify([
      { run_id: 'x1', model: 'RF', acc: 0.9 },
      { run_id: 'x2', model: 'GB', acc: 0.8 }
    ]);
    const { runs, reading } = await read('ids.json', text, { roles: roles([['acc', 'tag']]) });
    expect(reading.fixed).toEqual([{ key: 'run_id', as: 'run id' }]);
    expect(reading.columns.map((c) => c.key)).toEqual(['model', 'acc']);
    expect(runs.map((r) => [r.id, Object.fromEntries(r.tags)])).toEqual([
      ['x1', { acc: '0.9' }],
      ['x2', { acc: '0.8' }]
    ]);
  });
});

// search_runs() with its prefixes taken off: metrics, params, tags, a NaN metric as an empty cell.
const STRIPPED =
  'run_id,experiment_id,status,artifact_uri,start_time,end_time,accuracy,f1,' +
  'model,max_depth,mlflow.runName,mlflow.parentRunId,team\n' +
  'r1,3,FINISHED,file:///m/3/r1,2024-07-20 03:08:27+00:00,,0.91,0.88,RF,None,rf-base,,vision\n' +
  'r2,3,FINISHED,file:///m/3/r2,2024-07-20 03:20:00+00:00,,0.93,,GB,6,gb-deep,r1,vision\n';

describe('search_runs CSVs without prefixes', () => {
  it('describes each column, the run name and the run fields', async () => {
    const { reading } = await read('runs.csv', STRIPPED);
    expect(shown(reading)).toEqual({
      columns: [
        'accuracy: metric · every non-empty cell is a number',
        'f1: metric · every non-empty cell is a number',
        'model: param · not only numbers: line 2 holds "RF" · no metric',
        'max_depth: param · not only numbers: line 2 holds "None" · no metric',
        "mlflow.runName: tag · mlflow.* is MLflow's own tag namespace · no metric",
        "mlflow.parentRunId: tag · mlflow.* is MLflow's own tag namespace · no metric",
        'team: param · not only numbers: line 2 holds "vision" · no metric'
      ],
      runName: 'mlflow.runName',
      startTime: null,
      fixed: [
        'run_id: run id',
        'experiment_id: experiment',
        'status: status',
        'artifact_uri: not kept: a path on the machine that ran it',
        'start_time: start time',
        'end_time: end time'
      ],
      chosen: false
    });
  });

  it('reads a numeric column as a param and a text column as a tag when chosen', async () => {
    const { runs } = await read('runs.csv', STRIPPED, {
      roles: roles([
        ['f1', 'param'],
        ['team', 'tag'],
        ['mlflow.parentRunId', 'ignored']
      ]),
      runName: 'model'
    });
    expect(look(runs[1]!)).toMatchObject({
      name: 'GB',
      params: { model: 'GB', max_depth: '6' },
      tags: { 'mlflow.runName': 'gb-deep', team: 'vision' },
      metrics: { accuracy: [0.93] }
    });
    expect(look(runs[0]!).params).toEqual({ f1: '0.88', model: 'RF', max_depth: 'None' });
    expect(runs[1]!.parentId).toBeNull();
  });

  it('refuses a text column as a metric, naming the line', async () => {
    await expect(
      read('runs.csv', STRIPPED, { roles: roles([['team', 'metric']]) })
    ).rejects.toThrow(
      'runs.csv: column "team" cannot be a metric (line 2 holds "vision", not a number); ' +
        'it can be: param, tag, ignored'
    );
  });

  it('tells repeated names apart by their place, and refuses two params of one name', async () => {
    const text =
      'run_id,experiment_id,status,artifact_uri,start_time,end_time,loss,loss,loss\n' +
      'a,0,FINISHED,,,,0.2,mse,mse\n';
    const { reading } = await read('rep.csv', text);
    expect(reading.columns.map((c) => `${c.key}: ${c.role}`)).toEqual([
      'loss: metric',
      'loss (column 8): param',
      'loss (column 9): tag'
    ]);
    await expect(
      read('rep.csv', text, { roles: roles([['loss (column 9)', 'param']]) })
    ).rejects.toThrow('the param "loss" has two columns');
  });

  it('keeps the prefixed columns as they were, with no reading to change', async () => {
    const text =
      'run_id,experiment_id,status,artifact_uri,start_time,end_time,metrics.acc,team\n' +
      'a,0,FINISHED,,,,0.9,vision\n';
    const { runs, reading } = await read('mixed.csv', text, { roles: roles([['team', 'tag']]) });
    expect(reading.columns.map((c) => c.key)).toEqual(['team']);
    expect(look(runs[0]!)).toMatchObject({ tags: { team: 'vision' }, metrics: { acc: [0.9] } });
  });
});
