import { describe, expect, it } from 'vitest';
import { summarizeSeries } from '../../src/lib/model';
import { parseNumberToken } from '../../src/lib/model';
import { series } from './helpers/batches';

describe('summarizeSeries', () => {
  it('takes "last" from the largest (step, timestamp, value), not the last array entry', () => {
    const s = series('loss', [0.5, 0.2, 0.9, 0.4], [0, 3, 1, 3], [10, 20, 30, 20]);
    // Steps 3 appear twice with the same timestamp: the larger value (0.4) wins, as in MLflow.
    expect(summarizeSeries(s)).toMatchObject({
      count: 4,
      last: 0.4,
      lastStep: 3,
      min: 0.2,
      max: 0.9
    });
  });

  it('ranks NaN below -Infinity at one step and time, whatever order they were read in', () => {
    // MLflow's get_metric_history returns such records in no fixed order (interop seed 1691114041).
    for (const values of [
      [1, NaN, -Infinity],
      [1, -Infinity, NaN]
    ]) {
      const s = series('loss', values, [0, 5, 5], [10, 20, 20]);
      expect(summarizeSeries(s)).toMatchObject({ last: -Infinity, lastStep: 5 });
    }
  });

  it('ignores NaN for min and max but still counts it', () => {
    const s = series('loss', [NaN, 2, Infinity, -1]);
    expect(summarizeSeries(s)).toMatchObject({ count: 4, min: -1, max: Infinity, last: -1 });
    expect(summarizeSeries(series('x', [NaN, NaN]))).toMatchObject({
      count: 2,
      min: NaN,
      max: NaN
    });
  });
});

describe('parseNumberToken', () => {
  it('reads every spelling of NaN and infinity the exporters write', () => {
    for (const t of ['nan', 'NaN', '+nan', '-NaN']) expect(parseNumberToken(t)).toBeNaN();
    for (const t of ['inf', 'Infinity', '+inf', 'INF']) expect(parseNumberToken(t)).toBe(Infinity);
    for (const t of ['-inf', '-Infinity']) expect(parseNumberToken(t)).toBe(-Infinity);
    expect(Object.is(parseNumberToken('-0'), -0)).toBe(true);
    expect(parseNumberToken('1.5e-3')).toBe(0.0015);
    expect(parseNumberToken('.5')).toBe(0.5);
  });

  it('rejects text that is not a number instead of guessing', () => {
    for (const t of ['', ' ', 'abc', '1,5', '0x10', 'infinite', '1e'])
      expect(parseNumberToken(t)).toBeUndefined();
  });
});

describe('valueAtStep', () => {
  it('takes the latest record logged at that step, and NaN when there is none', async () => {
    const { valueAtStep } = await import('../../src/lib/model');
    const s = series('loss', [0.9, 0.5, 0.7, 0.3], [0, 1, 1, 2], [10, 20, 25, 30]);
    expect(valueAtStep(s, 1)).toBe(0.7);
    expect(valueAtStep(s, 2)).toBe(0.3);
    expect(valueAtStep(s, 5)).toBeNaN();
  });
});
