// Tampered bundles are rejected with a message naming the file and the problem, and leave the
// database exactly as it was; upgraders run in order and newer bundles are refused.
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/lib/bundle/read-bundle';
import { upgradeBundle, type BundleUpgrade } from '../../src/lib/bundle/upgrades';
import { writeBundle } from '../../src/lib/bundle/write-bundle';
import { countRows } from '../../src/lib/db/repo';
import { ARCHIVE_LIMITS } from '../../src/lib/importers/readers/zip';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { freshDb } from './helpers/db';
import { hardLibrary, importBytes, rezip, storeLibrary, VIEWS } from './helpers/bundle-fixtures';

let good: Uint8Array;

beforeAll(() => {
  const chunks: Uint8Array[] = [];
  writeBundle({ batches: hardLibrary(), views: VIEWS }, { artifacts: true }, (c) => chunks.push(c));
  good = new Uint8Array(Buffer.concat(chunks));
});

type Header = Record<string, unknown> & { runs: Record<string, unknown>[] };

/** Imports `bytes` into a library that already holds runs; the library must not change. */
async function rejected(bytes: Uint8Array): Promise<string> {
  const db = freshDb();
  await storeLibrary(db);
  const before = await countRows(db);
  const outcome = await importBytes(db, 'backup.runlens', bytes);
  expect(outcome.state).toBe('error');
  expect(await countRows(db)).toEqual(before);
  expect(outcome.errors).toHaveLength(1);
  expect(outcome.errors[0]!.file).toBe('backup.runlens');
  return outcome.errors[0]!.message;
}

describe('tampered bundles', () => {
  it('bad compression', async () => {
    const bytes = good.slice();
    // The series entry's deflate data starts right after its name in the local header.
    const series = Buffer.from(bytes).indexOf('series.bin') + 'series.bin'.length;
    bytes.fill(0xff, series, series + 16);
    expect(await rejected(bytes)).toMatch(/entry "series.bin" is damaged/);
  });

  it('truncated', async () => {
    expect(await rejected(good.slice(0, Math.floor(good.length / 2)))).toBe(
      'is a truncated bundle (its zip has no end record)'
    );
  });

  it('newer version', async () => {
    const bytes = rezip(good, (h) => (h.version = 3));
    expect(await rejected(bytes)).toBe(
      'was made by a newer Runlens (bundle version 3; this Runlens reads up to 2); update Runlens to open it'
    );
  });

  it('missing or malformed version', async () => {
    expect(await rejected(rezip(good, (h) => delete h.version))).toBe('has no bundle version');
    expect(await rejected(rezip(good, (h) => (h.version = '1')))).toBe(
      'has an invalid bundle version ("1")'
    );
  });

  it('unknown format', async () => {
    expect(await rejected(rezip(good, (h) => (h.format = 'runlens')))).toBe(
      'is not a Runlens bundle (format "runlens", expected "runlens-bundle")'
    );
  });

  it('header that is not JSON', async () => {
    const raw = zipSync({ 'runlens-bundle.json': strToU8('{"format": "runlens-bundle", nope') });
    expect(await rejected(raw)).toMatch(/^runlens-bundle.json is not valid JSON/);
  });

  it('series lengths that do not match the header', async () => {
    const longer = rezip(good, (h) => {
      const metrics = (h as Header).runs[0]!.metrics as { count: number }[];
      metrics[0]!.count += 1;
    });
    expect(await rejected(longer)).toMatch(
      /^series.bin holds \d+ bytes but the header describes \d+ .*altered or cut short$/
    );
    const cut = rezip(good, (_, entries) => {
      entries['series.bin'] = entries['series.bin']!.subarray(8);
    });
    expect(await rejected(cut)).toMatch(/^series.bin holds/);
  });

  it('altered bytes (checksums)', async () => {
    const series = rezip(good, (_, entries) => {
      const bin = entries['series.bin']!.slice();
      bin[100] = bin[100]! ^ 1;
      entries['series.bin'] = bin;
    });
    expect(await rejected(series)).toBe(
      'series.bin does not match its checksum; the bundle is damaged'
    );
    const artifact = rezip(good, (_, entries) => {
      entries['artifacts/0/0'] = strToU8('evil');
    });
    expect(await rejected(artifact)).toMatch(
      /the bytes do not match the header's size and checksum/
    );
  });

  it('hostile strings: paths that climb out, bad statuses; keys stay data', async () => {
    const climbing = rezip(good, (h) => {
      const artifacts = (h as Header).runs[0]!.artifacts as { path: string }[];
      artifacts[0]!.path = '../../etc/passwd';
    });
    expect(await rejected(climbing)).toBe(
      'runs[0].artifacts[0].path: artifact path "../../etc/passwd" climbs out of the run folder (..)'
    );
    const status = rezip(good, (h) => ((h as Header).runs[0]!.status = 'constructor'));
    expect(await rejected(status)).toBe('runs[0].status: unknown status the text "constructor"');
    const pairs = rezip(good, (h) => ((h as Header).runs[0]!.params = { __proto__: 'x' }));
    expect(await rejected(pairs)).toBe('runs[0].params: expected a list, found an object');
  });

  it('oversized: entries, unpacked size and ratio, with the archive limits', async () => {
    const read = (limits: typeof ARCHIVE_LIMITS) =>
      readBundle(new ImportSource(sourceFromBytes('big.runlens', good)), {
        checkCancelled: () => {},
        limits
      });
    await expect(read({ ...ARCHIVE_LIMITS, maxEntries: 2 })).rejects.toThrow(
      'big.runlens: has more than 2 entries'
    );
    await expect(read({ ...ARCHIVE_LIMITS, maxTotalBytes: 2 ** 20 / 100 })).rejects.toThrow(
      /big.runlens: unpacks to more than/
    );
    await expect(read({ ...ARCHIVE_LIMITS, maxRatio: 1, ratioFloorBytes: 0 })).rejects.toThrow(
      'big.runlens: unpacks to over 1× its size (a decompression bomb?)'
    );
  });

  it('a loose header names what to import instead', async () => {
    const header = strToU8('{"format":"runlens-bundle","version":1}');
    expect(await rejected(header)).toBe(
      'is the header of an unpacked Runlens bundle; import the .runlens file itself'
    );
  });
});

describe('bundle upgraders', () => {
  const header = (version: number) => ({
    header: { version, names: [] as string[] },
    entries: new Map()
  });
  const step =
    (to: number): BundleUpgrade =>
    (b) => ({
      header: { ...b.header, version: to, names: [...(b.header.names as string[]), `v${to}`] },
      entries: b.entries
    });

  it('applies every upgrader from the bundle version on, in order', () => {
    const upgrades = [step(2), step(3)];
    expect(upgradeBundle(header(1), upgrades)).toMatchObject({
      header: { version: 3, names: ['v2', 'v3'] }
    });
    expect(upgradeBundle(header(2), upgrades)).toMatchObject({
      header: { version: 3, names: ['v3'] }
    });
    expect(upgradeBundle(header(3), upgrades)).toMatchObject({ header: { version: 3, names: [] } });
    expect(upgradeBundle(header(4), upgrades)).toEqual({
      problem:
        'was made by a newer Runlens (bundle version 4; this Runlens reads up to 3); update Runlens to open it'
    });
  });

  it('refuses an upgrader that does not set the next version', () => {
    const forgetful: BundleUpgrade = (b) => b;
    expect(() => upgradeBundle(header(1), [forgetful])).toThrow('did not set version 2');
  });

  it('reads a real bundle through injected upgraders', async () => {
    const renamed: BundleUpgrade = (b) => ({
      header: { ...b.header, version: 2, createdBy: 'upgraded' },
      entries: b.entries
    });
    const contents = await readBundle(new ImportSource(sourceFromBytes('old.runlens', good)), {
      checkCancelled: () => {},
      upgrades: [renamed]
    });
    expect(contents.batches.map((b) => b.format)).toEqual(['mlflow-filestore', 'runlens-json']);
  });
});
