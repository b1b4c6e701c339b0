/**
 * The share link's payload: a comparison (its runs, their params, tags and metric summaries, the
 * reduced series the charts draw, and the chart settings) packed into a URL fragment, which
 * browsers never send to a server.
 *
 * Wire form: `1.` + base64url(deflate-raw(bytes)), where bytes are a u32 (little-endian) length,
 * a UTF-8 JSON header of that length, then the series' points: for each series in header order,
 * the steps as zigzag varint deltas (integral steps) or float64, the values as 16-bit codes, and,
 * when the header says so, the timestamps as zigzag varint deltas in ms. Values are quantised to 16
 * bits over the series' own [lo, hi] (given in the header), with three codes kept for NaN and
 * ±Infinity: 1/65,532 of the range is far below a pixel of any chart, and it halves the link
 * against float32. The exact summaries travel in the header, as JSON numbers (non-finite ones as
 * "NaN", "Infinity", "-Infinity", and -0 as "-0"). Steps with a -0 among them go as float64.
 *
 * A link is hostile input: sizes are capped before and while inflating, every header field is
 * checked, and the binary part must be exactly as long as the header says.
 */
import { deflateSync, Inflate } from 'fflate';
import { checkHeader, fromWire, ShareLinkError, toWire, type WireNumber } from './share-header';

export { fromWire, ShareLinkError, toWire, type WireNumber };

export const SHARE_VERSION = 1;
/** Above this many characters of fragment, the page suggests a bundle instead. */
export const LINK_COMFORT_CHARS = 32 * 1024;
/** Refused outright: longer fragments than any browser keeps reliably. */
const MAX_FRAGMENT_CHARS = 4 * 1024 * 1024;
/** Refused while inflating: a small link must not unpack into gigabytes. */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;
const MAX_RUNS = 5_000;
const MAX_POINTS_PER_SERIES = 100_000;
const MAX_STRING = 20_000;

export interface ShareSeries {
  key: string;
  /** count, last, lastStep, min, max, mean, firstStep of the full history. */
  summary: WireNumber[];
  steps: Float64Array;
  values: Float64Array;
  /** Epoch ms per point, or null when the link carries no times. */
  timestamps: Float64Array | null;
}

export interface ShareRun {
  id: string;
  experimentId: string;
  name: string | null;
  status: string;
  startTime: number | null;
  endTime: number | null;
  parentId: string | null;
  params: [string, string][];
  tags: [string, string][];
  series: ShareSeries[];
}

export interface SharePayload {
  /** The comparison's settings (checked again by parseCompareSettings when applied). */
  settings: unknown;
  experiments: { id: string; name: string }[];
  runs: ShareRun[];
}

class ByteWriter {
  #buf = new Uint8Array(1024);
  #view = new DataView(this.#buf.buffer);
  length = 0;
  #room(n: number) {
    if (this.length + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.length + n));
    next.set(this.#buf);
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
  varint(v: number) {
    // Zigzag over doubles: exact for |v| < 2^52, which every accepted delta is.
    let z = v < 0 ? -2 * v - 1 : 2 * v;
    this.#room(8);
    while (z >= 128) {
      this.#buf[this.length++] = (z % 128) | 128;
      z = Math.floor(z / 128);
    }
    this.#buf[this.length++] = z;
  }
  f64(v: number) {
    this.#room(8);
    this.#view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  u16(v: number) {
    this.#room(2);
    this.#view.setUint16(this.length, v, true);
    this.length += 2;
  }
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }
}

class ByteReader {
  #view: DataView;
  at = 0;
  constructor(readonly buf: Uint8Array) {
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  #need(n: number) {
    if (this.at + n > this.buf.length) throw new ShareLinkError('the link is cut short');
  }
  varint(): number {
    let z = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      this.#need(1);
      const b = this.buf[this.at++]!;
      z += (b & 127) * scale;
      if (b < 128) return z % 2 === 1 ? -(z + 1) / 2 : z / 2;
      scale *= 128;
    }
    throw new ShareLinkError('the link holds a malformed number');
  }
  f64(): number {
    this.#need(8);
    const v = this.#view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }
  u16(): number {
    this.#need(2);
    const v = this.#view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }
}

/** Codes above the linear range: the values a chart leaves out, kept for the tooltip's honesty. */
const Q_NAN = 0xffff;
const Q_POS_INF = 0xfffe;
const Q_NEG_INF = 0xfffd;
const Q_MAX = 0xfffc;

/** The finite range of values, or [0, 0] when there is none. */
function finiteRange(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

function quantise(v: number, lo: number, span: number): number {
  if (Number.isNaN(v)) return Q_NAN;
  if (v === Infinity) return Q_POS_INF;
  if (v === -Infinity) return Q_NEG_INF;
  return span === 0 ? 0 : Math.round(((v - lo) / span) * Q_MAX);
}

function unquantise(q: number, lo: number, hi: number): number {
  if (q === Q_NAN) return NaN;
  if (q === Q_POS_INF) return Infinity;
  if (q === Q_NEG_INF) return -Infinity;
  if (q > Q_MAX) throw new ShareLinkError('the link holds an unknown value code');
  // The ends come back exactly: the min and max of a shared series are its true extremes.
  return q === 0 ? lo : q === Q_MAX ? hi : lo + (q / Q_MAX) * (hi - lo);
}

/** Steps can be varint deltas when all are integers with safe deltas. */
function integralSteps(steps: Float64Array): boolean {
  for (let i = 0; i < steps.length; i++) {
    const d = i === 0 ? steps[0]! : steps[i]! - steps[i - 1]!;
    // -0 is a safe integer, but a varint delta would bring it back as 0.
    if (!Number.isSafeInteger(steps[i]!) || Object.is(steps[i], -0) || Math.abs(d) >= 2 ** 50) {
      return false;
    }
  }
  return true;
}

function integralTimes(ts: Float64Array): boolean {
  return ts.every((t) => Number.isSafeInteger(t));
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareLinkError('the link is not valid base64url');
  // One character past a group of four is no base64 at all (atob throws a DOMException on it).
  if (text.length % 4 === 1) throw new ShareLinkError('the link is not valid base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Packs a payload into the fragment's value (without the leading `#share=`). */
export function encodeShareLink(payload: SharePayload): string {
  const points = new ByteWriter();
  const runs = payload.runs.map((r) => ({
    ...r,
    series: r.series.map((s) => {
      const stepMode = integralSteps(s.steps) ? 'varint' : 'f64';
      const times = s.timestamps && integralTimes(s.timestamps) ? s.timestamps : null;
      let previous = 0;
      for (const step of s.steps) {
        if (stepMode === 'varint') points.varint(step - previous);
        else points.f64(step);
        previous = step;
      }
      const [lo, hi] = finiteRange(s.values);
      for (const v of s.values) points.u16(quantise(v, lo, hi - lo));
      if (times) {
        previous = 0;
        for (const t of times) {
          points.varint(t - previous);
          previous = t;
        }
      }
      const range = [toWire(lo), toWire(hi)];
      return { key: s.key, summary: s.summary, n: s.steps.length, stepMode, times: !!times, range };
    })
  }));
  const header = new TextEncoder().encode(
    JSON.stringify({
      v: SHARE_VERSION,
      settings: payload.settings,
      experiments: payload.experiments,
      runs
    })
  );
  const body = points.bytes();
  const all = new Uint8Array(4 + header.length + body.length);
  new DataView(all.buffer).setUint32(0, header.length, true);
  all.set(header, 4);
  all.set(body, 4 + header.length);
  return `${SHARE_VERSION}.${base64url(deflateSync(all, { level: 9 }))}`;
}

/** Inflates with a cap, so a crafted link cannot exhaust memory. */
function inflateCapped(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > MAX_INFLATED_BYTES) {
      throw new ShareLinkError('the link unpacks to more than 32 MB; it is refused');
    }
    parts.push(chunk);
    if (final) done = true;
  });
  try {
    inflater.push(data, true);
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError('the link is damaged (its data does not decompress)');
  }
  if (!done) throw new ShareLinkError('the link is cut short (its data ends early)');
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Unpacks and checks a fragment's value; throws ShareLinkError with a reason a person can read. */
export function decodeShareLink(fragment: string): SharePayload {
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    throw new ShareLinkError('the link is longer than 4 MB; it is refused');
  }
  const dot = fragment.indexOf('.');
  const version = dot > 0 ? Number(fragment.slice(0, dot)) : NaN;
  if (!Number.isInteger(version)) throw new ShareLinkError('this is not a Runlens share link');
  if (version > SHARE_VERSION) {
    throw new ShareLinkError(
      `the link was made by a newer Runlens (link version ${version}; this one reads version ${SHARE_VERSION})`
    );
  }
  if (version < 1) throw new ShareLinkError(`unknown link version ${version}`);
  const bytes = inflateCapped(fromBase64url(fragment.slice(dot + 1)));
  if (bytes.length < 4) throw new ShareLinkError('the link is cut short');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  if (4 + headerLength > bytes.length) throw new ShareLinkError('the link is cut short');
  let raw: unknown;
  try {
    raw = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + headerLength))
    );
  } catch {
    throw new ShareLinkError('the link is damaged (its header is not valid JSON)');
  }
  const header = checkHeader(raw, {
    maxRuns: MAX_RUNS,
    maxPoints: MAX_POINTS_PER_SERIES,
    maxString: MAX_STRING
  });
  const reader = new ByteReader(bytes.subarray(4 + headerLength));
  const runs: ShareRun[] = header.runs.map((r) => ({
    ...r,
    series: r.series.map((s) => {
      const steps = new Float64Array(s.n);
      let previous = 0;
      for (let i = 0; i < s.n; i++) {
        steps[i] = s.stepMode === 'varint' ? (previous += reader.varint()) : reader.f64();
      }
      const values = new Float64Array(s.n);
      for (let i = 0; i < s.n; i++) values[i] = unquantise(reader.u16(), s.range[0], s.range[1]);
      let timestamps: Float64Array | null = null;
      if (s.times) {
        timestamps = new Float64Array(s.n);
        previous = 0;
        for (let i = 0; i < s.n; i++) timestamps[i] = previous += reader.varint();
      }
      return { key: s.key, summary: s.summary, steps, values, timestamps };
    })
  }));
  if (reader.at !== reader.buf.length) {
    throw new ShareLinkError('the link is damaged (its points do not match its header)');
  }
  return { settings: header.settings, experiments: header.experiments, runs };
}
