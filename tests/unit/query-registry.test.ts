// The filter's registry attributes: `registered = true` finds runs that produced a registered
// version, `model_name = "x"` runs with a version of model x (any of a run's models).
import { describe, expect, it } from 'vitest';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import { compileQuery, parseQuery } from '../../src/lib/query';
import type { RunRow } from '../../src/lib/db/rows';

function row(id: string): RunRow {
  return {
    key: `f|e|${id}`,
    importId: 'i',
    experimentKey: 'f|e',
    sourceFormat: 'f',
    sourceFile: 'x',
    id,
    experimentId: 'e',
    name: id,
    status: 'FINISHED',
    startTime: null,
    endTime: null,
    deleted: false,
    parentId: null,
    params: new Map(),
    tags: new Map(),
    metrics: new Map(),
    artifactCount: 0
  };
}

const cols = buildRunColumns(
  ['a', 'b', 'c'].map(row),
  new Map([
    ['a', ['clf']],
    ['b', ['clf', 'reg']]
  ])
);

function matching(query: string): string[] {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const mask = compileQuery(parsed.ast)(cols);
  return cols.ids.filter((_, i) => mask[i] === 1);
}

describe('registry attributes in the filter', () => {
  it('registered is true for runs that produced a version, false for the others', () => {
    expect(matching('registered = true')).toEqual(['a', 'b']);
    expect(matching('attributes.registered = false')).toEqual(['c']);
  });
  it('model_name matches any of a run’s registered models', () => {
    expect(matching('model_name = "reg"')).toEqual(['b']);
    expect(matching('model_name = "clf"')).toEqual(['a', 'b']);
    expect(matching('model_name like "r%"')).toEqual(['b']);
    expect(matching('model_name is null')).toEqual(['c']);
    expect(matching('not model_name = "clf"')).toEqual(['c']);
  });
  it('a library without a registry matches no run', () => {
    const none = buildRunColumns(['a'].map(row));
    const parsed = parseQuery('registered = true');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect([...compileQuery(parsed.ast)(none)]).toEqual([0]);
  });
});
