// How dropped W&B folders become runs: run folders of each generation (0.8's flat files, files/
// beside a log, a log alone), what wins between the log and the files, sweep configs, the
// latest-run link, files that are skipped, and a broken file.
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes, type SourceFile } from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import { parseFiles } from '../../src/lib/worker/parse-files';
import { rec, wandbLog } from './helpers/wandb-log';

function file(path: string, content: Uint8Array | string): SourceFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { ...sourceFromBytes(path, bytes), fromFolder: true };
}

async function importFiles(files: SourceFile[]) {
  const noop = () => {};
  const result = await parseFiles(files, IMPORTERS, noop, noop);
  const runs = result.parsed.flatMap((p) => p.batch.runs);
  const experiments = result.parsed.flatMap((p) => p.batch.experiments);
  return {
    ...result,
    runs,
    experiments,
    messages: result.warnings.map((w) => `${w.file}: ${w.message}`)
  };
}

function points(run: Run | undefined): Record<string, number[]> {
  return Object.fromEntries((run?.metrics ?? []).map((m) => [m.key, [...m.values]]));
}

const GO_CONFIG = `_wandb:
    value:
        cli_version: 0.19.8
        m: []
        t:
            "1":
                - 1
batch_size:
    value: 64
optimizer:
    value:
        lr: 0.001
        name: adam
`;

const LEGACY_CONFIG = `wandb_version: 1

_wandb:
  desc: null
  value:
    cli_version: 0.10.21
    framework: keras
epochs:
  desc: null
  value: 10
decay:
  desc: null
  value: 1.0e-06
`;

describe('W&B run folders', () => {
  it('reads a run folder: the log, files/ beside it, media as artifacts, debug logs skipped', async () => {
    const run = 'proj/wandb/run-20250101_120000-abc123';
    const { runs, experiments, skipped, errors, read } = await importFiles([
      file(
        `${run}/run-abc123.wandb`,
        wandbLog(
          rec.run({ id: 'abc123', project: 'vision', start: 1_735_732_800 }),
          rec.history(2, [
            ['loss', '0.5'],
            ['_step', '0']
          ]),
          rec.summary([
            ['loss', '0.5'],
            ['test_acc', '0.9'],
            ['_step', '0']
          ]),
          rec.exit(0, 60)
        )
      ),
      file(`${run}/files/config.yaml`, GO_CONFIG),
      file(`${run}/files/wandb-summary.json`, '{"loss": 0.5, "test_acc": 0.9, "_step": 0}'),
      file(
        `${run}/files/wandb-metadata.json`,
        '{"os": "Linux", "python": "CPython 3.12.1", "host": "box", "username": "ada", "program": "train.py", "args": ["--fast"], "git": {"remote": "r", "commit": "c"}, "gpu_nvidia": [{"name": "NVIDIA L4"}], "gpu_count": 1}'
      ),
      file(`${run}/files/media/images/sample_0_ab.png`, Uint8Array.of(0x89, 0x50, 0x4e, 0x47)),
      file(`${run}/files/output.log`, 'hello\n'),
      file(`${run}/files/requirements.txt`, 'torch\n'),
      file(`${run}/logs/debug.log`, 'debug'),
      file(`${run}/logs/debug-internal.log`, 'debug'),
      file('proj/wandb/debug.log', 'debug'),
      file('proj/wandb/settings', '[default]\n')
    ]);
    expect(errors).toEqual([]);
    expect(read).toEqual([{ file: 'proj/wandb', format: 'wandb', runs: 1 }]);
    expect(experiments.map((e) => e.name)).toEqual(['vision']);
    const r = runs[0]!;
    expect([r.id, r.name, r.status, r.source.file]).toEqual(['abc123', 'abc123', 'FINISHED', run]);
    expect(points(r)).toEqual({ loss: [0.5], test_acc: [0.9] });
    expect([...r.params].sort()).toEqual([
      ['batch_size', '64'],
      ['optimizer.lr', '0.001'],
      ['optimizer.name', 'adam']
    ]);
    expect(r.artifacts.map((a) => `${a.path} ${a.mediaType}`)).toEqual([
      'media/images/sample_0_ab.png image/png',
      'output.log text/plain',
      'requirements.txt text/plain'
    ]);
    expect(r.tags.get('wandb.gpu')).toBe('NVIDIA L4');
    expect(r.tags.get('mlflow.user')).toBe('ada');
    expect(skipped.sort((a, b) => (a.file < b.file ? -1 : 1))).toEqual([
      { file: 'proj/wandb/debug.log', reason: 'W&B debug log: not run data' },
      { file: `${run}/logs/debug-internal.log`, reason: 'W&B debug log: not run data' },
      { file: `${run}/logs/debug.log`, reason: 'W&B debug log: not run data' }
    ]);
  });

  it('reads 0.8 run folders: history and events files, metadata state, legacy config', async () => {
    const dir = 'wandb/run-20191220_145441-mc8zsux2';
    const dry = 'wandb/dryrun-20191220_140406-meifn9da';
    const { runs, experiments, errors, messages } = await importFiles([
      file('wandb/settings', '[default]\nproject = connect-four\nentity = me\n'),
      file(
        `${dir}/wandb-history.jsonl`,
        '{"epoch": 0, "reward": -200.0, "_runtime": 7.8, "_timestamp": 1576853688.36, "_step": 0}\n' +
          '{"epoch": 1, "reward": NaN, "val": {"acc": 0.5}, "_runtime": 8.9, "_timestamp": 1576853689.47, "_step": 1}\n' +
          '{"epoch": 2, "rew'
      ),
      file(
        `${dir}/wandb-events.jsonl`,
        '{"system.cpu": 40.9, "system.network.sent": 245544, "_wandb": true, "_timestamp": 1576853713, "_runtime": 31}\n'
      ),
      file(
        `${dir}/wandb-summary.json`,
        '{"graph": {"_type": "graph", "format": "keras"}, "epoch": 1, "best": 3, "_step": 1}'
      ),
      file(`${dir}/config.yaml`, LEGACY_CONFIG),
      file(
        `${dir}/wandb-metadata.json`,
        '{"startedAt": "2019-12-20T14:54:42.013980", "heartbeatAt": "2019-12-20T14:55:27.157892", "state": "finished", "exitcode": 0, "host": "pc"}'
      ),
      file(`${dry}/wandb-history.jsonl`, ''),
      file(`${dry}/config.yaml`, LEGACY_CONFIG),
      file(`${dry}/wandb-metadata.json`, '{"state": "running", "project": "other"}')
    ]);
    expect(errors).toEqual([]);
    expect(experiments.map((e) => e.name).sort()).toEqual(['connect-four', 'other']);
    const r = runs.find((x) => x.id === 'mc8zsux2')!;
    expect(points(r)).toEqual({
      best: [3],
      epoch: [0, 1],
      reward: [-200, NaN],
      'system/cpu': [40.9],
      'system/network.sent': [245544],
      'val/acc': [0.5]
    });
    expect(r.status).toBe('FINISHED');
    expect(r.startTime).toBe(Date.UTC(2019, 11, 20, 14, 54, 42, 13));
    expect(r.endTime).toBe(Date.UTC(2019, 11, 20, 14, 55, 27, 157));
    expect([...r.params].sort()).toEqual([
      ['decay', '1e-06'],
      ['epochs', '10']
    ]);
    expect(r.tags.get('wandb.framework')).toBe('keras');
    const d = runs.find((x) => x.id === 'meifn9da')!;
    expect([d.status, d.tags.get('wandb.state')]).toEqual(['KILLED', 'crashed']);
    expect(messages).toEqual([
      `${dir}/wandb-history.jsonl: line 3 is cut off (the run was stopped while writing it); the lines before it were read`,
      `${dir}: not plotted: 1 graph value (only numbers are metrics; media files are listed with the run's artifacts)`
    ]);
  });

  it('lays a newer wandb-summary.json over a cut-off log, and keeps the log’s histories', async () => {
    const dir = 'wandb/offline-run-20250315_164500-1xeytjab';
    const log = wandbLog(
      rec.run({ id: '1xeytjab', project: 'vq' }),
      rec.config([['lr', '0.1']]),
      rec.history(2, [
        ['loss', '3'],
        ['_step', '0']
      ]),
      rec.summary([
        ['loss', '3'],
        ['_step', '0'],
        ['old', '1']
      ]),
      rec.history(3, [
        ['loss', '2'],
        ['_step', '1']
      ]),
      rec.output('x'.repeat(100_000))
    ).slice(0, 40_000);
    const { runs, messages } = await importFiles([
      file(`${dir}/run-1xeytjab.wandb`, log),
      file(`${dir}/files/wandb-summary.json`, '{"loss": 1, "final": 7, "_step": 5}'),
      file(`${dir}/files/config.yaml`, 'lr:\n    value: 0.2\nbatch:\n    value: 8\n')
    ]);
    const r = runs[0]!;
    expect(points(r)).toEqual({ final: [7], loss: [3, 2], old: [1] });
    expect(r.metrics.find((m) => m.key === 'final')!.steps[0]).toBe(5);
    expect([...r.params].sort()).toEqual([
      ['batch', '8'],
      ['lr', '0.2']
    ]);
    expect(r.status).toBe('KILLED');
    expect(messages).toEqual([
      `${dir}/run-1xeytjab.wandb: ends in a cut-off record at byte ${messages[0]!.match(/byte ([\d,]+)/)![1]} (the run was stopped, or was still writing); the 5 records before it were read`,
      `${dir}/run-1xeytjab.wandb: the log's history ends at step 1 but wandb-summary.json was written later (step 5): its summary values are used; the histories end where the log does`
    ]);
  });

  it('reads a run folder with files/ but no log (not copied, or never synced)', async () => {
    const dir = 'wandb/run-20231210_175258-gu7xnmg8';
    const { runs, experiments } = await importFiles([
      file(
        `${dir}/files/wandb-summary.json`,
        '{"Eval/0/return": 7831.5, "_step": 20525, "_timestamp": 1702250347.7, "_wandb": {"runtime": 1567}}'
      ),
      file(
        `${dir}/files/wandb-metadata.json`,
        '{"startedAt": "2023-12-10T22:52:58.983560", "state": "running"}'
      )
    ]);
    expect(experiments.map((e) => e.name)).toEqual(['wandb']);
    const r = runs[0]!;
    expect([r.id, r.status]).toEqual(['gu7xnmg8', 'FINISHED']);
    expect(points(r)).toEqual({ 'Eval/0/return': [7831.5] });
    // The later of the last log time and start + runtime.
    expect(r.endTime).toBe(1702250347700);
    expect(r.startTime).toBe(Date.UTC(2023, 11, 10, 22, 52, 58, 983));
  });

  it('gives sweep configs to their runs and skips the ones whose run is not there', async () => {
    const { runs, skipped } = await importFiles([
      file(
        'wandb/run-20240309_203813-b32vxjgr/run-b32vxjgr.wandb',
        wandbLog(
          rec.run({ id: 'b32vxjgr', project: 'p', sweep: 'yhwk78ud', config: [['lr', '0']] }),
          rec.exit(0)
        )
      ),
      file(
        'wandb/sweep-yhwk78ud/config-b32vxjgr.yaml',
        'wandb_version: 1\n\nlr:\n  value: 0\nbatch:\n  value: 32\n'
      ),
      file('wandb/sweep-yhwk78ud/config-zzzzzzzz.yaml', 'wandb_version: 1\n\nlr:\n  value: 1\n')
    ]);
    expect([...runs[0]!.params].sort()).toEqual([
      ['batch', '32'],
      ['lr', '0']
    ]);
    expect(runs[0]!.tags.get('wandb.sweep')).toBe('yhwk78ud');
    expect(skipped).toEqual([
      {
        file: 'wandb/sweep-yhwk78ud/config-zzzzzzzz.yaml',
        reason: 'W&B sweep config: its run is not among the dropped runs'
      }
    ]);
  });

  it('leaves out latest-run when it is a copy of a run folder, and reads a lone run folder', async () => {
    const log = wandbLog(rec.run({ id: 'aaa', project: 'p' }), rec.exit(0));
    const both = await importFiles([
      file('wandb/run-20250101_000000-aaa/run-aaa.wandb', log),
      file('wandb/latest-run/run-aaa.wandb', log)
    ]);
    expect(both.runs.map((r) => r.id)).toEqual(['aaa']);
    expect(both.skipped).toEqual([
      {
        file: 'wandb/latest-run/run-aaa.wandb',
        reason: 'W&B latest-run link: a copy of a run folder read under its own name'
      }
    ]);
    const alone = await importFiles([file('run-20250101_000000-aaa/run-aaa.wandb', log)]);
    expect(alone.read).toEqual([{ file: 'run-20250101_000000-aaa', format: 'wandb', runs: 1 }]);
  });

  it('names a broken file and still reads the rest of its run', async () => {
    const dir = 'wandb/run-20250101_000000-bbb';
    const { runs, errors } = await importFiles([
      file(
        `${dir}/run-bbb.wandb`,
        wandbLog(rec.run({ id: 'bbb', project: 'p' }), rec.history(2, [['a', '1']]), rec.exit(0))
      ),
      file(`${dir}/files/config.yaml`, 'a: [unclosed\n'),
      file(`${dir}/files/wandb-metadata.json`, '{"os": ')
    ]);
    expect(runs.map((r) => [r.id, Object.keys(points(r))])).toEqual([['bbb', ['a']]]);
    expect(errors.map((e) => e.file)).toEqual([
      `${dir}/files/config.yaml`,
      `${dir}/files/wandb-metadata.json`
    ]);
    expect(errors[0]!.message).toMatch(/^line \d+: not valid YAML/);
    expect(errors[1]!.message).toMatch(/^is not valid JSON \(.*line 1, column 8\)$/);
  });

  it('reads a config.yaml as plain data: Python tags are not resolved, alias bombs are refused', async () => {
    const dir = 'wandb/run-20250101_000000-ddd';
    const log = wandbLog(rec.run({ id: 'ddd', project: 'p' }), rec.exit(0));
    const tagged = await importFiles([
      file(`${dir}/run-ddd.wandb`, log),
      file(
        `${dir}/files/config.yaml`,
        'lr:\n  value: !!python/object/apply:numpy.core.multiarray.scalar\n  - 0.1\n'
      )
    ]);
    expect([...tagged.runs[0]!.params]).toEqual([['lr', '[0.1]']]);
    const nested = (name: string, inner: string) =>
      `${name}: &${name} [${Array(9).fill(`*${inner}`).join(', ')}]\n`;
    const bomb =
      'a: &a [1, 2]\n' +
      nested('b', 'a') +
      nested('c', 'b') +
      nested('d', 'c') +
      'e: [*d, *d, *d, *d]\n';
    const bombed = await importFiles([
      file(`${dir}/run-ddd.wandb`, log),
      file(`${dir}/files/config.yaml`, bomb)
    ]);
    expect(bombed.runs.map((r) => r.id)).toEqual(['ddd']);
    expect(bombed.errors).toEqual([
      {
        file: `${dir}/files/config.yaml`,
        message: 'could not be read (Excessive alias count indicates a resource exhaustion attack)'
      }
    ]);
  });

  it('keeps two folders of one resumed run apart, and says so', async () => {
    const log = wandbLog(rec.run({ id: 'ccc', project: 'p' }), rec.exit(0));
    const { runs, messages } = await importFiles([
      file('wandb/run-20250101_000000-ccc/run-ccc.wandb', log),
      file('wandb/run-20250102_000000-ccc/run-ccc.wandb', log)
    ]);
    expect(runs.map((r) => r.id)).toEqual(['ccc', 'ccc (run-20250102_000000-ccc)']);
    expect(messages).toEqual([
      'wandb/run-20250102_000000-ccc: run ccc is also in another folder (a resumed run?): read as run "ccc (run-20250102_000000-ccc)"'
    ]);
  });
});
