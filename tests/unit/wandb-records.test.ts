// What a `.wandb` log's records become: history rows (nested keys, NaN, trailing spaces,
// `_step`/`_timestamp`/`_runtime`), define_metric step metrics, media, summary deltas, config,
// system stats, console output, exit and environment.
import { describe, expect, it } from 'vitest';
import { sourceFromBytes, type SourceFile } from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { rec, wandbLog, type Bytes } from './helpers/wandb-log';

async function importLog(...records: Bytes[]) {
  const file: SourceFile = sourceFromBytes('run-abc123.wandb', wandbLog(...records));
  const noop = () => {};
  const result = await parseFiles([file], IMPORTERS, noop, noop);
  const runs = result.parsed.flatMap((p) => p.batch.runs);
  const experiments = result.parsed.flatMap((p) => p.batch.experiments);
  return {
    ...result,
    run: runs[0]!,
    runs,
    experiments,
    messages: result.warnings.map((w) => w.message)
  };
}

/** Every metric as key → [step, value] pairs. */
function points(run: Run): Record<string, [number, number][]> {
  return Object.fromEntries(
    run.metrics.map((m) => [
      m.key,
      [...m.values].map((v, i) => [m.steps[i]!, v] as [number, number])
    ])
  );
}

const START = 1_700_000_000;
const runRecord = rec.run({ id: 'abc123', project: 'proj', start: START });

describe('W&B history rows', () => {
  it('joins nested keys with "/", takes _step as the step and _timestamp as the time', async () => {
    const { run, errors } = await importLog(
      runRecord,
      rec.history(2, [
        [['train', 'loss'], '0.5'],
        [['epoch/val_loss'], '0.7'],
        ['legacy/key', '1'],
        [['_step'], '0'],
        [['_runtime'], '3.5'],
        [['_timestamp'], '1.7000000105e+09']
      ]),
      rec.history(3, [
        [['train', 'loss'], '0.25'],
        [['_step'], '1'],
        [['_timestamp'], '1700000020.5']
      ]),
      rec.exit(0, 30)
    );
    expect(errors).toEqual([]);
    expect(points(run)).toEqual({
      'epoch/val_loss': [[0, 0.7]],
      'legacy/key': [[0, 1]],
      'train/loss': [
        [0, 0.5],
        [1, 0.25]
      ]
    });
    const loss = run.metrics.find((m) => m.key === 'train/loss')!;
    expect([...loss.timestamps]).toEqual([1700000010500, 1700000020500]);
    expect(run.startTime).toBe(START * 1000);
    expect(run.endTime).toBe((START + 30) * 1000);
  });

  it('keeps NaN and ±Infinity, trailing spaces and case in keys, and 17-digit values exactly', async () => {
    const { run } = await importLog(
      runRecord,
      rec.history(2, [
        ['train_Loss ', 'NaN'],
        ['Accuracy', 'Infinity'],
        ['accuracy', '-Infinity'],
        ['precise', '1.3146353960037231'],
        ['big', '12345678901234567890'],
        ['tiny', '5e-324'],
        ['_step', '0']
      ])
    );
    expect(points(run)).toEqual({
      Accuracy: [[0, Infinity]],
      accuracy: [[0, -Infinity]],
      big: [[0, 12345678901234567000]],
      precise: [[0, 1.3146353960037231]],
      tiny: [[0, 5e-324]],
      'train_Loss ': [[0, NaN]]
    });
  });

  it('uses the HistoryStep, then the row count, when a row has no _step', async () => {
    const { run } = await importLog(
      rec.history(1, [['a', '1']], 7),
      rec.history(2, [['a', '2']]),
      rec.history(3, [['a', '3']], 0)
    );
    expect(points(run).a).toEqual([
      [7, 1],
      [1, 2],
      [0, 3]
    ]);
  });

  it('puts define_metric metrics on their step metric, by name or glob', async () => {
    const { run, messages } = await importLog(
      runRecord,
      rec.metric('epoch/epoch', ''),
      rec.metric('epoch/*', 'epoch/epoch', true),
      rec.metric('val/acc', 'val/step'),
      // Logged before val/step has a value: left out, with a warning.
      rec.history(4, [
        [['val/acc'], '0.1'],
        [['_step'], '0']
      ]),
      rec.history(5, [
        [['epoch/epoch'], '10'],
        [['epoch/loss'], '0.9'],
        [['_step'], '1']
      ]),
      // epoch/epoch not in this row: its latest value (10) is used, as W&B's step_sync does.
      rec.history(6, [
        [['epoch/loss'], '0.8'],
        [['val/step'], '100'],
        [['val/acc'], '0.5'],
        [['_step'], '2']
      ]),
      rec.history(7, [
        [['epoch/epoch'], '11'],
        [['epoch/loss'], '0.7'],
        [['_step'], '3']
      ])
    );
    expect(points(run)).toEqual({
      'epoch/epoch': [
        [1, 10],
        [3, 11]
      ],
      'epoch/loss': [
        [10, 0.9],
        [10, 0.8],
        [11, 0.7]
      ],
      'val/acc': [[100, 0.5]],
      'val/step': [[2, 100]]
    });
    expect(messages).toContain(
      '1 point left out: logged before the step metric chosen for them with define_metric had a value'
    );
  });

  it('reads media (whole, or split into leaves by the Go core) as media, not metrics', async () => {
    const { run, messages } = await importLog(
      runRecord,
      rec.history(2, [
        [['samples', 'width'], '28'],
        [['samples', '_type'], '"image-file"'],
        [['samples', 'path'], '"media/images/samples_0_ab.png"'],
        ['hist', '{"_type": "histogram", "values": [1, 2], "bins": [0, 1, 2]}'],
        ['nested', '{"val": {"acc": 0.5}, "note": "text"}'],
        ['flag', 'true'],
        ['_step', '0']
      ]),
      rec.history(3, [
        [['samples', 'width'], '28'],
        [['samples', '_type'], '"image-file"'],
        ['_step', '1']
      ])
    );
    expect(points(run)).toEqual({ 'nested/val/acc': [[0, 0.5]] });
    expect(messages).toContain(
      "not plotted: 2 image-file values, 1 histogram value, 1 text value, 1 true/false value (only numbers are metrics; media files are listed with the run's artifacts)"
    );
  });
});

describe('W&B summary, config and run records', () => {
  it('replays summary deltas; keys with no history become one point at the summary step', async () => {
    const { run } = await importLog(
      runRecord,
      rec.history(2, [
        ['loss', '0.5'],
        ['_step', '4']
      ]),
      rec.summary([
        ['loss', '0.5'],
        ['best', '0.9'],
        ['gone', '1'],
        [['_wandb', 'runtime'], '7']
      ]),
      rec.summary(
        [
          ['best', '0.95'],
          ['_step', '4'],
          ['_timestamp', '1700000009']
        ],
        ['gone']
      ),
      rec.exit(0)
    );
    expect(points(run)).toEqual({ best: [[4, 0.95]], loss: [[4, 0.5]] });
    expect(run.metrics.find((m) => m.key === 'best')!.timestamps[0]).toBe(1700000009000);
    // No runtime in the exit record: the end is the latest time the log shows.
    expect(run.endTime).toBe((START + 9) * 1000);
  });

  it('reads config from the run record and config records; _wandb is not a param', async () => {
    const { run } = await importLog(
      rec.run({
        id: 'abc123',
        project: 'proj',
        config: [
          ['_wandb', '{"cli_version": "0.16.3"}'],
          ['lr', '0.001'],
          ['optimizer', '{"name": "adam", "betas": [0.9, 0.999]}'],
          ['__proto__', '"safe"']
        ]
      }),
      rec.config([
        ['epochs', '10'],
        ['flag', 'true'],
        ['none', 'null'],
        ['tiny', '1e-05']
      ]),
      rec.config([[['optimizer', 'name'], '"sgd"']], ['flag'])
    );
    expect([...run.params].sort()).toEqual([
      ['__proto__', 'safe'],
      ['epochs', '10'],
      ['lr', '0.001'],
      ['none', 'None'],
      ['optimizer.betas', '[0.9, 0.999]'],
      ['optimizer.name', 'sgd'],
      ['tiny', '1e-05']
    ]);
  });

  it('takes the run record’s names, tags and notes, and the environment record, as tags', async () => {
    const { run, experiments } = await importLog(
      rec.run({
        id: 'abc123',
        project: 'proj',
        entity: 'team',
        name: 'brisk-river-3',
        group: 'ablation',
        jobType: 'train',
        notes: 'first try',
        tags: ['baseline', 'gpu'],
        sweep: 'sw33p',
        start: START
      }),
      rec.telemetry('3.11.7', '0.21.4'),
      rec.environment({
        os: 'Linux',
        python: 'CPython 3.11.7',
        host: 'node-1',
        user: 'ada',
        args: ['--lr', '0.1'],
        program: 'train.py',
        gitRemote: 'git@github.com:x/y.git',
        gitCommit: 'abc',
        gpu: 'NVIDIA A100',
        gpuCount: 2
      }),
      rec.exit(1, 5)
    );
    expect(experiments.map((e) => [e.id, e.name])).toEqual([['proj', 'proj']]);
    expect(run.id).toBe('abc123');
    expect(run.name).toBe('brisk-river-3');
    expect(run.status).toBe('FAILED');
    expect(Object.fromEntries(run.tags)).toEqual({
      'mlflow.note.content': 'first try',
      'mlflow.user': 'ada',
      'wandb.args': '--lr 0.1',
      'wandb.cli_version': '0.21.4',
      'wandb.entity': 'team',
      'wandb.exit_code': '1',
      'wandb.git.commit': 'abc',
      'wandb.git.remote': 'git@github.com:x/y.git',
      'wandb.gpu': 'NVIDIA A100',
      'wandb.gpu_count': '2',
      'wandb.group': 'ablation',
      'wandb.host': 'node-1',
      'wandb.job_type': 'train',
      'wandb.os': 'Linux',
      'wandb.program': 'train.py',
      'wandb.python': 'CPython 3.11.7',
      'wandb.state': 'failed',
      'wandb.sweep': 'sw33p',
      'wandb.tags': 'baseline, gpu'
    });
  });

  it('shows a log with no exit record as KILLED (W&B: crashed) and says why', async () => {
    const { run, messages } = await importLog(
      runRecord,
      rec.history(2, [
        ['a', '1'],
        ['_step', '0']
      ])
    );
    expect(run.status).toBe('KILLED');
    expect(run.tags.get('wandb.state')).toBe('crashed');
    expect(messages).toEqual([
      'has no exit record: the run stopped without finishing (W&B calls it crashed) or was still running; it is shown as KILLED'
    ]);
  });

  it('reads system stats as system/... metrics, one sample per stats record', async () => {
    const { run } = await importLog(
      runRecord,
      rec.stats(START + 10, [
        ['cpu', '12.5'],
        ['network', '{"sent": 100, "recv": 200}'],
        ['gpu.0.gpu', '99']
      ]),
      rec.stats(START + 20, [['cpu', '13.5']]),
      rec.exit(0)
    );
    expect(points(run)).toEqual({
      'system/cpu': [
        [0, 12.5],
        [1, 13.5]
      ],
      'system/gpu.0.gpu': [[0, 99]],
      'system/network.recv': [[0, 200]],
      'system/network.sent': [[0, 100]]
    });
    expect(run.metrics.find((m) => m.key === 'system/cpu')!.timestamps[1]).toBe(
      (START + 20) * 1000
    );
  });

  it('keeps console output as output.log, progress bars redrawn as a terminal shows them', async () => {
    const { run } = await importLog(
      runRecord,
      rec.output('\u001b[34mwandb\u001b[0m: starting'),
      rec.output('\r  0%|   | 0/2'),
      rec.output('\r100%|###| 2/2'),
      rec.output('done'),
      rec.output('raw chunk ', true),
      rec.output('continues\r\nnext ', true),
      rec.output('line\n', true),
      rec.exit(0)
    );
    const log = run.artifacts.find((a) => a.path === 'output.log')!;
    expect(log.mediaType).toBe('text/plain');
    expect(new TextDecoder().decode(log.content!)).toBe(
      'wandb: starting\n100%|###| 2/2\ndone\nraw chunk continues\nnext line\n'
    );
  });

  it('is found by content under any name, and named by its run record', async () => {
    const file = sourceFromBytes('unknown', wandbLog(runRecord, rec.exit(0)));
    const noop = () => {};
    const result = await parseFiles([file], IMPORTERS, noop, noop);
    expect(result.parsed.map((p) => p.format)).toEqual(['wandb']);
    expect(result.parsed[0]!.batch.runs.map((r) => `${r.experimentId}/${r.id}`)).toEqual([
      'proj/abc123'
    ]);
  });
});
