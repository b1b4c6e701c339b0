// neptune-exporter Parquet exports: the odd cases, on the small export that
// tests/fixtures/generated/neptune/make_neptune_fixture.py wrote with pyarrow and the exporter's
// SCHEMA (no Python needed here). docs/neptune.md says what each attribute type becomes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/lib/cli/disk-source';
import type { Run } from '../../src/lib/model';
import { summarizeSeries } from '../../src/lib/model';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/import-pipeline';

const FIXTURE = 'tests/fixtures/generated/neptune';
const PROJECT = 'export/data/ws_proj-00871eb7ac1bdb01';
const noop = () => {};

async function importPaths(...paths: string[]) {
  const collected = await collectInputs(paths, FIXTURE);
  const result = await parseFiles(collected.inputs, undefined, noop, noop);
  const runs = new Map<string, Run>(
    result.parsed.flatMap((p) => p.batch.runs).map((r) => [r.id, r])
  );
  const experiments = result.parsed.flatMap((p) => p.batch.experiments);
  return { ...result, runs, experiments };
}

/** A file of the fixture dropped on its own, under another name. */
async function importAlone(path: string, as: string) {
  const bytes = new Uint8Array(readFileSync(`${FIXTURE}/${path}`));
  return parseFiles([sourceFromBytes(as, bytes)], undefined, noop, noop);
}

function metric(run: Run, key: string) {
  const m = run.metrics.find((s) => s.key === key)!;
  return { steps: [...m.steps], values: [...m.values], summary: summarizeSeries(m) };
}

function artifactText(run: Run, path: string): string | null {
  const a = run.artifacts.find((x) => x.path === path);
  return a?.content ? new TextDecoder().decode(a.content) : null;
}

describe('a neptune-exporter export folder', async () => {
  const result = await importPaths('export');
  const run1 = result.runs.get('RUN-1')!;
  const run2 = result.runs.get('RUN-2')!;

  it('reads every run of the project, the model registry apart, and rejects nothing', () => {
    expect(result.errors).toEqual([]);
    expect([...result.runs.keys()].sort()).toEqual(['PROJ-MOD', 'RUN-1', 'RUN-2']);
    expect(result.experiments.map((e) => [e.id, e.name])).toEqual([
      ['ws/proj', 'ws/proj'],
      ['ws/proj#models', 'ws/proj (models)']
    ]);
    expect(result.read.map((r) => [r.file, r.format, r.runs])).toEqual([
      [PROJECT, 'neptune-exporter', 2],
      [`${PROJECT}/models`, 'neptune-exporter', 1]
    ]);
  });

  it('keeps decimal steps and joins a run split over two part files', () => {
    const loss = metric(run1, 'train/loss');
    expect(loss.steps).toEqual([0, 0.5, 1, 1.5, 2, 2.25, 3]);
    // NaN that from_pandas stored as null stays a NaN point; ±inf stay as they are.
    expect(loss.values).toEqual([2, 1.5, NaN, 1, Infinity, -Infinity, 0.25]);
    expect(loss.summary.last).toBe(0.25);
    // A NaN written as a NaN double, at the smallest step decimal(18,6) holds.
    expect(metric(run1, 'train/acc').steps).toEqual([0.000001]);
    expect(metric(run1, 'train/acc').values).toEqual([NaN]);
  });

  it('makes params of scalars, tags of sys/ and one-point metrics of results', () => {
    expect([...run1.params]).toEqual([
      ['parameters/lr', '0.001'],
      ['parameters/batch_size', '64'],
      ['parameters/optimizer', 'adam'],
      ['parameters/augment', 'True'],
      ['parameters/started', '2025-03-01T12:00:05.000Z'],
      ['parameters/classes', 'cat,dog'],
      ['parameters/__proto__', 'kept as a key']
    ]);
    expect(run1.tags.get('sys/tags')).toBe('augment,resnet');
    expect(metric(run1, 'eval/f1')).toMatchObject({ steps: [0], values: [0.875] });
    expect(metric(run1, 'test/errors').values).toEqual([12]);
    expect(run1.name).toBe('baseline');
    expect([run1.status, run1.startTime, run1.endTime]).toEqual([
      'FINISHED',
      Date.UTC(2025, 2, 1, 12, 0, 0),
      Date.UTC(2025, 2, 1, 12, 10, 0)
    ]);
  });

  it('reads a fork that holds only scalars: failed, with its parent', () => {
    expect([run2.status, run2.parentId, run2.name]).toEqual(['FAILED', 'RUN-1', 'baseline']);
    expect(run2.metrics.map((m) => m.key)).toEqual(['metrics/best_acc']);
    expect(Object.fromEntries(run2.params)).toEqual({ 'parameters/lr': '0.0001' });
    // No series: the run ends when nothing says so.
    expect(run2.endTime).toBeNull();
  });

  it('turns series of text and histograms and every file kind into artifacts', () => {
    expect(run1.artifacts.map((a) => [a.path, a.size, a.content !== null])).toEqual([
      ['model/config/config.json', 14, true],
      ['model/lost', 0, false],
      ['model/missing/gone.txt', 0, false],
      ['model/weights/w.bin', 64, false],
      ['monitoring/stdout/series.txt', 80, true],
      ['predictions/step_1/1.txt', 4, true],
      ['predictions/step_2/2.txt', 4, true],
      ['source_code/files/files/lib/util.py', 6, true],
      ['source_code/files/files/train.py', 12, true],
      ['train/weights/histograms.jsonl', 101, true]
    ]);
    expect(artifactText(run1, 'monitoring/stdout/series.txt')).toBe(
      '0; 2025-03-01T12:00:00.000Z; epoch 1\n1; 2025-03-01T12:00:01.000Z; epoch 2; done\n'
    );
    expect(JSON.parse(artifactText(run1, 'train/weights/histograms.jsonl')!)).toEqual({
      step: 1,
      timestamp: '2025-03-01T12:00:01.000Z',
      type: 'COUNTING',
      edges: [0, 0.5, 1],
      values: [3, 4]
    });
    expect(result.runs.get('PROJ-MOD')!.artifacts.map((a) => a.path)).toEqual(['card/card.md']);
  });

  it('accounts for every row and file: unknown types, empty values, unfinished parts, strays', () => {
    expect(result.skipped).toEqual([
      {
        file: `${PROJECT}/RUN-3-fd967cf94a052f5c_part_0.parquet.tmp`,
        reason: 'unfinished neptune-exporter part: its run was still being exported'
      },
      {
        file: 'export/files/ws_proj-00871eb7ac1bdb01/notes.txt',
        reason: 'file in a Neptune export files folder: no attribute names it'
      }
    ]);
    const summary = result.warnings.find((w) => w.file === PROJECT)!.message;
    expect(summary).toContain('(3 files, 43 rows): 2 runs, 2 metric histories (8 points)');
    expect(summary).toContain('1 git_ref row (1 attribute of a type Runlens does not read)');
    expect(summary).toContain('1 row without a value');
    expect(summary).toContain('2 files the attributes name but that were not dropped');
  });
});

describe('neptune-exporter files on their own', () => {
  it('reads the 2025 layout, many runs in one part_0.parquet, under any name', async () => {
    const own = await importPaths('old-layout');
    const renamed = await importAlone('old-layout/ws_old-51a757408dd0b4f2/part_0.parquet', 'x');
    for (const result of [own, renamed]) expect(result.errors).toEqual([]);
    expect([...own.runs.values()].map((r) => [r.id, r.name, r.experimentId])).toEqual([
      ['OLD-1', 'first', 'ws/old'],
      ['OLD-2', 'second', 'ws/old']
    ]);
    expect(renamed.parsed[0]!.batch.runs.map((r) => r.id)).toEqual(['OLD-1', 'OLD-2']);
  });

  it('warns that a later part dropped alone stands in for the whole run', async () => {
    const part = `${PROJECT}/RUN-1-549fcb30a0f06072_part_1.parquet`;
    const result = await importAlone(part, 'RUN-1_part_1.parquet');
    expect(result.parsed[0]!.batch.runs.map((r) => r.metrics.map((m) => m.key))).toEqual([
      ['train/acc', 'train/loss']
    ]);
    expect(result.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining('is part 1 of a run the exporter split into several files')
    );
  });

  it('rejects a truncated file, naming it and what was lost', async () => {
    const result = await importAlone('odd/truncated.parquet', 'runs/cut.parquet');
    expect(result.errors).toEqual([
      {
        file: 'runs/cut.parquet',
        message: expect.stringContaining('does not end with PAR1: the file is cut short')
      }
    ]);
  });

  it('rejects a corrupt footer and a codec it cannot decode, naming the file', async () => {
    const bytes = new Uint8Array(readFileSync(`${FIXTURE}/odd/zstd.parquet`));
    const result = await parseFiles(
      [sourceFromBytes('zstd.parquet', bytes)],
      undefined,
      noop,
      noop
    );
    expect(result.errors[0]).toEqual({
      file: 'zstd.parquet',
      message: expect.stringContaining('it is compressed with ZSTD')
    });
    // Scramble the footer's schema but keep its length and the closing magic.
    const corrupt = bytes.slice();
    const length = new DataView(corrupt.buffer).getUint32(corrupt.length - 8, true);
    corrupt.fill(0xff, corrupt.length - 8 - length, corrupt.length - 8 - length + 40);
    corrupt.set(new TextEncoder().encode('run_id attribute_path attribute_type project_id'), 0);
    corrupt.set([0x50, 0x41, 0x52, 0x31], 0);
    const broken = await parseFiles([sourceFromBytes('b.parquet', corrupt)], undefined, noop, noop);
    expect(broken.errors.map((e) => e.file)).toEqual(['b.parquet']);
  });

  it('names the row group and column of a damaged page', async () => {
    const part = `${FIXTURE}/${PROJECT}/RUN-2-54f5930fff19cfbd_part_0.parquet`;
    const damaged = new Uint8Array(readFileSync(part));
    damaged.fill(0xff, 600, 700);
    const result = await parseFiles([sourceFromBytes('d.parquet', damaged)], undefined, noop, noop);
    expect(result.errors).toEqual([
      {
        file: 'd.parquet',
        message: expect.stringMatching(/^row group 1 of 1, column float_value: could not be read/)
      }
    ]);
  });

  it('leaves a Parquet table that is no export to the recognisers', async () => {
    const alone = await importAlone('odd/cities.parquet', 'cities.parquet');
    expect(alone.errors[0]!.message).toMatch(/^is a Parquet file with no runs Runlens recognises/);
    // In a folder beside broken exports: those are rejected by name, the table is skipped.
    const folder = await importPaths('odd');
    expect(folder.errors.map((e) => e.file).sort()).toEqual([
      'odd/truncated.parquet',
      'odd/zstd.parquet'
    ]);
    expect(folder.skipped).toEqual([
      { file: 'odd', reason: 'Neptune export (neptune-exporter Parquet): no runs' },
      { file: 'odd/cities.parquet', reason: 'Parquet file: no runs Runlens recognises' }
    ]);
  });
});
