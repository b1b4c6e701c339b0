import { describe, expect, it } from 'vitest';
import {
  columnId,
  defaultColumns,
  parseColumnId,
  parseColumnSettings
} from '../../src/lib/explorer/column-settings';

describe('column settings', () => {
  it('start with the run facts people expect, then common metrics and params', () => {
    const ids = defaultColumns(['loss', 'acc'], ['lr']).map((c) => columnId(c.ref));
    expect(ids).toEqual([
      'attributes.status',
      'attributes.start_time',
      'attributes.duration',
      'attributes.user',
      'attributes.source',
      'attributes.experiment',
      'metrics.loss',
      'metrics.acc',
      'params.lr'
    ]);
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
