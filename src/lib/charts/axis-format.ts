/**
 * Tick labels that stay distinct at any scale: uPlot's default shows 1e-5-sized learning rates
 * as "0, 0, 0". The tick spacing decides the precision.
 */
export function formatTicks(splits: readonly number[], increment: number): string[] {
  const magnitude = Math.abs(increment);
  const largest = Math.max(...splits.map((v) => Math.abs(v)));
  if (magnitude > 0 && (magnitude < 1e-3 || largest >= 1e6)) {
    const digits = Math.max(0, Math.ceil(Math.log10(largest / magnitude)));
    return splits.map((v) =>
      v === 0 ? '0' : v.toExponential(Math.min(digits, 6)).replace(/\.?0+e/, 'e')
    );
  }
  const decimals = magnitude > 0 ? Math.max(0, -Math.floor(Math.log10(magnitude))) : 0;
  const format = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: Math.min(decimals, 10),
    maximumFractionDigits: Math.min(decimals, 10)
  });
  return splits.map((v) => format.format(v));
}
