import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../src/lib/model';

describe('parseIsoTime', () => {
  it('reads the spellings exporters write, zone-less as UTC', () => {
    expect(parseIsoTime('2024-02-08T23:02:14.620335')).toBe(Date.UTC(2024, 1, 8, 23, 2, 14, 620));
    expect(parseIsoTime('2026-05-05 19:22:31.425000+00:00')).toBe(
      Date.UTC(2026, 4, 5, 19, 22, 31, 425)
    );
    expect(parseIsoTime('2024-05-01T12:00:00.250+02:00')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 250));
    expect(parseIsoTime('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(parseIsoTime('1969-12-31T23:59:59Z')).toBe(-1000);
  });

  it('cuts sub-millisecond digits instead of rounding into the next second', () => {
    expect(parseIsoTime('2024-01-01T00:00:59.9999')).toBe(Date.UTC(2024, 0, 1, 0, 0, 59, 999));
  });

  it('rejects dates that do not exist and text that is not a time', () => {
    for (const t of ['2023-02-29T00:00:00', '2024-13-01', '2024-04-31', '12:00', 'yesterday', '']) {
      expect(parseIsoTime(t)).toBeUndefined();
    }
    expect(parseIsoTime('2024-02-29T00:00:00')).toBe(Date.UTC(2024, 1, 29));
  });
});
