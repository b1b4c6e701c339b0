// Folders handed to the worker as File System Access handles are walked there (issue 19, item
// 3): paths as a folder input gives them (the folder's name first), folders in name order, a
// lone dropped file not counted as in a folder, progress as files are found, and a cancel that
// stops the walk.
import { describe, expect, it } from 'vitest';
import { walkHandles, type WalkHandle } from '../../src/lib/worker/handle-walk';

const file = (name: string, text = name): WalkHandle => ({
  kind: 'file',
  name,
  getFile: async () => new Blob([text])
});
const dir = (name: string, children: WalkHandle[]): WalkHandle => ({
  kind: 'directory',
  name,
  async *values() {
    // Handles come in no particular order: the walk sorts them.
    yield* [...children].reverse();
  }
});

describe('walking handles in the worker', () => {
  it('lists every file with its path from the picked folder, in name order', async () => {
    const picked = dir('mlruns', [
      dir('0', [
        file('meta.yaml'),
        dir('abc', [file('meta.yaml'), dir('metrics', [file('loss')])])
      ]),
      file('.trash-note')
    ]);
    const found: number[] = [];
    const files = await walkHandles(
      [picked, file('notes.txt')],
      (n) => found.push(n),
      () => {}
    );
    expect(files.map((f) => `${f.path}${f.fromFolder ? '' : ' (alone)'}`)).toEqual([
      'mlruns/.trash-note',
      'mlruns/0/abc/meta.yaml',
      'mlruns/0/abc/metrics/loss',
      'mlruns/0/meta.yaml',
      'notes.txt (alone)'
    ]);
    expect(await files[2]!.blob.text()).toBe('loss');
    expect(found.at(-1)).toBe(5);
  });

  it('reports progress every 50 files and stops when cancelled', async () => {
    const many = dir(
      'logs',
      Array.from({ length: 120 }, (_, i) => file(`f${String(i).padStart(3, '0')}`))
    );
    const found: number[] = [];
    expect(
      (
        await walkHandles(
          [many],
          (n) => found.push(n),
          () => {}
        )
      ).length
    ).toBe(120);
    expect(found).toEqual([50, 100, 120]);
    let seen = 0;
    const cancel = () => {
      if (++seen > 10) throw new Error('cancelled');
    };
    await expect(walkHandles([many], () => {}, cancel)).rejects.toThrow('cancelled');
  });
});
