import { describe, expect, it } from 'vitest';
import {
  columnId,
  columnTitle,
  defaultColumns,
  parseColumnId,
  parseColumnSettings,
  parseColumnWidths
} from '../../src/lib/explorer/column-settings';
import type { ColumnRef } from '../../src/lib/explorer/explorer-types';

describe('column settings', () => {
  it('turn the columns chosen for a view into settings: run facts, metrics, then params', () => {
    const settings = defaultColumns({
      attributes: ['status', 'start_time', 'source'],
      metrics: ['loss', 'acc'],
      params: ['lr']
    });
    expect(settings.map((c) => [columnId(c.ref), c.width])).toEqual([
      ['attributes.status', 100],
      ['attributes.start_time', 175],
      ['attributes.source', 150],
      ['metrics.loss', 140],
      ['metrics.acc', 140],
      ['params.lr', 140]
    ]);
  });

  it('title a param and a metric of the same name apart', () => {
    expect(
      [
        { kind: 'param', key: 'lr' },
        { kind: 'metric', key: 'lr', summary: 'last' },
        { kind: 'metric', key: 'lr', summary: 'min' },
        { kind: 'metricAtStep', key: 'lr', step: 10 },
        { kind: 'tag', key: 'lr' },
        { kind: 'attribute', key: 'start_time' }
      ].map((ref) => columnTitle(ref as ColumnRef))
    ).toEqual([
      'param · lr',
      'metric · lr',
      'metric · lr (min)',
      'metric · lr @ step 10',
      'tag · lr',
      'Started'
    ]);
  });

  it('keep saved widths only when they are sane numbers', () => {
    expect([...parseColumnWidths('{"params.lr": 220, "metrics.a": 5, "x": "wide"}')]).toEqual([
      ['params.lr', 220]
    ]);
    expect(parseColumnWidths('not json').size).toBe(0);
  });

  it('round-trip through the URL form, summaries and steps included', () => {
    for (const id of [
      'metrics.val/loss',
      'min(metrics.loss)',
      'step10(metrics.acc)',
      'params.a.b',
      'tags.team'
    ]) {
      expect(columnId(parseColumnId(id)!)).toBe(id);
    }
    expect(parseColumnId('nonsense')).toBeNull();
  });

  it('drop malformed saved settings instead of failing', () => {
    expect(parseColumnSettings('not json')).toBeNull();
    const saved = JSON.stringify([
      { ref: { kind: 'metric', key: 'loss', summary: 'last' }, width: 100, pinned: false },
      { ref: { kind: 'metric', key: 'x', summary: 'median' }, width: 100, pinned: false },
      { ref: { kind: 'attribute', key: '__proto__' }, width: 100, pinned: false }
    ]);
    expect(parseColumnSettings(saved)?.map((c) => columnId(c.ref))).toEqual(['metrics.loss']);
  });
});
