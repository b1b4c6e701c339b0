import type { ChartSeries } from '../worker/chart-data';

const integer = new Intl.NumberFormat('en-US');

/** What a chart draws, in words: "all 12,000 points" (and any values it could not draw). */
export function pointsNote(data: Pick<ChartSeries, 'points' | 'notDrawn'>): string {
  const drawn = data.points - data.notDrawn;
  const base = data.points === 1 ? 'the only point' : `all ${integer.format(data.points)} points`;
  if (data.notDrawn === 0) return base;
  return `${base} (${integer.format(data.notDrawn)} NaN or infinite, not drawn; ${integer.format(drawn)} drawn)`;
}
