import { describe, expect, it } from 'vitest';
import { experimentNameHints } from '../../src/lib/explorer/experiment-names';

const exp = (key: string, id: string, name: string) => ({ key, id, name });

describe('experiment name hints', () => {
  it('names the store when two stores each have a Default', () => {
    const hints = experimentNameHints([
      exp('a', 'week-02/mlflow.db#0', 'Default'),
      exp('b', 'week-02/backend.db#0', 'Default'),
      exp('c', 'week-02/mlflow.db#1', 'taxi')
    ]);
    expect(Object.fromEntries(hints)).toEqual({ a: 'mlflow.db', b: 'backend.db' });
  });

  it('goes up the path until the stores differ', () => {
    const hints = experimentNameHints([
      exp('a', 'one/mlflow.db#1', 'x'),
      exp('b', 'two/mlflow.db#1', 'x')
    ]);
    expect(Object.fromEntries(hints)).toEqual({ a: 'one/mlflow.db', b: 'two/mlflow.db' });
  });

  it('falls back to the ids, and leaves unique names alone', () => {
    const hints = experimentNameHints([exp('a', '1', 'x'), exp('b', '2', 'x'), exp('c', '3', 'y')]);
    expect(Object.fromEntries(hints)).toEqual({ a: 'id 1', b: 'id 2' });
  });
});
