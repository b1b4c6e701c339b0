import { describe, expect, it } from 'vitest';
import {
  listWindow,
  runRef,
  searchRuns,
  setHidden,
  withoutHidden,
  panelRunKeys
} from '$lib/compare/run-visibility';

describe('hidden runs of a comparison', () => {
  it('names a run the same way in the library and in a shared space', () => {
    expect(runRef('mlflow|0|abc')).toBe('0|abc');
    expect(runRef('runlens-share|0|abc')).toBe(runRef('mlflow|0|abc'));
    // A run id holding a bar keeps it.
    expect(runRef('tb|exp|a|b')).toBe('exp|a|b');
  });

  it('leaves hidden runs out of the names asked for, keys or bare ids, in order', () => {
    const names = ['mlflow|0|a', 'mlflow|0|b', 'c', 'mlflow|1|d'];
    expect(withoutHidden(names, [])).toEqual(names);
    expect(withoutHidden(names, ['0|b', '9|c'])).toEqual(['mlflow|0|a', 'mlflow|1|d']);
  });

  it('hides and shows runs in bulk without repeats', () => {
    const once = setHidden([], ['mlflow|0|a', 'mlflow|0|b'], true);
    expect(once).toEqual(['0|a', '0|b']);
    expect(setHidden(once, ['mlflow|0|b', 'mlflow|0|c'], true)).toEqual(['0|a', '0|b', '0|c']);
    expect(setHidden(once, ['mlflow|0|a'], false)).toEqual(['0|b']);
  });
});

describe('the side list search', () => {
  const runs = [
    { key: 'k1', id: 'r1', name: 'resnet-a' },
    { key: 'k2', id: 'r2', name: 'vit-b' },
    { key: 'k3', id: 'r3', name: null }
  ];
  const labels = new Map([
    ['k1', 'resnet lr=0.1'],
    ['k2', 'vit lr=0.01'],
    ['k3', 'resnet lr=0.01']
  ]);
  const label = (r: { key: string }) => labels.get(r.key)!;

  it('finds runs holding every word in their label, name or id, any case', () => {
    expect(searchRuns(runs, label, '').map((r) => r.key)).toEqual(['k1', 'k2', 'k3']);
    expect(searchRuns(runs, label, 'RESNET 0.01').map((r) => r.key)).toEqual(['k3']);
    expect(searchRuns(runs, label, 'vit-b').map((r) => r.key)).toEqual(['k2']);
    expect(searchRuns(runs, label, 'r3').map((r) => r.key)).toEqual(['k3']);
    expect(searchRuns(runs, label, 'bert')).toEqual([]);
  });
});

describe('rows drawn of a long list', () => {
  it('draws the rows in view and a few either side, the rest as space', () => {
    const w = listWindow(1000, 3000, 600, 30, 8);
    // Rows 100–120 are in view.
    expect(w.start).toBe(92);
    expect(w.end).toBe(100 + 21 + 8);
    expect(w.before).toBe(92 * 30);
    expect(w.before + (w.end - w.start) * 30 + w.after).toBe(1000 * 30);
  });

  it('stays inside the list at both ends and for short lists', () => {
    expect(listWindow(5, 0, 600, 30)).toEqual({ start: 0, end: 5, before: 0, after: 0 });
    const end = listWindow(1000, 1e9, 600, 30);
    expect(end.end).toBe(1000);
    expect(end.after).toBe(0);
    expect(listWindow(0, 0, 600, 30)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});

describe("a panel's runs", () => {
  it('draws every run without a choice, else the chosen ones in list order, keys or bare ids', () => {
    const names = ['mlflow|0|a', 'mlflow|0|b', 'c'];
    expect(panelRunKeys(names, undefined)).toEqual(names);
    expect(panelRunKeys(names, ['0|b', '1|c'])).toEqual(['mlflow|0|b', 'c']);
    // The same runs opened from a share link are stored under another format.
    expect(panelRunKeys(['runlens-share|0|a', 'runlens-share|0|b'], ['0|a'])).toEqual([
      'runlens-share|0|a'
    ]);
  });
});
