import type { ChartSeries } from '../worker/chart-data';

const integer = new Intl.NumberFormat('en-US');

/**
 * What a chart draws, in words: "all 12,000 points", and any values it could not draw, by kind:
 * "(3 NaN or infinite, not drawn: 1 NaN, 1 ∞, 1 −∞, marked at their steps; 9 drawn)".
 */
export function pointsNote(
  data: Pick<ChartSeries, 'points' | 'notDrawn' | 'nan' | 'posInf' | 'negInf' | 'sampled'>
): string {
  const drawn = data.points - data.notDrawn;
  // A server's overview: say so, never "all" (the run page then fetches every point).
  const base = data.sampled
    ? `sampled: ${integer.format(data.points)} points of MLflow's overview — loading every point`
    : data.points === 1
      ? 'the only point'
      : `all ${integer.format(data.points)} points`;
  if (data.notDrawn === 0) return base;
  const kinds = (
    [
      [data.nan, 'NaN'],
      [data.posInf, '∞'],
      [data.negInf, '−∞']
    ] as const
  )
    .filter(([n]) => n)
    .map(([n, name]) => `${integer.format(n)} ${name}`);
  const which = kinds.length > 0 ? `: ${kinds.join(', ')}, marked at their steps` : '';
  return `${base} (${integer.format(data.notDrawn)} NaN or infinite, not drawn${which}; ${integer.format(drawn)} drawn)`;
}
