/**
 * Writes a W&B offline run folder the way wandb's Go core (0.18 on) writes it with
 * `WANDB_MODE=offline`: `wandb/offline-run-<YYYYMMDD_HHMMSS>-<id>/run-<id>.wandb` and nothing
 * else (offline, the sender uploads nothing, so `files/` stays empty; FORMATS.md §6). The log is
 * the 7-byte header, then LevelDB-log chunks in 32 KiB blocks from offset 0, each checksummed
 * with CRC-32/IEEE over its type byte and data, holding `wandb_internal.Record` protobufs: the
 * run, the config, one HistoryRecord per `wandb.log()` row (`nested_key` paths, `value_json`
 * numbers as JSON text, `_step`, `_runtime`, `_timestamp`, and the HistoryStep), the summary and
 * the exit record. Deterministic from the seed; written once per (seed, rows) and reused. The
 * encoder is the bench's own, independent of the app's decoder.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWandbReader } from '../page/wandb-reader';
import { curveValue, seededRandom } from './rng';

export interface WandbShape {
  /** History rows (`wandb.log()` calls) in the one run. */
  rows: number;
}

export interface WandbInput {
  /** The `wandb` folder to pick with the folder picker (one offline run in it). */
  dir: string;
  /** The `.wandb` log. */
  file: string;
  rows: number;
  /** Metric points: every key of every row but `_step`, `_runtime` and `_timestamp`. */
  points: number;
  /** Records in the log (run, config, rows, summary, exit). */
  records: number;
  bytes: number;
  runs: number;
}

export const WANDB_HEADER = new Uint8Array([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]);
const BLOCK = 32768;
const CHUNK_HEADER = 7;

/** Logged at every row, in this order (a nested dict's leaves are `nested_key` paths). */
export const ROW_KEYS = ['loss', 'accuracy', 'lr', 'train/grad_norm'];
/** Logged every VALIDATION_EVERY rows, after the row keys. */
export const VALIDATION_KEYS = ['val/loss', 'val/accuracy'];
export const VALIDATION_EVERY = 100;

const encoder = new TextEncoder();

/** A growable byte buffer with protobuf's primitives. */
export class ProtoBuffer {
  bytes: Uint8Array;
  pos = 0;

  constructor(capacity = 256) {
    this.bytes = new Uint8Array(capacity);
  }

  get written(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }

  reserve(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.pos + n, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }

  varint(n: number): void {
    this.reserve(10);
    while (n >= 128) {
      this.bytes[this.pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.bytes[this.pos++] = n;
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A length-delimited field (a string, bytes or an encoded message). */
  field(number: number, payload: Uint8Array): void {
    this.varint((number << 3) | 2);
    this.varint(payload.length);
    this.raw(payload);
  }

  string(number: number, text: string): void {
    this.field(number, encoder.encode(text));
  }

  /** A varint field; proto3 leaves 0 out. */
  uint(number: number, n: number): void {
    if (n === 0) return;
    this.varint(number << 3);
    this.varint(n);
  }
}

function message(fill: (b: ProtoBuffer) => void): Uint8Array {
  const b = new ProtoBuffer();
  fill(b);
  return b.written.slice();
}

/** The key fields of an item: `nested_key` (2) once per path part, as the Go core writes them. */
export function nestedKeyBytes(path: string): Uint8Array {
  return message((b) => {
    for (const part of path.split('/')) b.string(2, part);
  });
}

/** An item (HistoryItem, SummaryItem, ConfigItem): key fields, then `value_json` (16). */
function item(keyBytes: Uint8Array, valueJson: string): Uint8Array {
  return message((b) => {
    b.raw(keyBytes);
    b.string(16, valueJson);
  });
}

/** Frames records into a `.wandb` log: the header, then LevelDB-log chunks in 32 KiB blocks. */
export class WandbLogWriter {
  readonly #out: ProtoBuffer;

  constructor(capacity = 1 << 16) {
    this.#out = new ProtoBuffer(capacity);
    this.#out.raw(WANDB_HEADER);
  }

  get bytes(): Uint8Array {
    return this.#out.written;
  }

  /** One record: a FULL chunk, or FIRST, MIDDLE*, LAST across blocks (as LevelDB's writer). */
  record(payload: Uint8Array): void {
    const out = this.#out;
    const { crc32 } = loadWandbReader();
    let start = 0;
    let begin = true;
    do {
      const leftover = BLOCK - (out.pos % BLOCK);
      if (leftover < CHUNK_HEADER) {
        out.reserve(leftover);
        out.bytes.fill(0, out.pos, out.pos + leftover);
        out.pos += leftover;
      }
      const avail = BLOCK - (out.pos % BLOCK) - CHUNK_HEADER;
      const length = Math.min(avail, payload.length - start);
      const end = start + length === payload.length;
      const type = begin && end ? 1 : begin ? 2 : end ? 4 : 3;
      out.reserve(CHUNK_HEADER + length);
      const at = out.pos;
      const view = new DataView(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength);
      view.setUint16(at + 4, length, true);
      out.bytes[at + 6] = type;
      out.bytes.set(payload.subarray(start, start + length), at + CHUNK_HEADER);
      view.setUint32(at, crc32(out.bytes, view, at + 6, at + CHUNK_HEADER + length), true);
      out.pos = at + CHUNK_HEADER + length;
      start += length;
      begin = false;
    } while (start < payload.length);
  }
}

/** `Record{num, history{item…, step{num}}}` for one row; items are [key bytes, value_json]. */
export function historyRecord(num: number, step: number, items: [Uint8Array, string][]) {
  const history = message((b) => {
    for (const [key, value] of items) b.field(1, item(key, value));
    b.field(
      2,
      message((s) => s.uint(1, step))
    );
  });
  return message((b) => {
    b.uint(1, num);
    b.field(2, history);
  });
}

/** A run id as W&B makes them: 8 characters of [a-z0-9]. */
function runId(random: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 8; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/** Metric points in a log of `rows` rows. */
export function wandbPoints(rows: number): number {
  return rows * ROW_KEYS.length + Math.ceil(rows / VALIDATION_EVERY) * VALIDATION_KEYS.length;
}

/** The log's bytes for `rows` history rows of one run started at `startSeconds`. */
export function writeWandbLog(
  seed: number,
  rows: number,
  id: string,
  startSeconds: number
): { bytes: Uint8Array; records: number } {
  const random = seededRandom(seed);
  const writer = new WandbLogWriter(256 + rows * 240);
  let num = 0;
  const run = message((b) => {
    b.string(1, id);
    b.string(2, 'bench');
    b.string(3, 'runlens-bench');
    b.string(8, `bench-${id}`);
    b.field(
      17,
      message((t) => t.uint(1, startSeconds))
    );
  });
  writer.record(message((b) => (b.uint(1, ++num), b.field(17, run))));
  const configItems: [string, string][] = [
    ['lr', '0.001'],
    ['batch_size', '64'],
    ['optimizer', '"adam"'],
    ['_wandb', '{"cli_version":"0.21.0","python_version":"3.12.3"}']
  ];
  const config = message((b) => {
    for (const [k, v] of configItems) b.field(1, item(nestedKeyBytes(k), v));
  });
  writer.record(message((b) => (b.uint(1, ++num), b.field(5, config))));
  const rowKeys = ROW_KEYS.map(nestedKeyBytes);
  const validationKeys = VALIDATION_KEYS.map(nestedKeyBytes);
  const special = ['_step', '_runtime', '_timestamp'].map(nestedKeyBytes);
  const last = new Map<string, string>();
  let runtime = 0;
  for (let step = 0; step < rows; step++) {
    runtime += 0.04 + random() * 0.02;
    const items: [Uint8Array, string][] = [];
    ROW_KEYS.forEach((key, k) => {
      const value = String(curveValue(random, step, rows, 1 + k));
      items.push([rowKeys[k]!, value]);
      last.set(key, value);
    });
    if (step % VALIDATION_EVERY === 0) {
      VALIDATION_KEYS.forEach((key, k) => {
        const value = String(curveValue(random, step, rows, 2 + k));
        items.push([validationKeys[k]!, value]);
        last.set(key, value);
      });
    }
    items.push([special[0]!, String(step)]);
    items.push([special[1]!, String(runtime)]);
    items.push([special[2]!, String(startSeconds + runtime)]);
    writer.record(historyRecord(++num, step, items));
  }
  last.set('_step', String(Math.max(0, rows - 1)));
  last.set('_runtime', String(runtime));
  const summary = message((b) => {
    for (const [k, v] of last) b.field(1, item(nestedKeyBytes(k), v));
  });
  writer.record(message((b) => (b.uint(1, ++num), b.field(3, summary))));
  const exit = message((b) => b.uint(2, Math.ceil(runtime)));
  writer.record(message((b) => (b.uint(1, ++num), b.field(18, exit))));
  return { bytes: writer.bytes, records: num };
}

/** Generates (or reuses) the run folder under `outDir` and says what it holds. */
export function generateWandb(outDir: string, seed: number, shape: WandbShape): WandbInput {
  const root = join(outDir, `wandb-seed${seed}-${shape.rows}`);
  const dir = join(root, 'wandb');
  const marker = join(root, 'complete.json');
  if (existsSync(marker))
    return { dir, ...(JSON.parse(readFileSync(marker, 'utf8')) as Omit<WandbInput, 'dir'>) };
  rmSync(root, { recursive: true, force: true });
  const id = runId(seededRandom(seed + 1));
  const runDir = join(dir, `offline-run-20250301_120000-${id}`);
  mkdirSync(runDir, { recursive: true });
  const file = join(runDir, `run-${id}.wandb`);
  const log = writeWandbLog(seed, shape.rows, id, 1_740_830_400);
  writeFileSync(file, log.bytes);
  const info = {
    file,
    rows: shape.rows,
    points: wandbPoints(shape.rows),
    records: log.records,
    bytes: log.bytes.length,
    runs: 1
  };
  writeFileSync(marker, JSON.stringify(info));
  return { dir, ...info };
}
