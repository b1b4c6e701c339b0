/**
 * Scenario 12's baseline reader of TensorBoard event files, as plain JavaScript text: it runs in
 * the baseline Worker (spliced into its source) and, through `loadTfRecordReader`, in Node, where
 * the generator frames its records with the same CRC and the unit test checks both against
 * FORMATS.md §5 and real event files. It is independent of the app's decoder on purpose.
 *
 * What it does is the least any importer of scalars must do: walk the TFRecord framing, check
 * both masked CRC32Cs of every record (slicing-by-8: eight table look-ups per 8 bytes, the
 * fastest plain-JavaScript CRC), and decode each Event protobuf just enough for wall_time, step,
 * tag and simple_value, appended into per-tag Float64Arrays. A tag is found by a hash of its
 * bytes, so the tag's text is decoded once per run, not once per event.
 */
export const TFRECORD_READER_SOURCE = String.raw`
const CRC32C_TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let s = 1; s < 8; s++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[s * 256 + n] = c;
    }
  }
  return t;
})();

// CRC-32C (Castagnoli) of bytes[start, end); view is a DataView of the same bytes.
function crc32c(bytes, view, start, end) {
  const t = CRC32C_TABLES;
  let crc = -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = crc ^ view.getInt32(i, true);
    const b = view.getInt32(i + 4, true);
    crc =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + (b & 0xff)] ^
      t[512 + ((b >>> 8) & 0xff)] ^
      t[256 + ((b >>> 16) & 0xff)] ^
      t[b >>> 24];
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

// TFRecord's mask: rotate right by 15, add a constant, mod 2^32.
function maskCrc32c(crc) {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

// Where varint() stopped (one module-level cursor: no object per read).
let varintEnd = 0;

// A varint of up to 53 bits. Keys and lengths below 128 are one byte, read inline by callers.
function varint(bytes, pos) {
  let b = bytes[pos++];
  let v = b & 0x7f;
  let mul = 128;
  while (b >= 0x80) {
    b = bytes[pos++];
    v += (b & 0x7f) * mul;
    mul *= 128;
  }
  varintEnd = pos;
  return v;
}

// The position after a field of this wire type starting at pos (past its key).
function skipField(bytes, pos, wireType) {
  if (wireType === 0) {
    while (bytes[pos++] >= 0x80);
    return pos;
  }
  if (wireType === 1) return pos + 8;
  if (wireType === 5) return pos + 4;
  if (wireType === 2) {
    const n = varint(bytes, pos);
    return varintEnd + n;
  }
  throw new Error('unsupported protobuf wire type ' + wireType + ' at byte ' + pos);
}

// A run: the series of each tag, and what its events say about it.
function newRun(path) {
  return {
    path,
    byHash: new Map(),
    series: [],
    guess: null,
    records: 0,
    scalars: 0,
    firstWall: Infinity,
    lastWall: -Infinity
  };
}

function sameTag(s, bytes, start, end) {
  const t = s.tagBytes;
  if (t.length !== end - start) return false;
  for (let i = 0; i < t.length; i++) if (t[i] !== bytes[start + i]) return false;
  return true;
}

// Writers log the same tags in the same order at every step, so the tag after the last one
// found is tried first; otherwise a hash of the bytes finds it (or adds it).
function seriesFor(run, bytes, start, end) {
  const guess = run.guess;
  if (guess !== null && sameTag(guess, bytes, start, end)) {
    run.guess = guess.next;
    return guess;
  }
  let h = end - start;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  let list = run.byHash.get(h);
  if (list === undefined) {
    list = [];
    run.byHash.set(h, list);
  }
  for (let k = 0; k < list.length; k++) {
    if (sameTag(list[k], bytes, start, end)) {
      run.guess = list[k].next;
      return list[k];
    }
  }
  const tagBytes = bytes.slice(start, end);
  const tag = new TextDecoder().decode(tagBytes);
  const s = { tag, tagBytes, next: null, n: 0, steps: new Float64Array(1024), values: new Float64Array(1024) };
  const first = run.series[0];
  if (first) run.series[run.series.length - 1].next = s;
  s.next = first || s;
  list.push(s);
  run.series.push(s);
  run.guess = s.next;
  return s;
}

function append(s, step, value) {
  if (s.n === s.steps.length) {
    const steps = new Float64Array(s.n * 2);
    steps.set(s.steps);
    s.steps = steps;
    const values = new Float64Array(s.n * 2);
    values.set(s.values);
    s.values = values;
  }
  s.steps[s.n] = step;
  s.values[s.n] = value;
  s.n++;
}

// Summary.Value at [pos, end): tag (1) and simple_value (2, float32); the rest is skipped.
function readValue(bytes, view, pos, end, run, step) {
  let tagStart = -1;
  let tagEnd = -1;
  let value = 0;
  let simple = false;
  while (pos < end) {
    let key = bytes[pos++];
    if (key >= 0x80) {
      key = varint(bytes, pos - 1);
      pos = varintEnd;
    }
    if (key === 0x0a) {
      let n = bytes[pos++];
      if (n >= 0x80) {
        n = varint(bytes, pos - 1);
        pos = varintEnd;
      }
      tagStart = pos;
      tagEnd = pos = pos + n;
    } else if (key === 0x15) {
      value = view.getFloat32(pos, true);
      simple = true;
      pos += 4;
    } else pos = skipField(bytes, pos, key & 7);
  }
  if (!simple || tagStart < 0) return 0;
  append(seriesFor(run, bytes, tagStart, tagEnd), step, value);
  return 1;
}

// Event at [pos, end): wall_time (1, double), step (2), summary (5) of values (1); the rest
// (file_version, graphs, session logs...) is skipped.
function readEvent(bytes, view, pos, end, run) {
  let wall = 0;
  let step = 0;
  let summaryStart = -1;
  let summaryEnd = -1;
  while (pos < end) {
    let key = bytes[pos++];
    if (key >= 0x80) {
      key = varint(bytes, pos - 1);
      pos = varintEnd;
    }
    if (key === 0x09) {
      wall = view.getFloat64(pos, true);
      pos += 8;
    } else if (key === 0x10) {
      step = varint(bytes, pos);
      pos = varintEnd;
    } else if (key === 0x2a) {
      let n = bytes[pos++];
      if (n >= 0x80) {
        n = varint(bytes, pos - 1);
        pos = varintEnd;
      }
      summaryStart = pos;
      summaryEnd = pos = pos + n;
    } else pos = skipField(bytes, pos, key & 7);
  }
  if (pos !== end) throw new Error('an Event runs past its record in ' + run.path);
  if (wall < run.firstWall) run.firstWall = wall;
  if (wall > run.lastWall) run.lastWall = wall;
  pos = summaryStart;
  while (pos < summaryEnd) {
    let key = bytes[pos++];
    if (key >= 0x80) {
      key = varint(bytes, pos - 1);
      pos = varintEnd;
    }
    if (key === 0x0a) {
      let n = bytes[pos++];
      if (n >= 0x80) {
        n = varint(bytes, pos - 1);
        pos = varintEnd;
      }
      run.scalars += readValue(bytes, view, pos, pos + n, run, step);
      pos += n;
    } else pos = skipField(bytes, pos, key & 7);
  }
}

// Reads one event file into run. A truncated last record ends the file (a writer may still be
// writing it); a wrong CRC is an error, since the bench's files are written whole.
function readEventFile(bytes, run, name) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  let pos = 0;
  while (pos + 12 <= size) {
    if (maskCrc32c(crc32c(bytes, view, pos, pos + 8)) !== view.getUint32(pos + 8, true))
      throw new Error(name + ': bad length CRC at byte ' + pos);
    const length = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 4294967296;
    const start = pos + 12;
    const end = start + length;
    if (end + 4 > size) break;
    if (maskCrc32c(crc32c(bytes, view, start, end)) !== view.getUint32(end, true))
      throw new Error(name + ': bad data CRC in the record at byte ' + pos);
    readEvent(bytes, view, start, end, run);
    run.records++;
    pos = end + 4;
  }
}
`;

/** One tag's points as the reader collected them (`n` valid entries). */
export interface ReaderSeries {
  tag: string;
  n: number;
  steps: Float64Array;
  values: Float64Array;
}

/** A run as the reader collected it. */
export interface ReaderRun {
  path: string;
  series: ReaderSeries[];
  records: number;
  scalars: number;
  firstWall: number;
  lastWall: number;
}

export interface TfRecordReader {
  crc32c(bytes: Uint8Array, view: DataView, start: number, end: number): number;
  maskCrc32c(crc: number): number;
  newRun(path: string): ReaderRun;
  readEventFile(bytes: Uint8Array, run: ReaderRun, name: string): void;
}

let loaded: TfRecordReader | undefined;

/** The same reader in Node (for the generator's framing, the unit test and the profiler). */
export function loadTfRecordReader(): TfRecordReader {
  loaded ??= new Function(
    `${TFRECORD_READER_SOURCE}\nreturn { crc32c, maskCrc32c, newRun, readEventFile };`
  )() as TfRecordReader;
  return loaded;
}
