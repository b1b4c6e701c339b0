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

/**
 * Labels for a log axis. uPlot puts log ticks at 1…9 × 10^k, and one precision for all of them
 * printed "0.00 0.00 0.00" for 0.001…0.009. Each label gets its own shortest form, and only the
 * ticks that fit are labelled: decades when the axis spans two or more, 1-2-5 across one or two,
 * every tick inside one decade. Unlabelled ticks keep their grid line.
 */
export function formatLogTicks(splits: readonly number[]): string[] {
  const positive = splits.filter((v) => v > 0);
  if (positive.length === 0) return splits.map(() => '');
  const decades = Math.log10(Math.max(...positive) / Math.min(...positive));
  const shown = (mantissa: number) =>
    decades >= 2 ? mantissa === 1 : decades >= 0.999 ? [1, 2, 5].includes(mantissa) : true;
  return splits.map((v) => {
    if (!(v > 0)) return '';
    const exponent = Math.floor(Math.log10(v) + 1e-9);
    const mantissa = Number((v / 10 ** exponent).toPrecision(3));
    return shown(mantissa) ? logLabel(v) : '';
  });
}

/** 0.001, 0.25, 40, 1000; 1e-5 and 1e+6 outside 1e-4…1e5 where zeros stop being readable. */
function logLabel(v: number): string {
  const rounded = Number(v.toPrecision(3));
  if (rounded < 1e-4 || rounded >= 1e5) return rounded.toExponential().replace('e+', 'e');
  return String(rounded);
}
