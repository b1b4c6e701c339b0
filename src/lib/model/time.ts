/**
 * The one ISO 8601 reader: exports write times as text (Sacred, pandas, hand-written logs), and
 * `Date.parse` reads a zone-less date-time as local time, which differs per machine. Here a time
 * without a zone is UTC, which is what Python's `datetime.utcnow().isoformat()` means.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Epoch milliseconds of a valid calendar date and time in UTC, or undefined. */
export function utcMilliseconds(
  y: number,
  mo: number,
  d: number,
  h = 0,
  mi = 0,
  s = 0,
  ms = 0
): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const monthDays =
    daysFromCivil(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1) - daysFromCivil(y, mo, 1);
  if (d > monthDays) return undefined;
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms;
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time (`2024-02-08T23:02:14.620335`,
 * `2026-05-05 19:22:31.425000+00:00`, `2024-05-01`), or undefined. No zone means UTC; digits
 * beyond milliseconds are cut, not rounded, so a time never moves into the next second.
 */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const t = utcMilliseconds(n(1), n(2), n(3), n(4), n(5), n(6), ms);
  if (t === undefined) return undefined;
  const zone = m[8] ?? 'Z';
  if (zone.toUpperCase() === 'Z') return t;
  const digits = zone.replace(':', '');
  const zh = Number(digits.slice(1, 3));
  const zm = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
  if (zh > 23 || zm > 59) return undefined;
  return t - (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000;
}
