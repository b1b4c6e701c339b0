/**
 * A tiny test-only writer of W&B `.wandb` transaction logs: `wandb_internal.Record` protobufs by
 * hand (field numbers from wandb_internal.proto) and the LevelDB-log framing W&B uses (32 KiB
 * blocks, zlib's CRC-32 over type byte and data), so tests state exactly which bytes are on disk.
 * Node's own zlib.crc32 checks the app's CRC-32 rather than sharing it.
 */
import { crc32 } from 'node:zlib';
import { f, type Bytes } from './tensorboard-events';

export { f, type Bytes };

const BLOCK = 32768;
export const HEADER = [0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00];

/** A message field holding the concatenated fields `parts`. */
export const msg = (field: number, ...parts: Bytes[]): Bytes => f.bytes(field, parts.flat());

/** A history/summary/config item: `nested_key` parts (Go core) or one legacy `key`. */
export function item(key: string | string[], valueJson: string): Bytes {
  const keyFields = Array.isArray(key) ? key.map((k) => f.bytes(2, k)) : [f.bytes(1, key)];
  return [...keyFields.flat(), ...f.bytes(16, valueJson)];
}

type Items = [string | string[], string][];

/** Record fields (num first, as writers put it). */
export const rec = {
  history: (num: number, items: Items, step?: number): Bytes => [
    ...f.varint(1, num),
    ...msg(
      2,
      ...items.map(([k, v]) => msg(1, item(k, v))),
      ...(step === undefined ? [] : [msg(2, step === 0 ? [] : f.varint(1, step))])
    )
  ],
  summary: (items: Items, removed: (string | string[])[] = []): Bytes =>
    msg(
      3,
      ...items.map(([k, v]) => msg(1, item(k, v))),
      ...removed.map((k) => msg(2, item(k, '')))
    ),
  config: (items: Items, removed: (string | string[])[] = []): Bytes =>
    msg(
      5,
      ...items.map(([k, v]) => msg(1, item(k, v))),
      ...removed.map((k) => msg(2, item(k, '')))
    ),
  output: (line: string, raw = false): Bytes => msg(raw ? 13 : 4, f.varint(1, 1), f.bytes(3, line)),
  stats: (seconds: number, items: [string, string][]): Bytes =>
    msg(
      7,
      msg(2, f.varint(1, seconds)),
      ...items.map(([k, v]) => msg(3, f.bytes(1, k), f.bytes(16, v)))
    ),
  telemetry: (python: string, cli: string): Bytes => msg(11, f.bytes(4, python), f.bytes(5, cli)),
  metric: (name: string, stepMetric: string, glob = false): Bytes =>
    msg(12, f.bytes(glob ? 2 : 1, name), f.bytes(4, stepMetric)),
  run: (r: {
    id: string;
    project?: string;
    entity?: string;
    name?: string;
    group?: string;
    jobType?: string;
    notes?: string;
    tags?: string[];
    sweep?: string;
    host?: string;
    start?: number;
    config?: Items;
  }): Bytes =>
    msg(
      17,
      f.bytes(1, r.id),
      r.entity ? f.bytes(2, r.entity) : [],
      r.project ? f.bytes(3, r.project) : [],
      r.config ? msg(4, ...r.config.map(([k, v]) => msg(1, item(k, v)))) : [],
      r.group ? f.bytes(6, r.group) : [],
      r.jobType ? f.bytes(7, r.jobType) : [],
      r.name ? f.bytes(8, r.name) : [],
      r.notes ? f.bytes(9, r.notes) : [],
      ...(r.tags ?? []).map((t) => f.bytes(10, t)),
      r.sweep ? f.bytes(12, r.sweep) : [],
      r.host ? f.bytes(13, r.host) : [],
      r.start !== undefined ? msg(17, f.varint(1, r.start)) : []
    ),
  exit: (code: number, runtime = 0): Bytes =>
    msg(18, code ? f.varint(1, code) : [], runtime ? f.varint(2, runtime) : []),
  environment: (e: {
    os?: string;
    python?: string;
    host?: string;
    user?: string;
    args?: string[];
    program?: string;
    gitRemote?: string;
    gitCommit?: string;
    gpu?: string;
    gpuCount?: number;
  }): Bytes =>
    msg(
      26,
      e.os ? f.bytes(1, e.os) : [],
      e.python ? f.bytes(2, e.python) : [],
      ...(e.args ?? []).map((a) => f.bytes(5, a)),
      e.program ? f.bytes(6, e.program) : [],
      e.gitRemote || e.gitCommit
        ? msg(9, f.bytes(1, e.gitRemote ?? ''), f.bytes(2, e.gitCommit ?? ''))
        : [],
      e.host ? f.bytes(12, e.host) : [],
      e.user ? f.bytes(13, e.user) : [],
      e.gpu ? f.bytes(18, e.gpu) : [],
      e.gpuCount ? f.varint(19, e.gpuCount) : []
    ),
  footer: (): Bytes => msg(22)
};

/** One chunk: checksum, length, type, data. */
function chunk(type: number, data: Bytes): Bytes {
  const body = Buffer.from([type, ...data]);
  const crc = crc32(body) >>> 0;
  const length = data.length;
  return [
    crc & 0xff,
    (crc >>> 8) & 0xff,
    (crc >>> 16) & 0xff,
    crc >>> 24,
    length & 0xff,
    length >>> 8,
    type,
    ...data
  ];
}

/**
 * Frames records as W&B's writer does: header, then chunks that never cross a 32 KiB block,
 * block tails under 7 bytes padded with zeros. `offsets` receives each record's first byte.
 */
export function frameLog(records: Bytes[], offsets: number[] = []): Uint8Array {
  const out: number[] = [...HEADER];
  for (const data of records) {
    let rest = data;
    let first = true;
    for (;;) {
      const left = BLOCK - (out.length % BLOCK);
      if (left < 7) {
        for (let i = 0; i < left; i++) out.push(0);
        continue;
      }
      if (first) offsets.push(out.length);
      const room = left - 7;
      const piece = rest.slice(0, room);
      const last = piece.length === rest.length;
      const type = first && last ? 1 : first ? 2 : last ? 4 : 3;
      for (const b of chunk(type, piece)) out.push(b);
      rest = rest.slice(room);
      first = false;
      if (last) break;
    }
  }
  return Uint8Array.from(out);
}

/** A log of `records` as a .wandb file's bytes. */
export const wandbLog = (...records: Bytes[]): Uint8Array => frameLog(records);
