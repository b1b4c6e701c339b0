// Storage full (issue 18, item 4): every shape a quota error takes is told apart from other
// write failures, and an import that hits one says so and stores nothing.
import { describe, expect, it } from 'vitest';
import { isQuotaError, storageFullMessage } from '../../src/lib/db/quota';
import { countRows } from '../../src/lib/db/repo';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { batchFile, experiment, run } from './helpers/batches';
import { dumpDb, freshDb } from './helpers/db';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('isQuotaError', () => {
  it('knows every shape: thrown, wrapped by a transaction abort, inside a bulk failure', () => {
    expect(isQuotaError(quota())).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: quota() })).toBe(true);
    expect(isQuotaError({ name: 'AbortError', cause: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: [new Error('x'), quota()] })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: { 3: quota() } })).toBe(true);
    expect(isQuotaError(new Error('UnknownError: QuotaExceededError'))).toBe(true);
  });

  it('leaves other failures alone', () => {
    expect(isQuotaError(new Error('ConstraintError'))).toBe(false);
    expect(isQuotaError({ name: 'AbortError', inner: new Error('closed') })).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

describe('an import that hits the quota', () => {
  it('stores nothing and says what to delete or export', async () => {
    const db = freshDb();
    const seed = batchFile('seed.json', { experiments: [experiment('1')], runs: [run('a', '1')] });
    await runImport(db, [seed], { isCancelled: () => false, onProgress: () => {} });
    const before = await dumpDb(db);
    const original = db.runs.bulkPut.bind(db.runs);
    db.runs.bulkPut = (() => Promise.reject(quota())) as unknown as typeof db.runs.bulkPut;
    const more = batchFile('more.json', {
      experiments: [experiment('2')],
      runs: [run('b', '2'), run('c', '2')]
    });
    const outcome = await runImport(db, [more], { isCancelled: () => false, onProgress: () => {} });
    db.runs.bulkPut = original;
    expect(outcome).toMatchObject({ state: 'error', storageFull: true, runs: 0, importId: null });
    expect(outcome.errors.at(-1)!.message).toMatch(
      /storage for Runlens is full.*nothing was saved/
    );
    expect(outcome.errors.at(-1)!.message).toMatch(/deleting runs or imports.*back up the library/);
    expect(await dumpDb(db)).toEqual(before);
    // And the library still takes the next import.
    await runImport(db, [more], { isCancelled: () => false, onProgress: () => {} });
    expect(await countRows(db)).toMatchObject({ runs: 3, imports: 2 });
  });

  it('gives the browser’s figures when it has them', () => {
    expect(storageFullMessage({ usage: 50 * 2 ** 20, quota: 60 * 2 ** 20 })).toMatch(
      /\(50 MB used of about 60 MB this browser allows Runlens\)/
    );
    expect(storageFullMessage(null)).not.toMatch(/used of/);
  });
});
