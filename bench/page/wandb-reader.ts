/**
 * Scenario 14's baseline reader of W&B `.wandb` transaction logs, as plain JavaScript text: it
 * runs in the baseline Worker (spliced into its source) and, through `loadWandbReader`, in Node,
 * where the generator frames its records with the same CRC and the unit test checks both against
 * FORMATS.md §6. It is independent of the app's decoder on purpose (as tfrecord-reader.ts is).
 *
 * What it does is the least any importer of the history must do: check the 7-byte header, walk
 * the LevelDB-log framing (32 KiB blocks from offset 0, chunks FULL / FIRST, MIDDLE*, LAST),
 * check every chunk's CRC-32/IEEE (slicing-by-8, as fast as plain JavaScript gets), decode each
 * `Record`'s `history` (field 2): its items' keys (`key` 1 / `nested_key` 2, joined by `/`) and
 * `value_json` (16) numbers, and the row's `_step` (else the record's HistoryStep), appended into
 * per-key Float64Arrays. Other records (run, config, summary, exit...) are skipped by wire type.
 * A key is found by its bytes (the item's key fields as written), its text decoded once; the
 * key after the last one found is tried first, as writers log the same keys in the same order.
 */
export const WANDB_READER_SOURCE = String.raw`
const CRC32_TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
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

// CRC-32/IEEE (zlib's crc32) of bytes[start, end); view is a DataView of the same bytes.
function crc32(bytes, view, start, end) {
  const t = CRC32_TABLES;
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

const WANDB_MAGIC = [0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00];
const BLOCK = 32768;

// Where wvarint() stopped (one module-level cursor: no object per read).
let wvarintEnd = 0;

function wvarint(bytes, pos) {
  let b = bytes[pos++];
  let v = b & 0x7f;
  let mul = 128;
  while (b >= 0x80) {
    b = bytes[pos++];
    v += (b & 0x7f) * mul;
    mul *= 128;
  }
  wvarintEnd = pos;
  return v;
}

function wskip(bytes, pos, wireType) {
  if (wireType === 0) {
    while (bytes[pos++] >= 0x80);
    return pos;
  }
  if (wireType === 1) return pos + 8;
  if (wireType === 5) return pos + 4;
  if (wireType === 2) {
    const n = wvarint(bytes, pos);
    return wvarintEnd + n;
  }
  throw new Error('unsupported protobuf wire type ' + wireType + ' at byte ' + pos);
}

// A run's history: keys by their bytes, and the row being read.
function newWandbRun(path) {
  return {
    path,
    byHash: new Map(),
    keys: [],
    guess: null,
    records: 0,
    rows: 0,
    points: 0,
    firstTimestamp: NaN,
    lastTimestamp: NaN,
    rowKeys: [],
    rowValues: new Float64Array(64)
  };
}

function sameKey(k, bytes, start, end) {
  const t = k.keyBytes;
  if (t.length !== end - start) return false;
  for (let i = 0; i < t.length; i++) if (t[i] !== bytes[start + i]) return false;
  return true;
}

const KIND_METRIC = 0;
const KIND_STEP = 1;
const KIND_TIMESTAMP = 2;
const KIND_OTHER = 3;

// The key written in bytes[start, end) (the item's key fields with their tags): its text is the
// key (1) or the nested_key parts (2) joined by '/'.
function keyText(bytes, start, end) {
  const parts = [];
  const decoder = new TextDecoder();
  let pos = start;
  while (pos < end) {
    const tag = bytes[pos++];
    const n = wvarint(bytes, pos);
    pos = wvarintEnd;
    parts.push(decoder.decode(bytes.subarray(pos, pos + n)));
    pos += n;
    if (tag === 0x0a) return parts[parts.length - 1];
  }
  return parts.join('/');
}

function keyFor(run, bytes, start, end) {
  const guess = run.guess;
  if (guess !== null && sameKey(guess, bytes, start, end)) {
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
    if (sameKey(list[k], bytes, start, end)) {
      run.guess = list[k].next;
      return list[k];
    }
  }
  const key = keyText(bytes, start, end);
  const kind =
    key === '_step' ? KIND_STEP : key === '_timestamp' ? KIND_TIMESTAMP : key[0] === '_' ? KIND_OTHER : KIND_METRIC;
  const k = {
    key, kind, keyBytes: bytes.slice(start, end), next: null,
    n: 0, steps: new Float64Array(1024), values: new Float64Array(1024)
  };
  const first = run.keys[0];
  if (first) run.keys[run.keys.length - 1].next = k;
  k.next = first || k;
  list.push(k);
  run.keys.push(k);
  run.guess = k.next;
  return k;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

// The low part of the last twoProduct / twoSum (module-level: nothing allocated per number).
let lowPart = 0;

// a * b = result + lowPart exactly (Dekker, Veltkamp's split by 2^27 + 1).
function twoProduct(a, b) {
  const p = a * b;
  let c = 134217729 * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = 134217729 * b;
  const bh = c - (c - b);
  const bl = b - bh;
  lowPart = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

// a + b = result + lowPart exactly (Knuth).
function twoSum(a, b) {
  const s = a + b;
  const bv = s - a;
  lowPart = a - (s - bv) + (b - bv);
  return s;
}

// digits / 10^scale (digits = hi * 10^loDigits + lo, hi < 10^15, lo < 10^4) rounded once, or
// undefined when the quotient lies too near a halfway point between doubles to be sure.
function exactQuotient(hi, lo, loDigits, scale) {
  const p0 = twoProduct(hi, POW10[loDigits]);
  const p = twoSum(p0, lowPart + lo);
  const r = lowPart;
  const q = POW10[scale];
  const q0 = p / q;
  const t = twoProduct(q0, q);
  const delta = (p - t - lowPart + r) / q;
  const result = q0 + delta;
  const error = delta - (result - q0);
  // Half the gap to the neighbour on the error's side (a quarter below a power of two).
  F64[0] = result;
  let half = 2 ** (((U32[1] >>> 20) & 0x7ff) - 1076);
  if (error < 0 && (U32[1] & 0xfffff) === 0 && U32[0] === 0) half /= 2;
  return half - Math.abs(error) < half * 2 ** -20 ? undefined : result;
}

// The number value_json in bytes[start, end) spells, or undefined when it is not a number (a
// string, a list, an object, true/false/null). Shortest round-trip printing often needs 17
// digits, so besides Clinger's fast path (at most 15 digits, one exact power of ten) plain
// decimals of up to 19 digits are divided in double-double arithmetic and kept when the result
// is provably the nearest double; anything else (exponents, NaN, Infinity, near-halfway
// quotients, about 1 in 1,000) goes through Number() on the text.
function jsonNumber(bytes, start, end) {
  let i = start;
  const c0 = bytes[i];
  if (!((c0 >= 0x30 && c0 <= 0x39) || c0 === 0x2d || c0 === 0x4e || c0 === 0x49)) return undefined;
  let negative = false;
  if (c0 === 0x2d) {
    negative = true;
    i++;
  }
  let hi = 0;
  let lo = 0;
  let digits = 0;
  let scale = 0;
  let fraction = false;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c >= 0x30 && c <= 0x39) {
      if (fraction) scale++;
      if (digits === 0 && c === 0x30) continue;
      if (digits < 15) hi = hi * 10 + (c - 0x30);
      else if (digits < 19) lo = lo * 10 + (c - 0x30);
      else break;
      digits++;
    } else if (c === 0x2e && !fraction) fraction = true;
    else break;
  }
  if (i === end && digits > 0 && scale <= 22) {
    let v;
    if (digits <= 15) v = scale === 0 ? hi : hi / POW10[scale];
    else if (scale >= digits - 15 && scale > 0) {
      // Digits past the 15th are fraction digits here: the value is (hi, lo) / 10^scale.
      v = exactQuotient(hi, lo, digits - 15, scale);
    }
    if (v !== undefined) return negative ? -v : v;
  } else if (i === end && digits === 0 && scale <= 22) return negative ? -0 : 0;
  let text = '';
  for (let k = start; k < end; k++) text += String.fromCharCode(bytes[k]);
  return Number(text);
}

function appendPoint(k, step, value) {
  if (k.n === k.steps.length) {
    const steps = new Float64Array(k.n * 2);
    steps.set(k.steps);
    k.steps = steps;
    const values = new Float64Array(k.n * 2);
    values.set(k.values);
    k.values = values;
  }
  k.steps[k.n] = step;
  k.values[k.n] = value;
  k.n++;
}

// HistoryRecord at [pos, end): items (1) and step (2).
function readHistory(bytes, pos, end, run) {
  let length = 0;
  let stepValue = NaN;
  let timestamp = NaN;
  let recordStep = run.rows;
  while (pos < end) {
    let tag = bytes[pos++];
    if (tag >= 0x80) {
      tag = wvarint(bytes, pos - 1);
      pos = wvarintEnd;
    }
    if ((tag & 7) !== 2) {
      pos = wskip(bytes, pos, tag & 7);
      continue;
    }
    let n = bytes[pos++];
    if (n >= 0x80) {
      n = wvarint(bytes, pos - 1);
      pos = wvarintEnd;
    }
    const fieldEnd = pos + n;
    if (tag === 0x0a) {
      // HistoryItem: key fields (1, 2) first, then value_json (16): protobuf's field order.
      let keyStart = -1;
      let keyEnd = -1;
      let valueStart = -1;
      let valueEnd = -1;
      while (pos < fieldEnd) {
        const at = pos;
        let key = bytes[pos++];
        if (key >= 0x80) {
          key = wvarint(bytes, pos - 1);
          pos = wvarintEnd;
        }
        if ((key & 7) !== 2) {
          pos = wskip(bytes, pos, key & 7);
          continue;
        }
        let m = bytes[pos++];
        if (m >= 0x80) {
          m = wvarint(bytes, pos - 1);
          pos = wvarintEnd;
        }
        if (key === 0x0a || key === 0x12) {
          if (keyStart < 0) keyStart = at;
          keyEnd = pos + m;
        } else if (key === 0x82) {
          valueStart = pos;
          valueEnd = pos + m;
        }
        pos += m;
      }
      if (keyStart < 0 || valueStart < 0) continue;
      const k = keyFor(run, bytes, keyStart, keyEnd);
      if (k.kind === KIND_OTHER) continue;
      const value = jsonNumber(bytes, valueStart, valueEnd);
      if (value === undefined) continue;
      if (k.kind === KIND_STEP) stepValue = value;
      else if (k.kind === KIND_TIMESTAMP) timestamp = value;
      else {
        if (length === run.rowValues.length) {
          const grown = new Float64Array(length * 2);
          grown.set(run.rowValues);
          run.rowValues = grown;
        }
        run.rowKeys[length] = k;
        run.rowValues[length++] = value;
      }
    } else if (tag === 0x12) {
      recordStep = 0;
      while (pos < fieldEnd) {
        const t = bytes[pos++];
        if (t === 0x08) {
          recordStep = wvarint(bytes, pos);
          pos = wvarintEnd;
        } else pos = wskip(bytes, pos, t & 7);
      }
    }
    pos = fieldEnd;
  }
  const step = Number.isNaN(stepValue) ? recordStep : stepValue;
  for (let i = 0; i < length; i++) appendPoint(run.rowKeys[i], step, run.rowValues[i]);
  run.points += length;
  run.rows++;
  if (!Number.isNaN(timestamp)) {
    if (Number.isNaN(run.firstTimestamp)) run.firstTimestamp = timestamp;
    run.lastTimestamp = timestamp;
  }
}

// Record at [pos, end): only history (2) is read; every other field is skipped.
function readRecord(bytes, pos, end, run) {
  while (pos < end) {
    let key = bytes[pos++];
    if (key >= 0x80) {
      key = wvarint(bytes, pos - 1);
      pos = wvarintEnd;
    }
    if (key === 0x12) {
      const n = wvarint(bytes, pos);
      pos = wvarintEnd;
      readHistory(bytes, pos, pos + n, run);
      pos += n;
    } else pos = wskip(bytes, pos, key & 7);
  }
  if (pos !== end) throw new Error('a Record runs past its end in ' + run.path);
  run.records++;
}

// Reads one .wandb log into run. A log cut off inside a record ends there (a live or crashed
// run); a wrong CRC or chunk type is an error, since the bench's files are written whole.
function readWandbLog(bytes, run, name) {
  for (let i = 0; i < 7; i++) {
    if (bytes[i] !== WANDB_MAGIC[i]) throw new Error(name + ': not a W&B log of version 0');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  let joined = new Uint8Array(1 << 16);
  let joinedLength = 0;
  let joining = false;
  let pos = 7;
  while (pos < size) {
    const left = BLOCK - (pos % BLOCK);
    if (left < 7) {
      pos += left;
      continue;
    }
    if (pos + 7 > size) break;
    const length = view.getUint16(pos + 4, true);
    const type = bytes[pos + 6];
    const start = pos + 7;
    const end = start + length;
    if (end > size) break;
    if (type === 0 && length === 0 && view.getUint32(pos, true) === 0) {
      pos += left; // a zeroed block
      continue;
    }
    if (crc32(bytes, view, pos + 6, end) !== view.getUint32(pos, true))
      throw new Error(name + ': bad chunk CRC at byte ' + pos);
    if (type === 1) {
      if (joining) throw new Error(name + ': FULL chunk inside a record at byte ' + pos);
      readRecord(bytes, start, end, run);
    } else if (type >= 2 && type <= 4) {
      if ((type === 2) === joining) throw new Error(name + ': unexpected chunk type ' + type + ' at byte ' + pos);
      if (type === 2) {
        joining = true;
        joinedLength = 0;
      }
      if (joinedLength + length > joined.length) {
        const grown = new Uint8Array(Math.max(joined.length * 2, joinedLength + length));
        grown.set(joined.subarray(0, joinedLength));
        joined = grown;
      }
      joined.set(bytes.subarray(start, end), joinedLength);
      joinedLength += length;
      if (type === 4) {
        joining = false;
        readRecord(joined, 0, joinedLength, run);
      }
    } else throw new Error(name + ': bad chunk type ' + type + ' at byte ' + pos);
    pos = end;
  }
}
`;

/** One key's points as the reader collected them (`n` valid entries). */
export interface WandbReaderKey {
  key: string;
  kind: number;
  n: number;
  steps: Float64Array;
  values: Float64Array;
}

/** A run as the reader collected it. */
export interface WandbReaderRun {
  path: string;
  keys: WandbReaderKey[];
  records: number;
  rows: number;
  points: number;
  firstTimestamp: number;
  lastTimestamp: number;
}

export interface WandbReader {
  crc32(bytes: Uint8Array, view: DataView, start: number, end: number): number;
  newWandbRun(path: string): WandbReaderRun;
  readWandbLog(bytes: Uint8Array, run: WandbReaderRun, name: string): void;
  jsonNumber(bytes: Uint8Array, start: number, end: number): number | undefined;
  KIND_METRIC: number;
}

let loaded: WandbReader | undefined;

/** The same reader in Node (for the generator's framing, the unit test and the profiler). */
export function loadWandbReader(): WandbReader {
  loaded ??= new Function(
    `${WANDB_READER_SOURCE}\nreturn { crc32, newWandbRun, readWandbLog, jsonNumber, KIND_METRIC };`
  )() as WandbReader;
  return loaded;
}
