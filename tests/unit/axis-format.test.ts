import { describe, expect, it } from 'vitest';
import { formatTicks } from '../../src/lib/charts/axis-format';

describe('formatTicks', () => {
  it('keeps tiny learning-rate ticks distinct', () => {
    const labels = formatTicks([0, 5e-6, 1e-5, 1.5e-5], 5e-6);
    expect(new Set(labels).size).toBe(4);
    expect(labels[1]).toBe('5e-6');
  });

  it('uses as many decimals as the tick spacing needs', () => {
    expect(formatTicks([0.2, 0.25, 0.3], 0.05)).toEqual(['0.20', '0.25', '0.30']);
    expect(formatTicks([0, 500, 1000, 1500], 500)).toEqual(['0', '500', '1,000', '1,500']);
  });
});
