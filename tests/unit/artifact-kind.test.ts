// The artifact browser's pure helpers: which preview a file gets, the folder tree, bounded readers.
import { describe, expect, it } from 'vitest';
import {
  artifactKind,
  buildArtifactTree,
  csvPreview,
  decodeHead,
  jsonChildren,
  jsonSummary,
  partialNote,
  treeFiles,
  type JsonValue
} from '../../src/routes/run/_components/artifact-kind';

describe('artifactKind', () => {
  it('lets the media type decide', () => {
    expect(artifactKind('plot.png', 'image/png')).toBe('image');
    expect(artifactKind('x.jpg', 'image/jpeg')).toBe('image');
    expect(artifactKind('x.gif', 'image/gif')).toBe('image');
    expect(artifactKind('x.webp', 'image/webp')).toBe('image');
    expect(artifactKind('diagram.svg', 'image/svg+xml')).toBe('svg');
    expect(artifactKind('report.html', 'text/html; charset=utf-8')).toBe('html');
    expect(artifactKind('README.md', 'text/markdown')).toBe('markdown');
    expect(artifactKind('t.csv', 'text/csv')).toBe('csv');
    expect(artifactKind('t.tsv', 'text/tab-separated-values')).toBe('tsv');
    expect(artifactKind('d.json', 'application/json')).toBe('json');
    expect(artifactKind('d', 'application/ld+json')).toBe('json');
    expect(artifactKind('MLmodel', 'application/yaml')).toBe('text');
    expect(artifactKind('train.log', 'text/plain')).toBe('text');
    expect(artifactKind('lines.jsonl', 'application/x-ndjson')).toBe('text');
    expect(artifactKind('model.pt', 'application/zip')).toBe('binary');
  });

  it('ignores case and parameters in the media type', () => {
    expect(artifactKind('a', 'Image/SVG+XML')).toBe('svg');
    expect(artifactKind('a', ' TEXT/CSV ;charset=utf-8')).toBe('csv');
  });

  it('trusts the media type over the extension when they disagree', () => {
    // A file named .png that its exporter calls HTML is treated as HTML: sandboxed, never <img>'d
    // as something it is not, and an "image" that is really SVG never goes inline.
    expect(artifactKind('innocent.png', 'text/html')).toBe('html');
    expect(artifactKind('notes.md', 'text/plain')).toBe('text');
    expect(artifactKind('page.html', 'image/svg+xml')).toBe('svg');
  });

  it('falls back to the extension when the media type says nothing', () => {
    expect(artifactKind('plots/loss.PNG', 'application/octet-stream')).toBe('image');
    expect(artifactKind('diagram.svg', '')).toBe('svg');
    expect(artifactKind('report.htm', 'application/octet-stream')).toBe('html');
    expect(artifactKind('data.json', 'binary/octet-stream')).toBe('json');
    expect(artifactKind('table.csv', '')).toBe('csv');
    expect(artifactKind('README.md', '')).toBe('markdown');
    expect(artifactKind('config.yaml', '')).toBe('text');
    expect(artifactKind('model/MLmodel', '')).toBe('text');
    expect(artifactKind('weights.bin', 'application/octet-stream')).toBe('binary');
    expect(artifactKind('noextension', '')).toBe('binary');
  });

  it('keeps unknown image types out of <img> previews', () => {
    expect(artifactKind('a.bmp', 'image/bmp')).toBe('binary');
    expect(artifactKind('a.tiff', 'image/tiff')).toBe('binary');
  });
});

describe('buildArtifactTree', () => {
  const items = [
    { path: 'plots/loss.png' },
    { path: 'README.md' },
    { path: 'model/data/weights.bin' },
    { path: 'model/MLmodel' },
    { path: 'plots/epoch10.png' },
    { path: 'plots/epoch9.png' },
    { path: '__proto__/constructor' }
  ];

  it('groups files by folder, folders first, names in natural order', () => {
    const tree = buildArtifactTree(items);
    expect(tree.folders.map((f) => f.name)).toEqual(['__proto__', 'model', 'plots']);
    expect(tree.files.map((f) => f.name)).toEqual(['README.md']);
    const plots = tree.folders[2]!;
    expect(plots.path).toBe('plots');
    expect(plots.files.map((f) => f.name)).toEqual(['epoch9.png', 'epoch10.png', 'loss.png']);
    expect(tree.folders[1]!.folders[0]!.path).toBe('model/data');
  });

  it('lists every file once, in the order the tree shows them', () => {
    expect(treeFiles(buildArtifactTree(items)).map((i) => i.path)).toEqual([
      '__proto__/constructor',
      'model/data/weights.bin',
      'model/MLmodel',
      'plots/epoch9.png',
      'plots/epoch10.png',
      'plots/loss.png',
      'README.md'
    ]);
  });
});

describe('bounded readers', () => {
  it('drops a character cut in half at the end of a head, not in a whole file', () => {
    const bytes = new TextEncoder().encode('naïve €');
    expect(decodeHead(bytes.slice(0, bytes.length - 1), false)).toBe('naïve ');
    expect(decodeHead(bytes, true)).toBe('naïve €');
  });

  it('says how much of a file is shown', () => {
    expect(partialNote(256 * 1024, 3 * 1024 * 1024)).toBe('Showing the first 256 KB of 3.0 MB.');
    expect(partialNote(100, 100)).toBeNull();
  });

  it('shows the first rows of a CSV and drops a row cut off by the head', () => {
    const full = csvPreview('a,b\n1,2\n3,4\n', ',', 500, false);
    expect(full).toEqual({
      ok: true,
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4']
      ],
      columns: 2,
      moreRows: false
    });
    const cut = csvPreview('a,b\n1,2\n3,"unfinished', ',', 500, true);
    expect(cut).toMatchObject({ ok: true, rows: [['1', '2']], moreRows: true });
    const many = csvPreview(
      'n\n' + Array.from({ length: 600 }, (_, i) => i).join('\n'),
      ',',
      500,
      false
    );
    expect(many).toMatchObject({ ok: true, moreRows: true });
    expect(many.ok && many.rows.length).toBe(500);
    expect(csvPreview('a\tb\nx\ty\tz\n', '\t', 10, false)).toMatchObject({ ok: true, columns: 3 });
  });

  it('reports a broken CSV instead of throwing', () => {
    expect(csvPreview('a,b\n"x"y,1\n', ',', 10, false)).toMatchObject({ ok: false });
  });
});

describe('JSON tree helpers', () => {
  it('shows a __proto__ key from JSON.parse as an ordinary key', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}, "a": [1, 2]}') as JsonValue;
    const children = jsonChildren(v as { [k: string]: JsonValue });
    expect(children.map(([k]) => k)).toEqual(['__proto__', 'a']);
    expect(children[0]![1]).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('summarises containers and shows leaves as JSON', () => {
    expect(jsonSummary([1, 2, 3])).toBe('[3 items]');
    expect(jsonSummary({ a: 1 })).toBe('{1 key}');
    expect(jsonSummary('<b>x</b>')).toBe('"<b>x</b>"');
    expect(jsonSummary(null)).toBe('null');
    expect(jsonChildren(['x', 'y'])).toEqual([
      ['0', 'x'],
      ['1', 'y']
    ]);
  });
});
