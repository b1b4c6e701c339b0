import { describe, expect, it } from 'vitest';
import { formatElapsed, formatLogTicks, formatTicks } from '../../src/lib/charts/axis-format';

describe('formatTicks', () => {
  it('keeps tiny learning-rate ticks distinct', () => {
    const labels = formatTicks([0, 5e-6, 1e-5, 1.5e-5], 5e-6);
    expect(new Set(labels).size).toBe(4);
    expect(labels[1]).toBe('5e-6');
  });

  it('uses as many decimals as the tick spacing needs', () => {
    expect(formatTicks([0.2, 0.25, 0.3], 0.05)).toEqual(['0.20', '0.25', '0.30']);
    expect(formatTicks([0, 500, 1000, 1500], 500)).toEqual(['0', '500', '1,000', '1,500']);
    // A quarter spacing needs two decimals, or 0.25 and 0.75 read "0.3" and "0.8".
    expect(formatTicks([0, 0.25, 0.5, 0.75, 1], 0.25)).toEqual([
      '0.00',
      '0.25',
      '0.50',
      '0.75',
      '1.00'
    ]);
  });
});

describe('formatLogTicks', () => {
  const decade = (k: number) =>
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => Number((m * 10 ** k).toPrecision(3)));

  it('labels every tick of one decade with its own digits, all distinct', () => {
    const labels = formatLogTicks(decade(-3));
    expect(labels).toEqual([
      '0.001',
      '0.002',
      '0.003',
      '0.004',
      '0.005',
      '0.006',
      '0.007',
      '0.008',
      '0.009'
    ]);
  });

  it('labels 1-2-5 across one to two decades and only decades beyond', () => {
    const two = formatLogTicks([...decade(-2), 0.1]);
    expect(two.filter(Boolean)).toEqual(['0.01', '0.02', '0.05', '0.1']);
    const five = formatLogTicks([...decade(-3), ...decade(-2), ...decade(-1), ...decade(0), 10]);
    expect(five.filter(Boolean)).toEqual(['0.001', '0.01', '0.1', '1', '10']);
  });

  it('writes very small and very large decades as powers of ten', () => {
    expect(formatLogTicks([1e-7, 1e-6, 1e-5, 1e-4]).filter(Boolean)).toEqual([
      '1e-7',
      '1e-6',
      '1e-5',
      '0.0001'
    ]);
    expect(formatLogTicks([1e4, 1e5, 1e6])).toEqual(['10000', '1e5', '1e6']);
  });
});

describe('formatElapsed', () => {
  it('writes seconds since the start as a clock, with days past 24 hours', () => {
    expect([42, 725, 3725, 70_000, 183_845].map((s) => formatElapsed(s))).toEqual([
      '0:42',
      '12:05',
      '1:02:05',
      '19:26:40',
      '2d 03:04:05'
    ]);
  });

  it('shows fractions of a second only when the spacing needs them', () => {
    expect(formatElapsed(1.25, 0.05)).toBe('0:01.25');
    expect(formatElapsed(1.25, 0.5)).toBe('0:01.3');
    expect(formatElapsed(59.6)).toBe('1:00');
  });
});
