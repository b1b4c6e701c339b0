/** Display formatting shared by components; every function returns plain text. */

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

/** A metric value: full precision for small magnitudes, NaN and infinities spelled out. */
export function formatMetric(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Object.is(v, -0)) return '-0';
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Megabytes (10^6 bytes, as MLflow's GPU metrics count them) as MB or GB, or an em dash. */
export function formatMegabytes(mb: number | null): string {
  if (mb === null || !Number.isFinite(mb)) return '—';
  if (mb >= 1000) return `${(mb / 1000).toFixed(mb < 10_000 ? 2 : 1)} GB`;
  return `${mb.toFixed(mb < 10 ? 1 : 0)} MB`;
}

/**
 * What `Date.prototype.toLocaleString()` formats with, made once: `toLocaleString` builds a new
 * formatter for every call (0.1-0.5 ms each, a table of timestamps adds up to a long task).
 */
let timeFormat: Intl.DateTimeFormat | null = null;

/**
 * Timestamps formatted lately: the runs table formats its time cells again whenever a row is
 * drawn anew (a filter keystroke re-draws the rows on screen), ~15 µs each with the formatter.
 */
const formattedTimes = new Map<number, string>();
const FORMATTED_TIMES_MAX = 4096;

/** A timestamp in the person's locale (as `toLocaleString()` writes it), or an em dash. */
export function formatTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const known = formattedTimes.get(ms);
  if (known !== undefined) return known;
  timeFormat ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric'
  });
  if (formattedTimes.size >= FORMATTED_TIMES_MAX) formattedTimes.clear();
  const text = timeFormat.format(ms);
  formattedTimes.set(ms, text);
  return text;
}

export function formatDuration(start: number | null, end: number | null): string {
  if (start === null || end === null || !(end >= start)) return '—';
  const s = Math.round((end - start) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

/** A duration in milliseconds, as the table shows it. */
export function formatDurationMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  return formatDuration(0, ms);
}

/** A table cell: numbers as metrics, text as it is, nothing as an em dash. */
export function formatCell(value: string | number | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? formatMetric(value) : value;
}

/** "1 run", "2 runs", "12,000 points". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}
