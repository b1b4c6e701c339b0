/**
 * `wandb_internal.Record` messages into a RunLog (wandb/proto/wandb_internal.proto, read
 * 2026-12; field numbers in ../shared/FORMATS.md §6). Only what Runlens shows is decoded; every
 * other field is skipped by its wire type, so records of newer writers still read. Items name
 * their key by `key` (1) or the repeated `nested_key` (2) and hold `value_json` in field 16 (a
 * two-byte tag, 0x82 0x01). The records that describe the run rather than log data (run,
 * environment, telemetry, header, exit) are read by ./run-records.ts.
 */
import { ProtoReader, WIRE_LENGTH, WIRE_VARINT } from '../readers/protobuf-wire';
import { globPattern } from './history';
import type { KeyEntry } from './key-table';
import type { RunLog } from './run-log';
import {
  readEnvironment,
  readExit,
  readHeader,
  readRun,
  readTelemetry,
  readTimestamp
} from './run-records';
import { bytesText, valueOf } from './value-json';

const HISTORY = 2;
const SUMMARY = 3;
const OUTPUT = 4;
const CONFIG = 5;
const STATS = 7;
const TELEMETRY = 11;
const METRIC = 12;
const OUTPUT_RAW = 13;
const RUN = 17;
const EXIT = 18;
const HEADER = 21;
const ENVIRONMENT = 26;

const ITEM_KEY = 1;
const ITEM_NESTED_KEY = 2;
const ITEM_VALUE = 16;

const utf8 = new TextDecoder('utf-8');

/** Decoding state for one log: the reader over the current buffer and the run being filled. */
export class RecordDecoder {
  readonly log: RunLog;
  r: ProtoReader;
  /** Does the current record's buffer stay valid after the next record (the file's own bytes)? */
  stable = true;
  /** Start and end of the last item's value_json, set by #item. */
  #valueStart = 0;
  #valueEnd = 0;

  constructor(log: RunLog, bytes: Uint8Array) {
    this.log = log;
    this.r = new ProtoReader(bytes);
  }

  /** Decodes the Record in [start, end) of the reader's bytes. Throws ProtoWireError if malformed. */
  record(start: number, end: number): void {
    const r = this.r;
    r.pos = start;
    while (r.pos < end) {
      const key = r.uint32();
      const field = key >>> 3;
      const wire = key & 7;
      if (wire !== WIRE_LENGTH) {
        r.skip(wire, end);
        continue;
      }
      const fieldEnd = r.lengthDelimited(end);
      this.#field(field, fieldEnd);
      r.pos = fieldEnd;
    }
    r.expectEnd(end);
  }

  #field(field: number, end: number): void {
    switch (field) {
      case HISTORY:
        return this.#history(end);
      case SUMMARY:
        return this.#summary(end);
      case CONFIG:
        return this.#config(end);
      case STATS:
        return this.#stats(end);
      case OUTPUT:
      case OUTPUT_RAW:
        return this.#output(end, field === OUTPUT_RAW);
      case TELEMETRY:
        return readTelemetry(this.r, this.log, end);
      case METRIC:
        return this.#metric(end);
      case RUN:
        return readRun(this.r, this.log, end, {
          config: (e) => this.#config(e),
          summary: (e) => this.#summary(e)
        });
      case EXIT:
        return readExit(this.r, this.log, end);
      case HEADER:
        return readHeader(this.r, this.log, end);
      case ENVIRONMENT:
        return readEnvironment(this.r, this.log, end);
    }
  }

  /**
   * Reads a HistoryItem, SummaryItem, ConfigItem or StatsItem ending at `end`: gathers its key
   * into the key table and leaves its value_json in #valueStart..#valueEnd (empty when absent).
   */
  #item(end: number): void {
    const r = this.r;
    const keys = this.log.keys;
    keys.begin();
    this.#valueStart = this.#valueEnd = 0;
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if ((tag & 7) !== WIRE_LENGTH) {
        r.skip(tag & 7, end);
        continue;
      }
      const fieldEnd = r.lengthDelimited(end);
      if (field === ITEM_KEY || field === ITEM_NESTED_KEY) keys.part(r.bytes, r.pos, fieldEnd);
      else if (field === ITEM_VALUE) {
        this.#valueStart = r.pos;
        this.#valueEnd = fieldEnd;
      }
      r.pos = fieldEnd;
    }
  }

  #history(end: number): void {
    const r = this.r;
    const history = this.log.history;
    history.beginRow();
    let stepNum = history.rows;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === ((1 << 3) | WIRE_LENGTH)) {
        const itemEnd = r.lengthDelimited(end);
        this.#item(itemEnd);
        r.pos = itemEnd;
        if (this.log.keys.parts === 0) continue;
        history.item(this.log.keys.entry(), r.bytes, this.#valueStart, this.#valueEnd);
      } else if (tag === ((2 << 3) | WIRE_LENGTH)) {
        const stepEnd = r.lengthDelimited(end);
        stepNum = 0;
        while (r.pos < stepEnd) {
          const t = r.uint32();
          if (t === ((1 << 3) | WIRE_VARINT)) stepNum = r.int64();
          else r.skip(t & 7, stepEnd);
        }
      } else r.skip(tag & 7, end);
    }
    history.endRow(stepNum);
  }

  /** Summary updates are deltas: each key keeps its latest value_json, ordered by summarySeq. */
  #summary(end: number): void {
    const r = this.r;
    const log = this.log;
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if ((tag & 7) !== WIRE_LENGTH || (field !== 1 && field !== 2)) {
        r.skip(tag & 7, end);
        continue;
      }
      const itemEnd = r.lengthDelimited(end);
      this.#item(itemEnd);
      r.pos = itemEnd;
      if (log.keys.parts === 0) continue;
      const entry: KeyEntry = log.keys.entry();
      entry.summarySeq = log.summarySeq++;
      if (field === 2) {
        entry.summaryBytes = null;
        continue;
      }
      if (this.stable) {
        entry.summaryBytes = r.bytes;
        entry.summaryStart = this.#valueStart;
        entry.summaryEnd = this.#valueEnd;
      } else {
        entry.summaryBytes = r.bytes.slice(this.#valueStart, this.#valueEnd);
        entry.summaryStart = 0;
        entry.summaryEnd = this.#valueEnd - this.#valueStart;
      }
    }
  }

  #config(end: number): void {
    const r = this.r;
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if ((tag & 7) !== WIRE_LENGTH || (field !== 1 && field !== 2)) {
        r.skip(tag & 7, end);
        continue;
      }
      const itemEnd = r.lengthDelimited(end);
      const parts: string[] = [];
      let value: unknown = null;
      while (r.pos < itemEnd) {
        const t = r.uint32();
        const f = t >>> 3;
        if ((t & 7) !== WIRE_LENGTH) {
          r.skip(t & 7, itemEnd);
          continue;
        }
        const e = r.lengthDelimited(itemEnd);
        if (f === ITEM_KEY || f === ITEM_NESTED_KEY)
          parts.push(utf8.decode(r.bytes.subarray(r.pos, e)));
        else if (f === ITEM_VALUE) value = valueOf(r.bytes, r.pos, e);
        r.pos = e;
      }
      if (parts.length > 0) this.log.config.push({ parts, value, remove: field === 2 });
    }
  }

  /** System metrics: every item a `system/<key>` point; objects (network) give `<key>.<sub>`. */
  #stats(end: number): void {
    const r = this.r;
    const log = this.log;
    let timestamp = NaN;
    const items: [string, unknown][] = [];
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if ((tag & 7) !== WIRE_LENGTH) {
        r.skip(tag & 7, end);
        continue;
      }
      const e = r.lengthDelimited(end);
      if (field === 2) timestamp = readTimestamp(r, e);
      else if (field === 3) {
        let key = '';
        let value: unknown = undefined;
        while (r.pos < e) {
          const t = r.uint32();
          if ((t & 7) !== WIRE_LENGTH) {
            r.skip(t & 7, e);
            continue;
          }
          const ve = r.lengthDelimited(e);
          if (t >>> 3 === 1) key = bytesText(r.bytes, r.pos, ve);
          else if (t >>> 3 === ITEM_VALUE) value = valueOf(r.bytes, r.pos, ve);
          r.pos = ve;
        }
        if (key !== '') items.push([key, value]);
      }
      r.pos = e;
    }
    for (const [key, value] of items)
      systemLeaves(`system/${key}`, value, (k, x) => log.systemPoint(k, x, timestamp));
    log.systemSamples++;
  }

  #output(end: number, raw: boolean): void {
    const r = this.r;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === ((3 << 3) | WIRE_LENGTH)) {
        const text = r.string(end);
        if (raw) this.log.output.chunk(text);
        else this.log.output.line(text);
      } else r.skip(tag & 7, end);
    }
  }

  #metric(end: number): void {
    const r = this.r;
    let name = '';
    let glob = '';
    let stepMetric = '';
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === ((1 << 3) | WIRE_LENGTH)) name = r.string(end);
      else if (tag === ((2 << 3) | WIRE_LENGTH)) glob = r.string(end);
      else if (tag === ((4 << 3) | WIRE_LENGTH)) stepMetric = r.string(end);
      else r.skip(tag & 7, end);
    }
    if (name === '' && glob === '') return;
    this.log.history.define({
      name: name.normalize('NFC'),
      glob: name === '' ? globPattern(glob.normalize('NFC')) : null,
      stepMetric: stepMetric.normalize('NFC')
    });
  }
}

/** Calls `point` for every number under a system metric value, sub-keys joined with `.`. */
export function systemLeaves(
  key: string,
  value: unknown,
  point: (key: string, value: number) => void
): void {
  if (typeof value === 'number') point(key, value);
  else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) systemLeaves(`${key}.${k}`, v, point);
  }
}
