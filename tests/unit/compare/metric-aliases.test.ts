import { describe, expect, it } from 'vitest';
import {
  aliasTable,
  measureOf,
  parseAliasGroups,
  renameRunMetrics,
  suggestAliasGroups
} from '../../../src/lib/compare/metric-aliases';

describe('metric aliases', () => {
  it('sees one measure in each tool’s spelling', () => {
    const loss = ['val_loss', 'eval_loss', 'validation/loss', 'loss/val', 'val_loss_epoch'];
    expect(new Set(loss.map(measureOf))).toEqual(new Set(['loss val']));
    expect(measureOf('val_acc')).toBe(measureOf('eval_accuracy'));
    expect(measureOf('learning_rate')).toBe(measureOf('lr'));
    expect(measureOf('train_loss')).not.toBe(measureOf('val_loss'));
    expect(measureOf('constructor')).toBe('constructor');
  });

  it('suggests names no run recorded together, named after the most common one', () => {
    const runs = [['val_loss', 'loss'], ['val_loss'], ['eval_loss', 'loss'], ['validation/loss']];
    expect(suggestAliasGroups(runs, [])).toEqual([
      { name: 'val_loss', keys: ['val_loss', 'eval_loss', 'validation/loss'] }
    ]);
    // A run that recorded two of them means two things by them: no suggestion.
    expect(suggestAliasGroups([['val_loss', 'eval_loss']], [])).toEqual([]);
    // Keys already merged are not offered again.
    const merged = [{ name: 'val_loss', keys: ['val_loss', 'eval_loss'] }];
    expect(suggestAliasGroups([['val_loss'], ['eval_loss']], merged)).toEqual([]);
  });

  it('reads a run’s key under its group’s name, never hiding a second key of the group', () => {
    const groups = parseAliasGroups([{ name: 'val/loss', keys: ['val_loss', 'eval_loss'] }]);
    expect(groups[0]!.keys).toEqual(['val/loss', 'val_loss', 'eval_loss']);
    const table = aliasTable(groups);
    expect([...renameRunMetrics(['eval_loss', 'acc'], groups, table)]).toEqual([
      ['val/loss', 'eval_loss'],
      ['acc', 'acc']
    ]);
    expect([...renameRunMetrics(['val_loss', 'eval_loss'], groups, table)]).toEqual([
      ['val/loss', 'val_loss'],
      ['eval_loss', 'eval_loss']
    ]);
  });

  it('leaves malformed saved groups out', () => {
    expect(
      parseAliasGroups([{ name: 'a' }, { name: 'b', keys: ['b'] }, 'x', { name: 1, keys: [] }])
    ).toEqual([]);
    expect(parseAliasGroups({ name: 'a', keys: ['b'] })).toEqual([]);
  });
});
