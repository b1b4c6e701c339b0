// Flat result records (json-logs/flat-records.ts): a results table as a JSON array or JSON Lines,
// one run per record, with the report saying how each column was read; and the step logs and
// data files that look alike but must not become runs.
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/importers/errors';
import { jsonLogsImporter } from '../../src/lib/importers/json-logs/json-logs';
import { findImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import { testContext } from './helpers/import-context';

function sourceOf(name: string, text: string): ImportSource {
  return new ImportSource(sourceFromBytes(name, new TextEncoder().encode(text)));
}

/** Detects among all importers (json-logs must win), parses, and keeps the report's warnings. */
async function importText(name: string, text: string) {
  const source = sourceOf(name, text);
  const importer = await findImporter(source);
  expect(importer?.id).toBe('json-logs');
  const ctx = testContext();
  const batch = await importer!.parse(source, ctx);
  return { batch, warnings: ctx.warnings.map((w) => `${w.file}: ${w.message}`) };
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** What a person sees of a run: its name, start, params and each metric's one value. */
function runSummary(r: Run) {
  return {
    id: r.id,
    name: r.name,
    start: iso(r.startTime),
    end: iso(r.endTime),
    params: Object.fromEntries(r.params),
    metrics: Object.fromEntries(r.metrics.map((m) => [m.key, [...m.values]])),
    pointTimes: [...new Set(r.metrics.flatMap((m) => [...m.timestamps].map(String)))]
  };
}

describe('a JSON array of result records', () => {
  const results = JSON.stringify([
    { timestamp: '2024-03-01 12:00:00', model: 'RF', accuracy: 97.98, parameters: 'Default' },
    {
      timestamp: '2024-03-01 12:05:00',
      model: 'SVM',
      accuracy: 95.1,
      f1: 0.91,
      parameters: 'C=1.0'
    },
    { timestamp: '2024-03-01 12:09:30', model: 'KNN', accuracy: null, parameters: 'k=5' }
  ]);

  it('reads one run per record: numbers as metrics, text as params, the timestamp as start', async () => {
    const { batch, warnings } = await importText('results.json', results);
    expect(batch.experiments.map((e) => e.name)).toEqual(['results']);
    expect(batch.runs.map(runSummary)).toEqual([
      {
        id: 'results.json#0',
        name: 'RF',
        start: '2024-03-01T12:00:00.000Z',
        end: null,
        params: { model: 'RF', parameters: 'Default' },
        metrics: { accuracy: [97.98] },
        pointTimes: [String(Date.UTC(2024, 2, 1, 12))]
      },
      {
        id: 'results.json#1',
        name: 'SVM',
        start: '2024-03-01T12:05:00.000Z',
        end: null,
        params: { model: 'SVM', parameters: 'C=1.0' },
        metrics: { accuracy: [95.1], f1: [0.91] },
        pointTimes: [String(Date.UTC(2024, 2, 1, 12, 5))]
      },
      {
        id: 'results.json#2',
        name: 'KNN',
        start: '2024-03-01T12:09:30.000Z',
        end: null,
        params: { model: 'KNN', parameters: 'k=5' },
        metrics: {},
        pointTimes: []
      }
    ]);
    expect(warnings).toEqual([
      'results.json: read as flat result records: one run per record (3), numbers became ' +
        'metrics (accuracy, f1), text became params (model, parameters), `timestamp` became ' +
        'the start time, `model` named the runs'
    ]);
  });

  it('flattens nested objects with "/", and keeps numbers under params as params', async () => {
    const text = JSON.stringify([
      { name: 'a', scores: { val: { f1: 0.8 } }, params: { lr: 0.1, opt: 'adam' }, ok: true },
      { name: 'b', scores: { val: { f1: 0.9 } }, params: { lr: 0.01, opt: 'sgd' }, ok: false }
    ]);
    const { batch } = await importText('nested.json', text);
    expect(
      batch.runs.map(runSummary).map(({ name, params, metrics }) => [name, params, metrics])
    ).toEqual([
      ['a', { 'params/lr': '0.1', 'params/opt': 'adam', ok: 'true' }, { 'scores/val/f1': [0.8] }],
      ['b', { 'params/lr': '0.01', 'params/opt': 'sgd', ok: 'false' }, { 'scores/val/f1': [0.9] }]
    ]);
  });

  it('decides per column: a number written as text in one record makes the column a param', async () => {
    const text = JSON.stringify([
      { model: 'RF', accuracy: 0.9, n_estimators: 100 },
      { model: 'GB', accuracy: 0.8, n_estimators: 'auto' }
    ]);
    const { batch, warnings } = await importText('mixed.json', text);
    expect(
      batch.runs.map((r) => [Object.fromEntries(r.params), r.metrics.map((m) => m.key)])
    ).toEqual([
      [{ model: 'RF', n_estimators: '100' }, ['accuracy']],
      [{ model: 'GB', n_estimators: 'auto' }, ['accuracy']]
    ]);
    expect(warnings[0]).toContain('text became params (model, n_estimators)');
  });

  it('reads epoch seconds and milliseconds as times, but a small `time` as a duration', async () => {
    const seconds = await importText(
      's.json',
      JSON.stringify([{ created_at: 1709294400, run_name: 'x', loss: 0.1 }])
    );
    expect(iso(seconds.batch.runs[0]!.startTime)).toBe('2024-03-01T12:00:00.000Z');
    expect(seconds.batch.runs[0]!.name).toBe('x');
    const ms = await importText('ms.json', JSON.stringify([{ date: 1709294400123, loss: 0.1 }]));
    expect(iso(ms.batch.runs[0]!.startTime)).toBe('2024-03-01T12:00:00.123Z');
    const duration = await importText(
      'd.json',
      JSON.stringify([{ model: 'RF', time: 12.5, accuracy: 0.9 }])
    );
    expect(duration.batch.runs[0]!.startTime).toBeNull();
    expect(duration.batch.runs[0]!.metrics.map((m) => m.key)).toEqual(['time', 'accuracy']);
    expect(duration.warnings[0]).not.toContain('start time');
  });

  it('takes distinct run ids from `run_id`, and falls back to positions when they repeat', async () => {
    const unique = await importText(
      'u.json',
      JSON.stringify([
        { run_id: 'a1', model: 'RF', acc: 0.9 },
        { run_id: 'b2', model: 'RF', acc: 0.8 }
      ])
    );
    expect(unique.batch.runs.map((r) => r.id)).toEqual(['a1', 'b2']);
    expect(unique.warnings[0]).toContain('`run_id` gave the run ids');
    const repeated = await importText(
      'r.json',
      JSON.stringify([
        { run_id: 'a1', model: 'RF', acc: 0.9 },
        { run_id: 'a1', model: 'RF', acc: 0.8 }
      ])
    );
    expect(repeated.batch.runs.map((r) => [r.id, r.params.get('run_id')])).toEqual([
      ['r.json#0', 'a1'],
      ['r.json#1', 'a1']
    ]);
  });

  it('keeps a key called __proto__ as data', async () => {
    const text = '[{"model": "RF", "__proto__": "x", "accuracy": 0.5}]';
    const { batch } = await importText('proto.json', text);
    expect([...batch.runs[0]!.params]).toEqual([
      ['model', 'RF'],
      ['__proto__', 'x']
    ]);
  });

  it('names a key that two nestings give twice', async () => {
    const text = JSON.stringify([{ model: 'RF', 'a/b': 1, a: { b: 2 } }]);
    const source = sourceOf('twice.json', text);
    const error = await jsonLogsImporter.parse(source, testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(
      'twice.json: [0]: gives "a/b" twice (nested names are joined with "/")'
    );
  });
});

describe('JSON Lines of result records', () => {
  it('reads one run per line, blank lines allowed, bare NaN as a value', async () => {
    const text = [
      '{"time": "2024-03-01T12:00:00+01:00", "model": "RF", "accuracy": 0.97}',
      '',
      '{"time": "2024-03-01T13:00:00+01:00", "model": "LR", "accuracy": NaN}'
    ].join('\n');
    const { batch, warnings } = await importText('results.jsonl', text);
    expect(batch.runs.map((r) => [r.name, iso(r.startTime), [...r.metrics[0]!.values]])).toEqual([
      ['RF', '2024-03-01T11:00:00.000Z', [0.97]],
      ['LR', '2024-03-01T12:00:00.000Z', [NaN]]
    ]);
    expect(warnings[0]).toContain('`time` became the start time');
  });

  it('names the line that is not JSON', async () => {
    const text = '{"model": "RF", "accuracy": 0.9}\n{"model": "LR", "accuracy": 0.8}\n{oops\n';
    const source = sourceOf('broken.jsonl', text);
    const error = await jsonLogsImporter.parse(source, testContext()).catch((e: unknown) => e);
    expect((error as ImportError).message).toBe('broken.jsonl: line 3: is not valid JSON');
  });
});

describe('look-alikes that are not result records', () => {
  const notClaimed: [string, string][] = [
    // W&B 0.8 history: one step per line.
    [
      'wandb-history.jsonl',
      '{"epoch": 0, "episode_reward": 1.0, "_runtime": 4.8, "_timestamp": 1577959773.5, "_step": 0}\n' +
        '{"epoch": 1, "episode_reward": 2.0, "_runtime": 5.8, "_timestamp": 1577959774.5, "_step": 1}\n'
    ],
    // W&B 0.8 system metrics.
    [
      'wandb-events.jsonl',
      '{"system.cpu": 35.1, "system.memory": 79.1, "_wandb": true, "_timestamp": 1577959773, "_runtime": 5}\n' +
        '{"system.cpu": 36.1, "system.memory": 79.3, "_wandb": true, "_timestamp": 1577959803, "_runtime": 35}\n'
    ],
    // LLaMA-Factory's trainer_log.jsonl: one logging step per line.
    [
      'trainer_log.jsonl',
      '{"current_steps": 10, "total_steps": 8660, "loss": 2.49, "epoch": 0.004, "elapsed_time": "0:00:24"}\n' +
        '{"current_steps": 20, "total_steps": 8660, "loss": 2.31, "epoch": 0.009, "elapsed_time": "0:00:49"}\n'
    ],
    // A data set: no time, name or metric-like column.
    [
      'data.json',
      JSON.stringify([
        { text: 'good film', label: 1 },
        { text: 'bad', label: 0 }
      ])
    ],
    // A big data set with a metric-like column but no time or name column.
    [
      'reviews.json',
      JSON.stringify(
        Array.from({ length: 1001 }, (_, i) => ({ text: `review ${i}`, score: i % 5 }))
      )
    ],
    // Lists inside records could be histories: not guessed at.
    ['lists.json', JSON.stringify([{ model: 'RF', accuracy: [0.9, 0.95] }])],
    // A single JSON object is not a list of records.
    ['one.json', JSON.stringify({ model: 'RF', accuracy: 0.9 })],
    // One line of JSON Lines is just a JSON object.
    ['one.jsonl', '{"model": "RF", "accuracy": 0.9}\n'],
    // No numbers at all.
    ['names.json', JSON.stringify([{ name: 'a', model: 'RF' }])]
  ];
  for (const [name, text] of notClaimed) {
    it(`leaves ${name} alone`, async () => {
      expect(await jsonLogsImporter.sniff(sourceOf(name, text))).toBeNull();
    });
  }

  it('still reads a list of runs with params and metrics as before', async () => {
    const text = JSON.stringify([{ name: 'r', params: { lr: 0.1 }, metrics: { loss: [1, 0.5] } }]);
    const { batch, warnings } = await importText('runs.json', text);
    expect(batch.runs[0]!.metrics[0]!.values).toHaveLength(2);
    expect([...batch.runs[0]!.params]).toEqual([['lr', '0.1']]);
    expect(warnings).toEqual([]);
  });
});
