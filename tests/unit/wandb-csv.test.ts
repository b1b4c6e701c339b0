// The W&B web UI's CSV exports: a runs table (quoting, JSON cells, NaN/Infinity text, empty cells,
// no ID column, the column roles the report shows and a person can change) and a line chart
// (a custom x, sparse cells, __MIN/__MAX bands); broken files named precisely.
import { describe, expect, it } from 'vitest';
import type { ColumnRole, ReadingChoices } from '../../src/lib/importers/column-roles';
import { findImporter } from '../../src/lib/importers/registry';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import type { Run } from '../../src/lib/model';
import { testContext } from './helpers/import-context';

async function read(name: string, text: string, choices?: Partial<ReadingChoices>) {
  const source = new ImportSource(sourceFromBytes(name, new TextEncoder().encode(text)));
  const importer = await findImporter(source);
  const chosen = choices ? { roles: new Map<string, ColumnRole>(), ...choices } : undefined;
  const ctx = testContext(chosen ? new Map([[name, chosen]]) : undefined);
  const batch = await importer!.parse(source, ctx);
  const reading = ctx.warnings.find((w) => w.reading)?.reading;
  return {
    importer: importer!.id,
    ...batch,
    reading,
    messages: ctx.warnings.map((w) => w.message)
  };
}

const value = (run: Run, key: string) => run.metrics.find((m) => m.key === key)?.values[0];
const row = (...cells: string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');

describe('W&B runs-table export', () => {
  const text =
    row(...'Name State Notes User Tags Created Runtime Sweep ID'.split(' '), 'lr', 'optimizer.lr') +
    ',' +
    row('layers', 'arch', 'best/acc', 'loss', 'gap') +
    '\n' +
    row(
      'run, "one"',
      'crashed',
      'a note\nover two lines',
      'ana',
      'base, big',
      '2024-03-01T10:00:00.000Z',
      '90',
      'sw1',
      'abc123',
      '0.1',
      '0.01',
      '[64, 128]',
      'resnet',
      '0.9',
      'NaN',
      ''
    ) +
    '\n' +
    row(
      'two',
      'finished',
      '',
      'ana',
      '',
      '2024-03-02T10:00:00.000Z',
      '30',
      '',
      'def456',
      '0.2',
      '0.02',
      '{"a": 1}',
      'vit',
      'Infinity',
      '-Infinity',
      ''
    ) +
    '\n';

  it('reads each row as a run: quoted commas, quotes and line ends, state, times, tags', async () => {
    const { importer, runs } = await read('wandb_export_2024-03-05T10_00_00.000-05_00.csv', text);
    expect(importer).toBe('wandb-csv');
    const [one, two] = runs;
    expect({
      id: one!.id,
      name: one!.name,
      status: one!.status,
      start: new Date(one!.startTime!).toISOString(),
      end: new Date(one!.endTime!).toISOString(),
      tags: Object.fromEntries(one!.tags)
    }).toEqual({
      id: 'abc123',
      name: 'run, "one"',
      status: 'KILLED',
      start: '2024-03-01T10:00:00.000Z',
      end: '2024-03-01T10:01:30.000Z',
      tags: {
        'wandb.state': 'crashed',
        'wandb.runtime': '90',
        'wandb.tags': 'base, big',
        'mlflow.note.content': 'a note\nover two lines',
        'wandb.user': 'ana',
        'wandb.sweep': 'sw1'
      }
    });
    expect(two!.status).toBe('FINISHED');
  });

  it('keeps config before the last text column as params (JSON lists as text, dotted keys), numbers after it as metrics', async () => {
    const { runs, reading, messages } = await read('export.csv', text);
    const one = runs[0]!;
    expect(Object.fromEntries(one.params)).toEqual({
      lr: '0.1',
      'optimizer.lr': '0.01',
      layers: '[64, 128]',
      arch: 'resnet'
    });
    expect(Object.fromEntries(runs[1]!.params)).toMatchObject({ layers: '{"a": 1}' });
    expect(value(one, 'best/acc')).toBe(0.9);
    expect(value(one, 'loss')).toBeNaN();
    expect(value(runs[1]!, 'best/acc')).toBe(Infinity);
    expect(value(runs[1]!, 'loss')).toBe(-Infinity);
    // An empty cell is no value: the empty column gives no metric.
    expect(one.metrics.map((m) => m.key)).toEqual(['best/acc', 'loss']);
    expect(one.metrics[0]!.timestamps[0]).toBe(one.endTime);
    expect(reading!.columns.map((c) => `${c.key}: ${c.role}`)).toEqual([
      'lr: param',
      'optimizer.lr: param',
      'layers: param',
      'arch: param',
      'best/acc: metric',
      'loss: metric',
      'gap: metric'
    ]);
    expect(reading!.columns[0]!.why).toContain('before "arch", the last text column');
    expect(reading!.fixed.map((f) => f.key)).toContain('ID');
    expect(messages[0]).toMatch(/^read as a W&B runs-table export, config before summary: /);
  });

  it('lets a person read a numeric config column as a param and a summary column as a tag', async () => {
    const { runs, reading } = await read('export.csv', text, {
      roles: new Map<string, ColumnRole>([
        ['best/acc', 'param'],
        ['loss', 'tag']
      ])
    });
    expect(runs[0]!.params.get('best/acc')).toBe('0.9');
    expect(runs[0]!.tags.get('loss')).toBe('NaN');
    expect(reading!.chosen).toBe(true);
    await expect(
      read('export.csv', text, { roles: new Map<string, ColumnRole>([['arch', 'metric']]) })
    ).rejects.toThrow(/column "arch" cannot be a metric/);
  });

  it('gives rows without an ID column stable ids from the file and the row, the same on every read', async () => {
    const noId = [
      row('Name', 'Created', 'Runtime', 'End Time', 'Notes', 'Updated', 'Tags', 'path', 'acc'),
      row(
        'a',
        '2022-06-10T05:44:17.000Z',
        '498',
        '2022-06-10T05:52:35.000Z',
        '',
        '',
        '',
        'x/y',
        '0.5'
      ),
      row('a', '2022-06-10T05:44:17.000Z', '498', '', '', '', '', 'x/z', '0.6')
    ].join('\n');
    const first = await read('one.csv', noId);
    const again = await read('renamed.csv', noId);
    expect(first.runs.map((r) => r.id)).toEqual(again.runs.map((r) => r.id));
    expect(new Set(first.runs.map((r) => r.id)).size).toBe(2);
    expect(first.runs[0]!.endTime).toBe(Date.parse('2022-06-10T05:52:35.000Z'));
    // Without End Time the end is Created + Runtime.
    expect(first.runs[1]!.endTime).toBe(Date.parse('2022-06-10T05:52:35.000Z'));
  });

  it('with no text column, reads every numeric column as a metric and says so', async () => {
    const { runs, reading } = await read(
      'export.csv',
      [
        row('Name', 'State', 'Created', 'lr', 'acc'),
        row('a', 'running', '2024-01-01T00:00:00Z', '0.1', '0.5')
      ].join('\n')
    );
    expect(runs[0]!.status).toBe('RUNNING');
    expect(runs[0]!.endTime).toBeNull();
    expect(reading!.columns.map((c) => c.why)).toEqual([
      'every non-empty cell is a number, and no column holds text to end the config',
      'every non-empty cell is a number, and no column holds text to end the config'
    ]);
  });

  it('names the line and column of an unknown state or a broken time', async () => {
    const header = row('Name', 'State', 'Created', 'acc');
    await expect(
      read('e.csv', `${header}\n${row('a', 'exploded', '2024-01-01T00:00:00Z', '1')}\n`)
    ).rejects.toThrow('line 2, column "State": unknown W&B state "exploded"');
    await expect(
      read('e.csv', `${header}\n${row('a', 'finished', 'yesterday', '1')}\n`)
    ).rejects.toThrow('line 2, column "Created": expected a time, found "yesterday"');
  });
});

describe('W&B chart export', () => {
  const chart = [
    row(
      'evaluations',
      'algo: A - loss',
      'algo: A - loss__MIN',
      'algo: A - loss__MAX',
      'run-b - train/acc'
    ),
    row('60', '1.5', '1.0', '2.0', ''),
    row('62', '', '', '', '0.25'),
    row('120', '1.25', '1.0', '1.5', 'NaN')
  ].join('\n');

  it('reads one run per line prefix, histories over the custom x, bands as __min/__max', async () => {
    const { importer, runs, messages } = await read('wandb_export.csv', chart);
    expect(importer).toBe('wandb-csv');
    expect(runs.map((r) => r.id)).toEqual(['algo: A', 'run-b']);
    const a = runs[0]!;
    const curve = (key: string, run = a) => {
      const m = run.metrics.find((s) => s.key === key)!;
      return [...m.steps].map((s, i) => `${s}:${m.values[i]}`).join(' ');
    };
    expect(a.metrics.map((m) => m.key)).toEqual(['loss', 'loss__min', 'loss__max']);
    expect(curve('loss')).toBe('60:1.5 120:1.25');
    expect(curve('loss__max')).toBe('60:2 120:1.5');
    expect(curve('train/acc', runs[1]!)).toBe('62:0.25 120:NaN');
    expect(a.tags.get('wandb.chart_x')).toBe('evaluations');
    // The bands are read, not left out: the comparison draws them (metric-bands.ts).
    expect(messages).toEqual([]);
  });

  it('reads a chart over Step without bands, and names an x cell that is not a number', async () => {
    const { runs, messages } = await read(
      'c.csv',
      `${row('Step', 'r1 - loss')}\n${row('0', '2')}\n${row('1', '1')}\n`
    );
    expect(runs[0]!.metrics[0]!.steps).toEqual(Float64Array.of(0, 1));
    expect(messages).toEqual([]);
    await expect(read('c.csv', `${row('Step', 'r1 - loss')}\n${row('x', '2')}\n`)).rejects.toThrow(
      'line 2, column "Step": expected a number, found "x"'
    );
  });
});
