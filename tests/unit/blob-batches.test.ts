// A picked folder's small files are read in batches (one read of a Blob of many files instead of
// one read each, bench scenario 20): every file still gets exactly its own bytes, big files are
// read alone, a file that cannot be read fails alone and by its name, and the batch is read
// once however many of its files are asked for.
import { describe, expect, it } from 'vitest';
import { SMALL_FILE_BYTES, sourcesFromBlobs } from '../../src/lib/importers/blob-batches';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('small files read in batches', () => {
  it('gives every file its own bytes, in any order of asking', async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({
      path: `mlruns/1/run${Math.floor(i / 10)}/params/p${i}`,
      blob: new Blob([`value ${i} `.repeat(1 + (i % 7))]),
      fromFolder: true
    }));
    const sources = sourcesFromBlobs(entries);
    expect(sources.map((s) => s.path)).toEqual(entries.map((e) => e.path));
    const order = [...sources.keys()].reverse();
    const got = await Promise.all(order.map(async (i) => [i, text(await sources[i]!.read())]));
    for (const [i, value] of got) expect(value).toBe(`value ${i} `.repeat(1 + ((i as number) % 7)));
    // Asked again, a file is read alone and still right.
    expect(text(await sources[5]!.read())).toBe('value 5 '.repeat(6));
  });

  it('reads a batch once for all its files, big files alone', async () => {
    const big = new Uint8Array(SMALL_FILE_BYTES + 1).fill(65);
    const entries = [
      { path: 'a', blob: new Blob(['first']) },
      { path: 'big', blob: new Blob([big]) },
      { path: 'b', blob: new Blob(['second']) },
      { path: 'empty', blob: new Blob([]) }
    ];
    const sources = sourcesFromBlobs(entries);
    const original = Blob.prototype.arrayBuffer;
    let reads = 0;
    Blob.prototype.arrayBuffer = function (this: Blob) {
      reads++;
      return original.call(this);
    };
    try {
      expect(text(await sources[0]!.read())).toBe('first');
      expect(text(await sources[2]!.read())).toBe('second');
      expect(reads).toBe(1);
      expect((await sources[1]!.read()).length).toBe(SMALL_FILE_BYTES + 1);
      expect((await sources[3]!.read()).length).toBe(0);
      expect(reads).toBe(3);
    } finally {
      Blob.prototype.arrayBuffer = original;
    }
  });

  it('a file that cannot be read fails alone, the others still read', async () => {
    const broken = new Blob(['x']);
    broken.arrayBuffer = () => Promise.reject(new Error('NotReadableError: changed on disk'));
    const OriginalBlob = globalThis.Blob;
    const entries = [
      { path: 'good-1', blob: new Blob(['one']) },
      { path: 'changed', blob: broken },
      { path: 'good-2', blob: new Blob(['two']) }
    ];
    const sources = sourcesFromBlobs(entries);
    const original = OriginalBlob.prototype.arrayBuffer;
    let first = true;
    OriginalBlob.prototype.arrayBuffer = function (this: Blob) {
      // The batch's combined read comes first: it fails as a Blob holding a changed file does.
      if (first) {
        first = false;
        return Promise.reject(new Error('NotReadableError'));
      }
      return original.call(this);
    };
    try {
      expect(text(await sources[0]!.read())).toBe('one');
      await expect(sources[1]!.read()).rejects.toThrow(/changed on disk/);
      expect(text(await sources[2]!.read())).toBe('two');
    } finally {
      OriginalBlob.prototype.arrayBuffer = original;
    }
  });
});
