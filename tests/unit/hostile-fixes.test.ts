// Bugs the hostile corpus (tests/fixtures/hostile) found, each pinned where it was fixed.
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { readParamsYaml } from '../../src/lib/importers/dvc/params-yaml';
import { ImportError } from '../../src/lib/importers/errors';
import { chosenDirection, type MetricDirection } from '../../src/lib/model/metric-direction';
import { expandZip } from '../../src/lib/importers/readers/zip';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { ShareLinkError, decodeShareLink } from '../../src/lib/share/share-codec';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { textFile } from './helpers/batches';
import { dumpDb, freshDb } from './helpers/db';

const laughs = [
  'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from(
    { length: 8 },
    (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`
  )
].join('\n');

describe('a dvclive params.yaml alias bomb', () => {
  it('is an ImportError naming the file, not yaml’s own ReferenceError', () => {
    let thrown: unknown;
    try {
      readParamsYaml('dvclive/params.yaml', laughs);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ImportError);
    expect((thrown as ImportError).message).toMatch(
      /^dvclive\/params\.yaml: a value expands too far/
    );
  });
});

describe('a zip archive with no files in it', () => {
  const open = (bytes: Uint8Array) =>
    expandZip(new ImportSource(sourceFromBytes('runs.zip', bytes)), () => {});

  it('is reported (it used to vanish from the report without a word)', async () => {
    await expect(open(zipSync({}))).rejects.toThrow('runs.zip: holds no files');
    await expect(open(new Uint8Array([0x50, 0x4b, 3, 4]))).rejects.toThrow('holds no files');
  });

  it('still opens an archive of files', async () => {
    const files = await open(zipSync({ 'a.txt': new Uint8Array([1]) }));
    expect(files.map((f) => f.path)).toEqual(['runs.zip/a.txt']);
  });
});

describe('a share link whose base64 is one character past a group of four', () => {
  it('is a ShareLinkError, not atob’s DOMException (found by the fuzz test, seed 1997846370)', () => {
    for (const fragment of ['1.1', '1.AAAAA']) {
      expect(() => decodeShareLink(fragment)).toThrow(ShareLinkError);
    }
  });
});

describe('an mlruns folder whose only run is rejected', () => {
  it('leaves the store as it was (it used to keep the experiment and an import of no runs)', async () => {
    const db = freshDb();
    const before = await dumpDb(db);
    const meta = (id: string) => `experiment_id: '${id}'\nname: hostile\nlifecycle_stage: active\n`;
    const runMeta = [
      'run_id: 0123456789abcdef0123456789abcdef',
      'experiment_id: "1"',
      'run_name: run',
      'status: 3',
      'start_time: 1700000000000',
      'lifecycle_stage: active'
    ].join('\n');
    const run = 'mlruns/1/0123456789abcdef0123456789abcdef';
    const files = [
      ['mlruns/1/meta.yaml', meta('1')],
      [`${run}/meta.yaml`, runMeta],
      [`${run}/metrics/loss`, '1 1 0\nnan 1 1\n']
    ].map(([path, body]) => ({ ...textFile(path!, body!), fromFolder: true }));
    const outcome = await runImport(db, files, { isCancelled: () => false, onProgress: () => {} });
    expect(outcome).toMatchObject({ state: 'error', importId: null, runs: 0 });
    expect(outcome.errors[0]!.message).toMatch(/whole number/);
    expect(await dumpDb(db)).toEqual(before);
  });
});

describe('a metric named like an Object.prototype member', () => {
  it('gets its guessed direction, not the function the prototype holds', () => {
    const chosen = { ...Object.create(null), loss: 'higher' } as Record<string, MetricDirection>;
    for (const key of ['__defineGetter__', 'constructor', 'toString', 'valueOf', '__proto__'])
      expect(chosenDirection(chosen, key)).toBe('lower');
    expect(chosenDirection(chosen, 'accuracy')).toBe('higher');
    expect(chosenDirection(chosen, 'loss')).toBe('higher');
  });
});
