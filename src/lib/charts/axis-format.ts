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
  // The spacing's own decimals: a 0.25 spacing printed with one decimal gave "0.3" and "0.8".
  const decimals = magnitude > 0 ? decimalsOf(magnitude) : 0;
  const format = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: Math.min(decimals, 10),
    maximumFractionDigits: Math.min(decimals, 10)
  });
  return splits.map((v) => format.format(v));
}

/** Decimals a tick spacing is written with: 0.25 → 2, 0.1 → 1, 500 → 0. */
function decimalsOf(spacing: number): number {
  const text = String(Number(spacing.toPrecision(6)));
  const fraction = text.includes('e-') ? null : (text.split('.')[1] ?? '');
  return fraction === null
    ? Math.max(0, -Math.floor(Math.log10(spacing)))
    : Math.max(fraction.length, -Math.floor(Math.log10(spacing)), 0);
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

/**
 * Tick spacings for an elapsed-time axis, in seconds: clock-like steps (15 s, 5 min, 6 h, 1 day)
 * so labels land on whole minutes and hours instead of 70,000.
 */
export const ELAPSED_INCREMENTS: number[] = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
  1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 432000, 864000, 2592000
];

/**
 * Seconds since a run began as a clock: 0:42, 12:05, 1:02:05, 2d 3:04:05; fractions of a second
 * only when the tick spacing (or the value itself, in a tooltip) needs them.
 */
export function formatElapsed(seconds: number, spacing = 1): string {
  if (!Number.isFinite(seconds)) return '—';
  const sign = seconds < 0 ? '−' : '';
  const decimals = spacing < 1 ? Math.min(3, Math.ceil(-Math.log10(spacing) - 1e-9)) : 0;
  const whole = Number(Math.abs(seconds).toFixed(decimals));
  const days = Math.floor(whole / 86400);
  const hours = Math.floor((whole % 86400) / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = (whole % 60).toFixed(decimals).padStart(decimals > 0 ? decimals + 3 : 2, '0');
  const mm = String(minutes).padStart(2, '0');
  if (days > 0) return `${sign}${days}d ${String(hours).padStart(2, '0')}:${mm}:${secs}`;
  if (hours > 0) return `${sign}${hours}:${mm}:${secs}`;
  return `${sign}${minutes}:${secs}`;
}
