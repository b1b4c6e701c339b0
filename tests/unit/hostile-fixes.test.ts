// Bugs the hostile corpus (tests/fixtures/hostile) found, each pinned where it was fixed.
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { readParamsYaml } from '../../src/lib/importers/dvc/params-yaml';
import { ImportError } from '../../src/lib/importers/errors';
import { expandZip } from '../../src/lib/importers/readers/zip';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { ShareLinkError, decodeShareLink } from '../../src/lib/share/share-codec';

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
