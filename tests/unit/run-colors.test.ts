// Run colours handed out per screen: distinct, remembered across screens, a choice wins.
import { describe, expect, it } from 'vitest';
import { assignRunColors, RUN_PALETTE } from '../../src/lib/explorer/run-colors';

const none = new Map<string, string>();
const ids = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('assignRunColors', () => {
  it('gives up to twelve runs twelve different colours, in palette order', () => {
    const colors = assignRunColors(ids(10), none, none);
    expect(new Set(colors.values()).size).toBe(10);
    expect(colors.get('r0')).toBe(RUN_PALETTE[0]);
    expect(colors.get('r9')).toBe(RUN_PALETTE[9]);
  });

  it('keeps the colours a subset of the runs had on the screen before', () => {
    const library = assignRunColors(ids(10), none, none);
    const compared = assignRunColors(['r7', 'r2', 'r9'], none, library);
    expect([...compared.values()]).toEqual([
      library.get('r7'),
      library.get('r2'),
      library.get('r9')
    ]);
  });

  it('moves one of two runs that remembered the same colour, and only one', () => {
    const remembered = new Map([
      ['a', RUN_PALETTE[0]],
      ['b', RUN_PALETTE[0]],
      ['c', RUN_PALETTE[1]]
    ]);
    const colors = assignRunColors(['a', 'b', 'c'], none, remembered);
    expect(colors.get('a')).toBe(RUN_PALETTE[0]);
    expect(colors.get('c')).toBe(RUN_PALETTE[1]);
    expect(colors.get('b')).toBe(RUN_PALETTE[2]);
  });

  it('lets a chosen colour win, and keeps the others away from it', () => {
    const chosen = new Map([['r3', RUN_PALETTE[0].toLowerCase()]]);
    const colors = assignRunColors(ids(4), chosen, new Map([['r0', RUN_PALETTE[0]]]));
    expect(colors.get('r3')).toBe(RUN_PALETTE[0].toLowerCase());
    expect(colors.get('r0')).not.toBe(RUN_PALETTE[0]);
    expect(new Set([...colors.values()].map((c) => c.toLowerCase())).size).toBe(4);
  });

  it('spreads more runs than colours evenly, keeping remembered colours within their share', () => {
    const first = assignRunColors(ids(36), none, none);
    const counts = new Map<string, number>();
    for (const c of first.values()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.values()]).toEqual(Array(12).fill(3));
    // Scrolled by one row: the runs still on screen keep their colours.
    const next = assignRunColors([...ids(36).slice(1), 'new'], none, first);
    for (const id of ids(36).slice(1)) expect(next.get(id)).toBe(first.get(id));
    expect(next.get('new')).toBe(first.get('r0'));
  });

  it('lists a run shown twice once', () => {
    expect(assignRunColors(['a', 'a', 'b'], none, none).size).toBe(2);
  });
});

describe('the palette', () => {
  /** CIELAB lightness and colour of #rrggbb (sRGB, D65). */
  function lab(hex: string): [number, number, number] {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    const f = (v: number) => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116);
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  }

  it('has no two colours that look alike, and none lost on the light or the dark theme', () => {
    const labs = RUN_PALETTE.map(lab);
    let closest = Infinity;
    labs.forEach((a, i) =>
      labs
        .slice(i + 1)
        .forEach(
          (b) => (closest = Math.min(closest, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])))
        )
    );
    expect(closest).toBeGreaterThan(30);
    for (const [lightness] of labs) expect(lightness).toBeGreaterThan(35);
    for (const [lightness] of labs) expect(lightness).toBeLessThan(80);
  });
});
