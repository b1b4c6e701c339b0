// MLflow FileStore: every real mlruns/ set three ways, zips, and the oddities the format allows.
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseMlflowMetricFile } from '../../src/lib/importers/mlflow-filestore/run-files';
import { classifyMlflowMeta } from '../../src/lib/importers/mlflow-filestore/mlflow-filestore';
import {
  REAL_FIXTURES,
  checkThreeWays,
  countResult,
  importFromDisk,
  readManifest,
  runSummaries
} from './helpers/real-fixtures';

const manifest = readManifest('mlflow-filestore');

describe('real mlruns/ trees', () => {
  for (const entry of manifest) {
    const label = entry.inputs ? `${entry.set} (${entry.inputs.join(', ')})` : entry.set;
    it(label, { timeout: 60_000 }, async () => {
      await checkThreeWays(entry);
    });
  }

  it("keeps PyCaret's 45-level parent chain as a chain", async () => {
    const result = await importFromDisk(
      ['mlruns'],
      join(REAL_FIXTURES, 'mlflow-filestore/ds4b-pycaret')
    );
    const runs = result.batches.flatMap((b) => b.runs);
    const byId = new Map(runs.map((r) => [r.id, r]));
    const depth = (id: string): number => {
      const parent = byId.get(id)?.parentId;
      return parent && byId.has(parent) ? 1 + depth(parent) : 0;
    };
    expect(Math.max(...runs.map((r) => depth(r.id)))).toBeGreaterThanOrEqual(40);
    expect(runs.some((r) => r.tags.has('Run Time'))).toBe(true);
  });

  it('flags runs of a trashed experiment deleted even when its meta.yaml says active', async () => {
    const result = await importFromDisk(
      ['mlruns'],
      join(REAL_FIXTURES, 'mlflow-filestore/global-wheat-detection')
    );
    const trashed = result.batches.find((b) =>
      b.runs.some((r) => r.source.file.includes('.trash/'))
    );
    expect(trashed?.experiments[0]?.deleted).toBe(true);
    expect(trashed?.runs.every((r) => r.deleted)).toBe(true);
    expect(trashed?.runs[0]?.artifacts.map((a) => a.path)).toEqual(['config.json']);
  });

  it('reads nan and inf values and / in keys the way MLflow wrote them', async () => {
    const result = await importFromDisk(
      ['mlruns'],
      join(REAL_FIXTURES, 'mlflow-filestore/global-wheat-detection')
    );
    const values = result.batches.flatMap((b) =>
      b.runs.flatMap((r) => r.metrics.flatMap((m) => [...m.values]))
    );
    expect(values.some(Number.isNaN)).toBe(true);
    expect(values.some((v) => v === Infinity)).toBe(true);
    const tagKeys = result.batches.flatMap((b) => b.runs.flatMap((r) => [...r.tags.keys()]));
    expect(tagKeys.some((k) => k.includes('/'))).toBe(true);
  });
});

describe('MLflow 3.x links', () => {
  it('puts the models a run logged and the datasets it read in its provenance, not its tags', async () => {
    const wine = await importFromDisk(
      ['mlruns'],
      join(REAL_FIXTURES, 'mlflow-filestore/mlflow3-wine-lissygrace')
    );
    const runs = wine.batches.flatMap((b) => b.runs);
    const models = runs.flatMap((r) =>
      (r.provenance?.models ?? []).map((m) => `${m.name} ${m.id} at step ${m.step}`)
    );
    expect(models.sort()).toEqual([
      'model m-53d94a43332a4e82b647937bc3f395a4 at step 0',
      'model m-a967f151ebcc41279d7eb12f16e149c3 at step 0'
    ]);
    expect(runs.flatMap((r) => [...r.tags.keys()]).filter((k) => k.startsWith('runlens.'))).toEqual(
      []
    );

    const dir = writeTree({
      'mlruns/1/meta.yaml':
        "artifact_location: x\nexperiment_id: '1'\nlifecycle_stage: active\nname: e\n",
      'mlruns/1/datasets/d1/meta.yaml': 'digest: abc123\nname: wine-train\nsource_type: local\n',
      [`mlruns/1/${RUN_A}/meta.yaml`]: runMeta(RUN_A, '1'),
      [`mlruns/1/${RUN_A}/inputs/x9/meta.yaml`]:
        'destination_id: d1\ndestination_type: RUN\nsource_id: d1\nsource_type: DATASET\ntags:\n  mlflow.data.context: training\n'
    });
    const result = await importFromDisk(['mlruns'], dir);
    const run = result.batches[0]!.runs[0]!;
    expect(run.tags.has('runlens.datasets')).toBe(false);
    expect(run.provenance?.data).toEqual([
      {
        name: 'wine-train',
        digest: 'abc123',
        sourceType: 'local',
        source: null,
        context: 'training',
        schema: null,
        profile: null,
        from: 'mlruns/1/datasets/d1/meta.yaml'
      }
    ]);
  });
});

describe('metric files', () => {
  it('reads 2-, 3- and 5-field lines, nan and inf, duplicates and unsorted steps', () => {
    const text = '1000 0.5\n1001 nan 3\n1002 inf 1\n1002 inf 1\n1003 -inf 2 eval_ds 1a2b\n\n';
    const s = parseMlflowMetricFile('m', 'loss', text);
    expect([...s.steps]).toEqual([0, 3, 1, 1, 2]);
    expect([...s.values].map(String)).toEqual(['0.5', 'NaN', 'Infinity', 'Infinity', '-Infinity']);
    expect([...s.timestamps]).toEqual([1000, 1001, 1002, 1002, 1003]);
  });

  it('names the line of a malformed record', () => {
    expect(() =>
      parseMlflowMetricFile('mlruns/1/r/metrics/loss', 'loss', '1000 0.5 0\n1001 0.4 1 x\n')
    ).toThrow('mlruns/1/r/metrics/loss: line 2: expected "timestamp value step"');
    expect(() => parseMlflowMetricFile('f', 'loss', '1000 abc 0\n')).toThrow(
      'line 1: value "abc" is not a number'
    );
  });
});

describe('meta.yaml classification', () => {
  it('tells runs from experiments and ignores model and registry metas', () => {
    expect(classifyMlflowMeta("experiment_id: '1'\nlifecycle_stage: active\nname: x\n")).toBe(
      'experiment'
    );
    expect(classifyMlflowMeta("experiment_id: '1'\nrun_id: abc\nstart_time: 1\nstatus: 3\n")).toBe(
      'run'
    );
    expect(
      classifyMlflowMeta("experiment_id: '1'\nmodel_id: m-1\nname: x\nsource_run_id: abc\n")
    ).toBeNull();
    expect(
      classifyMlflowMeta('current_stage: None\nname: m\nrun_id: abc\nversion: 1\n')
    ).toBeNull();
  });
});

/** Writes a small mlruns tree to a temp folder: { 'mlruns/1/meta.yaml': '...', ... }. */
function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-mlruns-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const RUN_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const RUN_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const runMeta = (id: string, experiment: string) =>
  `artifact_uri: file:///x\nend_time: 2000\nexperiment_id: '${experiment}'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: run-${id.slice(0, 4)}\nstart_time: 1000\nstatus: 3\n`;

describe('hand-made trees', () => {
  it('reports a run whose experiment_id does not match its folder, and imports the others', async () => {
    const dir = writeTree({
      'mlruns/1/meta.yaml':
        "artifact_location: x\nexperiment_id: '1'\nlifecycle_stage: active\nname: good\n",
      [`mlruns/1/${RUN_A}/meta.yaml`]: runMeta(RUN_A, '1'),
      [`mlruns/1/${RUN_B}/meta.yaml`]: runMeta(RUN_B, '7')
    });
    const result = await importFromDisk(['mlruns'], dir);
    expect(result.batches.flatMap((b) => b.runs.map((r) => r.id))).toEqual([RUN_A]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.file).toBe(`mlruns/1/${RUN_B}/meta.yaml`);
    expect(result.errors[0]!.message).toMatch(/experiment_id "7" but sits in experiment "1"/);
  });

  it('keeps params verbatim (empty, multi-line, CRLF), skips OS junk and keeps __proto__ as data', async () => {
    const dir = writeTree({
      'mlruns/1/meta.yaml':
        "artifact_location: x\nexperiment_id: '1'\nlifecycle_stage: active\nname: e\n",
      [`mlruns/1/${RUN_A}/meta.yaml`]: runMeta(RUN_A, '1'),
      [`mlruns/1/${RUN_A}/params/empty`]: '',
      [`mlruns/1/${RUN_A}/params/multi line`]: 'a\r\nb\n',
      [`mlruns/1/${RUN_A}/params/__proto__`]: 'x',
      [`mlruns/1/${RUN_A}/metrics/.DS_Store`]: '\u0000\u0001junk',
      [`mlruns/1/${RUN_A}/metrics/train/loss`]: '1000 0.5 0\n',
      [`mlruns/1/${RUN_A}/tags/mlflow.note.content`]: '# Note\n<script>alert(1)</script>'
    });
    const result = await importFromDisk(['mlruns'], dir);
    expect(result.errors).toEqual([]);
    const run = result.batches[0]!.runs[0]!;
    expect([...run.params]).toEqual([
      ['__proto__', 'x'],
      ['empty', ''],
      ['multi line', 'a\r\nb\n']
    ]);
    expect(run.metrics.map((m) => m.key)).toEqual(['train/loss']);
    expect(run.tags.get('mlflow.note.content')).toContain('<script>');
  });

  it('a status MLflow does not know is reported, not guessed', async () => {
    const dir = writeTree({
      [`${RUN_A}/meta.yaml`]: runMeta(RUN_A, '1').replace('status: 3', 'status: 9')
    });
    const result = await importFromDisk([RUN_A], dir);
    expect(result.errors[0]!.message).toMatch(/status "9" is not an MLflow run status/);
  });
});

/** Zips a folder from disk in memory, entries under `prefix`. */
function zipFolder(dir: string, prefix: string): Uint8Array {
  const files: Zippable = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[`${prefix}/${relative(dir, path).split('\\').join('/')}`] = readFileSync(path);
    }
  };
  walk(dir);
  return zipSync(files);
}

describe('zips', () => {
  const set = join(REAL_FIXTURES, 'mlflow-filestore/global-wheat-detection');

  it('a zip of mlruns/ imports exactly like the folder, even renamed', async () => {
    const folder = await importFromDisk(['mlruns'], set);
    const dir = mkdtempSync(join(tmpdir(), 'runlens-zip-'));
    writeFileSync(join(dir, 'unknown'), zipFolder(join(set, 'mlruns'), 'mlruns'));
    const zipped = await importFromDisk(['unknown'], dir);
    expect(countResult(zipped)).toEqual(countResult(folder));
    expect(runSummaries(zipped)).toEqual(runSummaries(folder));
  });

  it('refuses an entry that climbs out of the archive, importing nothing from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-zip-'));
    writeFileSync(
      join(dir, 'evil.zip'),
      zipSync({ '../../escape.txt': strToU8('x'), 'ok.txt': strToU8('y') })
    );
    const result = await importFromDisk(['evil.zip'], dir);
    expect(result.batches).toEqual([]);
    expect(result.errors[0]).toEqual({
      file: 'evil.zip',
      message:
        'entry "../../escape.txt" climbs out of the archive (..); the archive was not imported'
    });
  });

  it('stops a decompression bomb at the ratio limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-zip-'));
    const zeros = new Uint8Array(80 * 1024 * 1024);
    writeFileSync(join(dir, 'bomb.zip'), zipSync({ 'a.txt': zeros }, { level: 9 }));
    const result = await importFromDisk(['bomb.zip'], dir);
    expect(result.errors[0]!.message).toMatch(/unpacks to over 1000× its size/);
  });

  it('names a damaged archive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-zip-'));
    const good = zipSync({ 'a.txt': strToU8('hello '.repeat(1000)) });
    writeFileSync(join(dir, 'cut.zip'), good.subarray(0, 60));
    const result = await importFromDisk(['cut.zip'], dir);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.file).toBe('cut.zip');
  });
});
