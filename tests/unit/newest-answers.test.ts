import { describe, expect, it } from 'vitest';
import { NewestAnswers } from '../../src/lib/async/newest-wins';

/** A question answered when the test says so, in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('NewestAnswers: one newest-wins helper for a page’s several questions', () => {
  it('hands on only the newest answer of a lane, whatever order the answers arrive in', async () => {
    const answers = new NewestAnswers();
    const shown: string[] = [];
    const slow = deferred<string>();
    const fast = deferred<string>();
    answers.ask(
      'stats',
      () => slow.promise,
      (a) => shown.push(a)
    );
    answers.ask(
      'stats',
      () => fast.promise,
      (a) => shown.push(a)
    );
    fast.resolve('newer');
    slow.resolve('older');
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(shown).toEqual(['newer']);
  });

  it('keeps lanes apart: a chart’s request does not drop the statistics’ answer', async () => {
    const answers = new NewestAnswers();
    const shown: string[] = [];
    const stats = deferred<string>();
    answers.ask(
      'stats',
      () => stats.promise,
      (a) => shown.push(a)
    );
    answers.ask(
      'chart:loss',
      () => Promise.resolve('frame'),
      (a) => shown.push(a)
    );
    stats.resolve('rows');
    await new Promise((r) => setTimeout(r, 0));
    expect(shown.sort()).toEqual(['frame', 'rows']);
  });

  it('reports a failure only when it is the newest, and dropped lanes apply nothing', async () => {
    const answers = new NewestAnswers();
    const failures: unknown[] = [];
    const shown: string[] = [];
    const first = deferred<string>();
    answers.ask(
      'box',
      () => first.promise,
      (a) => shown.push(a),
      (e) => failures.push(e)
    );
    answers.ticket('box');
    first.reject(new Error('stale'));
    const second = deferred<string>();
    answers.ask(
      'box',
      () => second.promise,
      (a) => shown.push(a),
      (e) => failures.push(e)
    );
    answers.dropAll();
    second.resolve('late');
    await new Promise((r) => setTimeout(r, 0));
    expect(failures).toEqual([]);
    expect(shown).toEqual([]);
    answers.ask(
      'box',
      () => Promise.reject(new Error('now')),
      (a) => shown.push(a),
      (e) => failures.push((e as Error).message)
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(failures).toEqual(['now']);
  });
});
