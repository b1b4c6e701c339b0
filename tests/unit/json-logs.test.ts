// JSON experiment logs: every accepted shape, the rules for params and times, broken files, files
// that belong to other importers, and the generated example files checked three ways.
import { testContext } from './helpers/import-context';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { ImportError } from '../../src/lib/importers/errors';
import { jsonLogsImporter } from '../../src/lib/importers/json-logs/json-logs';
import { parseIsoTime } from '../../src/lib/model';
import { detectImporter } from '../../src/lib/importers/registry';
import { runlensJsonImporter } from '../../src/lib/importers/runlens-json';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import {
  summarizeSeries,
  type ImportedBatch,
  type MetricSeries,
  type Run
} from '../../src/lib/model';
import {
  countResult,
  importFromDisk,
  runSummaries,
  type ImportResult
} from './helpers/real-fixtures';

const IMPORTERS = [runlensJsonImporter, jsonLogsImporter];
const ctx = testContext();
const GENERATED = 'tests/fixtures/generated/json-logs';

function sourceOf(name: string, text: string): ImportSource {
  return new ImportSource(sourceFromBytes(name, new TextEncoder().encode(text)));
}

/** Detects among the importers under test (json-logs must win) and parses. */
async function importText(name: string, text: string): Promise<ImportedBatch> {
  const source = sourceOf(name, text);
  const importer = await detectImporter(source, IMPORTERS);
  expect(importer.id).toBe('json-logs');
  return importer.parse(source, ctx);
}

async function importError(name: string, text: string): Promise<string> {
  const error: unknown = await importText(name, text).then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return (error as ImportError).message;
}

function seriesSummary(m: MetricSeries): string {
  const s = summarizeSeries(m);
  return `${m.key}: ${s.count} pts, steps ${s.firstStep}..${s.lastStep}, last ${s.last}, min ${s.min}, max ${s.max}`;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** What a person checks on a run page: names, params, and each metric's count and range. */
function runSummary(r: Run) {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    start: iso(r.startTime),
    end: iso(r.endTime),
    params: [...r.params],
    metrics: r.metrics.map(seriesSummary)
  };
}

describe('a list of runs', () => {
  const sweep = JSON.stringify([
    {
      name: 'adamw-lr3e-4',
      params: {
        lr: 0.0003,
        batch_size: 64,
        use_amp: true,
        scheduler: null,
        layers: [64, 128],
        optimizer: { name: 'adamw', betas: { b1: 0.9, b2: 0.999 } }
      },
      metrics: { 'val/accuracy': 0.913, 'train/loss': [2.3, 1.1, 0.7] }
    },
    {
      run_name: 'nan-run',
      // "__proto__" is added to the text below: in a JS literal it would set the prototype.
      config: { constructor: 'x', lr: 0.1 },
      status: 'crashed',
      metrics: { 'train/loss': [2.3, 'NaN', 'Infinity'], 精度: [{ step: 0, value: 0.5 }] }
    },
    {
      id: 7,
      hparams: { lr: 1e-7 },
      metrics: {
        loss: {
          steps: [20, 0, 10],
          values: [0.2, 0.9, 0.4],
          timestamps: [1714557920, 1714557900, 1714557910]
        }
      }
    }
  ]).replace('"config":{', '"config":{"__proto__":"not a prototype",');

  it('reads params as text, flattened with ".", and every metric spelling', async () => {
    const batch = await importText('sweep.json', sweep);
    expect(batch.experiments).toEqual([
      { id: 'json-logs:sweep.json', name: 'sweep', deleted: false, tags: new Map() }
    ]);
    expect(batch.runs.map(runSummary)).toEqual([
      {
        id: 'sweep.json#0',
        name: 'adamw-lr3e-4',
        status: 'FINISHED',
        start: null,
        end: null,
        params: [
          ['lr', '0.0003'],
          ['batch_size', '64'],
          ['use_amp', 'true'],
          ['scheduler', 'null'],
          ['layers', '[64,128]'],
          ['optimizer.name', 'adamw'],
          ['optimizer.betas.b1', '0.9'],
          ['optimizer.betas.b2', '0.999']
        ],
        metrics: [
          'val/accuracy: 1 pts, steps 0..0, last 0.913, min 0.913, max 0.913',
          'train/loss: 3 pts, steps 0..2, last 0.7, min 0.7, max 2.3'
        ]
      },
      {
        id: 'sweep.json#1',
        name: 'nan-run',
        status: 'FAILED',
        start: null,
        end: null,
        params: [
          ['__proto__', 'not a prototype'],
          ['constructor', 'x'],
          ['lr', '0.1']
        ],
        metrics: [
          'train/loss: 3 pts, steps 0..2, last Infinity, min 2.3, max Infinity',
          '精度: 1 pts, steps 0..0, last 0.5, min 0.5, max 0.5'
        ]
      },
      {
        id: '7',
        name: null,
        status: 'FINISHED',
        start: '2024-05-01T10:05:00.000Z',
        end: '2024-05-01T10:05:20.000Z',
        params: [['lr', '1e-7']],
        metrics: ['loss: 3 pts, steps 0..20, last 0.2, min 0.2, max 0.9']
      }
    ]);
    expect(Number.isNaN(batch.runs[1]!.metrics[0]!.values[1])).toBe(true);
    // Points stay in file order (steps unsorted), as MLflow keeps them; the chart sorts.
    expect([...batch.runs[2]!.metrics[0]!.steps]).toEqual([20, 0, 10]);
    expect(batch.runs.every((r) => r.source.format === 'json-logs')).toBe(true);
  });

  it('accepts the { "runs": [...] } wrapper and bare NaN from Python', async () => {
    const text = '{"runs": [{"params": {"lr": 0.1}, "metrics": {"loss": [NaN, 1.5, -Infinity]}}]}';
    const [run] = (await importText('logs/wrapped.json', text)).runs;
    expect(run!.id).toBe('logs/wrapped.json#0');
    expect(seriesSummary(run!.metrics[0]!)).toBe(
      'loss: 3 pts, steps 0..2, last -Infinity, min -Infinity, max 1.5'
    );
  });

  it('NFC-normalises keys so that macOS-decomposed names meet their composed twins', async () => {
    const nfd = 'pr\u0065\u0301cision';
    const text = JSON.stringify([{ params: { [`${nfd}_cible`]: 1 }, metrics: { [nfd]: 0.8 } }]);
    const [run] = (await importText('nfd.json', text)).runs;
    expect([...run!.params.keys()]).toEqual(['pr\u00e9cision_cible']);
    expect(run!.metrics[0]!.key).toBe('pr\u00e9cision');
  });

  it('names the place of a bad value', async () => {
    const bad = (runs: unknown) => importError('bad.json', JSON.stringify(runs));
    expect(await bad([{ metrics: { a: 1 } }, { metrics: { loss: [0.5, 'abc'] } }])).toBe(
      'bad.json: [1].metrics["loss"][1]: expected a number, found the text "abc"'
    );
    expect(await bad([{ metrics: { a: 1 }, status: 'exploded' }])).toMatch(
      /^bad\.json: \[0\]\.status: unknown status "exploded"/
    );
    expect(await bad([{ metrics: { a: 1 } }, { metrics: {}, notes: 'x' }])).toMatch(
      /^bad\.json: \[1\]\.notes: is not a run member/
    );
    expect(await bad([{ params: { a: { b: 1 }, 'a.b': 2 } }])).toMatch(
      /\[0\]\.params\["a\.b"\]: gives "a\.b" twice/
    );
    expect(
      await bad([
        { id: 'x', metrics: { a: 1 } },
        { id: 'x', metrics: { a: 2 } }
      ])
    ).toBe('bad.json: [1]: has the id of [0]: x');
    expect(await bad([{ metrics: { a: { steps: [0, 1], values: [1] } } }])).toMatch(
      /differ in length/
    );
  });
});

describe('one run object', () => {
  const run = {
    run_id: 'clf-42',
    timestamp: '2024-05-01T11:30:00.250+02:00',
    parameters: { C: 1.0, kernel: 'rbf' },
    metrics: { accuracy: 0.93, loss: [{ step: 1, value: 0.3, timestamp: 1714555800500 }] },
    artifacts: ['./model.pkl', { path: 'plots\\roc.png', size: 20480 }, { path: 'notes.txt' }]
  };

  it('reads its start time, and lists artifacts without their bytes', async () => {
    const [r] = (await importText('run.json', JSON.stringify(run))).runs;
    expect(runSummary(r!)).toEqual({
      id: 'clf-42',
      name: null,
      status: 'FINISHED',
      start: '2024-05-01T09:30:00.250Z',
      end: '2024-05-01T09:30:00.500Z',
      params: [
        ['C', '1'],
        ['kernel', 'rbf']
      ],
      metrics: [
        'accuracy: 1 pts, steps 0..0, last 0.93, min 0.93, max 0.93',
        'loss: 1 pts, steps 1..1, last 0.3, min 0.3, max 0.3'
      ]
    });
    expect(r!.artifacts).toEqual([
      { path: 'model.pkl', size: 0, mediaType: 'application/octet-stream', content: null },
      { path: 'plots/roc.png', size: 20480, mediaType: 'image/png', content: null },
      { path: 'notes.txt', size: 0, mediaType: 'text/plain', content: null }
    ]);
  });

  it('refuses artifact paths that leave the run', async () => {
    const text = JSON.stringify({ ...run, artifacts: ['ok.txt', '../../etc/passwd'] });
    expect(await importError('run.json', text)).toBe(
      'run.json: artifacts[1]: artifact path "../../etc/passwd" climbs out of the run folder (..)'
    );
  });

  it('tells epoch seconds from milliseconds by size, and reads ISO text exactly', async () => {
    const startOf = async (timestamp: unknown) =>
      (await importText('t.json', JSON.stringify({ ...run, timestamp }))).runs[0]!.startTime;
    const instant = Date.UTC(2024, 4, 1, 9, 30);
    expect(await startOf(1714555800)).toBe(instant);
    expect(await startOf(1714555800000)).toBe(instant);
    expect(await startOf('1714555800')).toBe(instant);
    expect(await startOf('2024-05-01T09:30:00Z')).toBe(instant);
    expect(await startOf('2024-05-01 05:30:00-04:00')).toBe(instant);
    expect(await startOf('2024-05-01T15:00:00+0530')).toBe(instant);
    // No zone: UTC, whatever the machine's zone (Python's utcnow().isoformat() writes these).
    expect(await startOf('2024-05-01T09:30:00.000000')).toBe(instant);
    expect(await importError('t.json', JSON.stringify({ ...run, timestamp: 'yesterday' }))).toMatch(
      /^t\.json: timestamp: expected a time/
    );
  });

  it('has an ISO parser that checks the calendar', () => {
    // Sub-millisecond digits are cut, never rounded into the next day.
    expect(parseIsoTime('2024-02-29T23:59:59.9996Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseIsoTime('1969-12-31T23:00:00-01:00')).toBe(0);
    expect(parseIsoTime('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00Z', '2024-05-01T24:00:00Z']) {
      expect(parseIsoTime(bad), bad).toBeUndefined();
    }
    expect(parseIsoTime('2024-05-01T12:00:00+25:00')).toBeUndefined();
    expect(parseIsoTime('May 1, 2024')).toBeUndefined();
  });
});

describe('JSON Lines', () => {
  const lines = [
    '{"type": "params", "run": "a", "lr": 0.01, "model": {"depth": 18}}',
    '{"params": {"lr": 0.1}, "run_id": "b"}',
    '',
    '{"run": "a", "step": 1, "metric": "val/loss", "value": 0.9, "timestamp": "2024-05-01T10:00:01Z"}',
    '{"run": "b", "step": 1, "key": "val/loss", "value": "NaN"}',
    '{"run": "a", "step": 0, "metric": "val/loss", "value": 1.2, "timestamp": "2024-05-01T10:00:00Z"}',
    '{"run": "b", "step": 2, "name": "val/loss", "value": 0.7, "epoch": 1}',
    '{"run": "a", "metric": "精度", "value": 0.4}',
    '{"run": "a", "metric": "精度", "value": 0.6}'
  ];

  it('gives one run per run id, with interleaved records sorted into series', async () => {
    const batch = await importText('ablation.jsonl', lines.join('\r\n'));
    expect(batch.experiments.map((e) => `${e.id} ${e.name}`)).toEqual([
      'json-logs:ablation.jsonl ablation'
    ]);
    expect(batch.runs.map(runSummary)).toEqual([
      {
        id: 'a',
        name: 'a',
        status: 'FINISHED',
        start: '2024-05-01T10:00:00.000Z',
        end: '2024-05-01T10:00:01.000Z',
        params: [
          ['lr', '0.01'],
          ['model.depth', '18']
        ],
        metrics: [
          'val/loss: 2 pts, steps 0..1, last 0.9, min 0.9, max 1.2',
          '精度: 2 pts, steps 0..1, last 0.6, min 0.4, max 0.6'
        ]
      },
      {
        id: 'b',
        name: 'b',
        status: 'FINISHED',
        start: null,
        end: null,
        params: [['lr', '0.1']],
        metrics: ['val/loss: 2 pts, steps 1..2, last 0.7, min 0.7, max 0.7']
      }
    ]);
  });

  it('puts records without a run into one run named after the file', async () => {
    const text =
      '{"step": 0, "metric": "loss", "value": 1}\n{"step": 1, "metric": "loss", "value": NaN}\n';
    const batch = await importText('logs/train.ndjson', text);
    expect(
      batch.runs.map((r) => `${r.id} ${r.name} ${r.metrics.map(seriesSummary).join()}`)
    ).toEqual(['logs/train.ndjson#0 train loss: 2 pts, steps 0..1, last NaN, min 1, max 1']);
  });

  it('names the broken line', async () => {
    const broken = [
      ...lines.slice(0, 5),
      '{"run": "a", "step": 3, "metric": "val/loss", "value": 0.5',
      ...lines.slice(5)
    ];
    expect(await importError('ablation.jsonl', broken.join('\n'))).toMatch(
      /^ablation\.jsonl: line 6: is not valid JSON/
    );
    const unknown = [...lines.slice(0, 4), '{"event": "checkpoint", "path": "ckpt-1.pt"}'];
    expect(await importError('ablation.jsonl', unknown.join('\n'))).toBe(
      'ablation.jsonl: line 5: is neither a metric record {"metric", "value"} nor params'
    );
    const badValue = [...lines.slice(0, 4), '{"run": "a", "metric": "loss", "value": "high"}'];
    expect(await importError('ablation.jsonl', badValue.join('\n'))).toBe(
      'ablation.jsonl: line 5, "value": expected a number, found the text "high"'
    );
  });
});

describe('files that belong to other importers', () => {
  const sniff = (name: string, bytes: Uint8Array) =>
    jsonLogsImporter.sniff(new ImportSource(sourceFromBytes(name, bytes)));
  const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));

  it('leaves the bundled Runlens sample to runlens-json', async () => {
    const bytes = new Uint8Array(readFileSync('static/sample/runlens-sample.json'));
    expect(await sniff('runlens-sample.json', bytes)).toBeNull();
    const written = writeRunlensJson({
      experiments: [{ id: '1', name: 'e', deleted: false, tags: new Map() }],
      runs: []
    });
    expect(await sniff('x.json', new TextEncoder().encode(written))).toBeNull();
  });

  it('claims none of the real and generated exports of other tools', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(json|jsonl|ndjson)$/.test(name)) files.push(path);
      }
    };
    walk('tests/fixtures/real');
    walk('tests/fixtures/generated');
    const others = files.filter((f) => !f.startsWith(GENERATED));
    expect(others.length).toBeGreaterThan(50);
    const claimed: string[] = [];
    for (const f of others) {
      if ((await sniff(f, new Uint8Array(readFileSync(f)))) !== null) claimed.push(f);
    }
    expect(claimed).toEqual([]);
  });

  it('refuses look-alikes: REST responses, package.json, GeoJSON, bare metric dicts', async () => {
    const restRun = { info: { run_id: 'r1' }, data: { params: [], metrics: [] } };
    const cases: Record<string, unknown> = {
      rest: { runs: [restRun], next_page_token: 'abc' },
      restBare: { runs: [restRun] },
      exportImport: { info: {}, params: { lr: '0.1' }, metrics: { loss: 0.5 }, tags: {} },
      mlflow: { mlflow: { info: {}, params: {}, metrics: {} }, system: {} },
      packageJson: JSON.parse(readFileSync('package.json', 'utf8')),
      geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {} }] },
      keras: { loss: [0.9, 0.5], val_loss: [1.0, 0.7] },
      configOnly: { config: { lr: 0.1 } },
      metricList: { run_id: 'x', metrics: [{ key: 'loss', value: 1 }] },
      emptyList: [],
      numbers: [1, 2, 3]
    };
    for (const [name, value] of Object.entries(cases)) {
      expect(await sniff(`${name}.json`, text(value)), name).toBeNull();
    }
    const logLines = '{"level": "info", "msg": "epoch 1"}\n{"level": "info", "msg": "epoch 2"}\n';
    expect(await sniff('app.jsonl', new TextEncoder().encode(logLines))).toBeNull();
    expect(await sniff('a.csv', new TextEncoder().encode('step,loss\n0,1\n'))).toBeNull();
  });
});

/** Run ids and the experiment name come from the file name; put a placeholder in their place. */
function withoutFileName(result: ImportResult, fileName: string): unknown[] {
  const stem = fileName.replace(/\.[^.]*$/, '');
  return (runSummaries(result) as Record<string, unknown>[]).map((s) => ({
    ...s,
    experiment: s.experiment === stem ? '<file>' : s.experiment,
    id: String(s.id).replace(`${fileName}#`, '<file>#'),
    name: s.name === stem ? '<file>' : s.name
  }));
}

describe('the generated example files, three ways', () => {
  const cases = [
    { file: 'lr-sweep-runs.json', runs: 3, params: 24, points: 26 },
    { file: 'bert-finetune-run.json', runs: 1, params: 9, points: 13 },
    { file: 'ablation-metrics.jsonl', runs: 2, params: 6, points: 12 }
  ];
  for (const { file, runs, params, points } of cases) {
    it(file, async () => {
      const own = await importFromDisk([file], GENERATED, IMPORTERS);
      expect(own.formats).toEqual(['json-logs']);
      expect(countResult(own)).toEqual({
        experiments: 1,
        runs,
        deleted: 0,
        nested: 0,
        params,
        points,
        errors: 0
      });

      const dir = mkdtempSync(join(tmpdir(), 'runlens-json-logs-'));
      writeFileSync(join(dir, 'unknown'), readFileSync(join(GENERATED, file)));
      const blind = await importFromDisk(['unknown'], dir, IMPORTERS);
      expect(withoutFileName(blind, 'unknown')).toEqual(withoutFileName(own, file));

      expect(own.batches).toHaveLength(1);
      writeFileSync(join(dir, 'bundle.json'), writeRunlensJson(own.batches[0]!));
      const again = await importFromDisk(['bundle.json'], dir, IMPORTERS);
      expect(again.formats).toEqual(['runlens-json']);
      expect(runSummaries(again)).toEqual(runSummaries(own));
    });
  }

  it('reads what a person would check in the sweep', async () => {
    const own = await importFromDisk(['lr-sweep-runs.json'], GENERATED, IMPORTERS);
    const sweep = own.batches[0]!.runs.map((r) => {
      const acc = r.metrics.find((m) => m.key === 'val/accuracy')!;
      return `${r.name} ${r.status} lr=${r.params.get('lr')} best=${summarizeSeries(acc).max}`;
    });
    expect(sweep).toEqual([
      'resnet18-lr0.1 FINISHED lr=0.1 best=0.7705',
      'resnet18-lr0.5 FAILED lr=0.5 best=0.1003',
      'resnet18-lr0.01 FINISHED lr=0.01 best=0.5871'
    ]);
  });
});
