// The hyperparameter views' first look: params left, the target last, inputs before results.
import { describe, expect, it } from 'vitest';
import {
  defaultAxisIds,
  matrixAxisIds,
  withAxis
} from '../../../src/lib/charts/hyper/hyper-defaults';
import type { HyperAxis } from '../../../src/lib/charts/hyper/hyper-types';

function axis(id: string): HyperAxis {
  const [source, key] = id.split(/:(.*)/) as ['param' | 'metric', string];
  return {
    id,
    source,
    key,
    name: key,
    label: `${source} · ${key}`,
    kind: 'numeric',
    values: new Float64Array(0),
    categories: [],
    logSuggested: false
  };
}

// As the worker builds them: params first, metrics in key order (the sample grid's).
const SAMPLE = [
  'param:batch_size',
  'param:lr',
  'param:optimizer',
  'metric:lr',
  'metric:train/accuracy',
  'metric:train/loss',
  'metric:val/accuracy',
  'metric:val/loss'
].map(axis);

describe('default hyperparameter axes', () => {
  it('puts the params left and the target last, leaving out the logged lr schedule', () => {
    expect(defaultAxisIds(SAMPLE, 'val/accuracy')).toEqual([
      'param:batch_size',
      'param:lr',
      'param:optimizer',
      'metric:val/loss',
      'metric:train/accuracy',
      'metric:val/accuracy'
    ]);
  });

  it('follows another target, and copes without one', () => {
    expect(defaultAxisIds(SAMPLE, 'val/loss').at(-1)).toBe('metric:val/loss');
    expect(defaultAxisIds(SAMPLE, null)).not.toContain('metric:lr');
  });

  it('shows at most eight params', () => {
    const many = Array.from({ length: 12 }, (_, i) => axis(`param:p${i}`));
    expect(defaultAxisIds(many, null)).toHaveLength(8);
  });
});

describe('showing one more axis', () => {
  const shown = ['param:lr', 'metric:val/loss', 'metric:val/accuracy'];
  it('puts an input (a param or a schedule) before the results', () => {
    expect(withAxis(shown, 'metric:lr', SAMPLE, 'val/accuracy')).toEqual([
      'param:lr',
      'metric:lr',
      'metric:val/loss',
      'metric:val/accuracy'
    ]);
    expect(withAxis(shown, 'param:optimizer', SAMPLE, 'val/accuracy')[1]).toBe('param:optimizer');
  });

  it('keeps the target last, and moves a new target there', () => {
    expect(withAxis(shown, 'metric:train/loss', SAMPLE, 'val/accuracy').at(-1)).toBe(
      'metric:val/accuracy'
    );
    expect(withAxis(shown, 'metric:val/loss', SAMPLE, 'val/loss')).toEqual([
      'param:lr',
      'metric:val/accuracy',
      'metric:val/loss'
    ]);
  });
});

describe('scatter matrix axes', () => {
  it('always include the target, last, with the first five other shown axes', () => {
    const shown = ['param:a', 'param:b', 'param:c', 'param:d', 'param:e', 'param:f', 'param:g'];
    const axes = [...shown, 'metric:val/loss'].map(axis);
    expect(matrixAxisIds(shown, axes, 'val/loss')).toEqual([
      'param:a',
      'param:b',
      'param:c',
      'param:d',
      'param:e',
      'metric:val/loss'
    ]);
    expect(matrixAxisIds(shown, axes, null)).toHaveLength(6);
  });
});
