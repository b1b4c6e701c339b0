/**
 * The keys of one run's history and summary, looked up by their bytes: a log repeats a handful
 * of keys millions of times, so each is decoded once. An item names its key with `key` (legacy
 * writer) or the repeated `nested_key` (Go core, also for flat keys); a one-part key is looked up
 * where it lies, longer ones are gathered into a scratch buffer as UTF-8 parts separated by 0xFF
 * (a byte UTF-8 never uses). Parts are joined with `/` once, when the key is first seen.
 */
import { ByteTable } from '../readers/byte-table';
import type { SeriesBuilder } from '../readers/series-builder';

/** What a key is for in a history row. */
export const KEY_METRIC = 0;
export const KEY_STEP = 1;
export const KEY_TIMESTAMP = 2;
export const KEY_RUNTIME = 3;
/** `_wandb` and everything under it: W&B's own bookkeeping. */
export const KEY_INTERNAL = 4;

export interface KeyEntry {
  /** The parts joined with `/`, NFC-normalised. */
  readonly key: string;
  readonly kind: number;
  /** The key without its last part ('' for a one-part key), for media objects split into leaves. */
  readonly parent: string;
  /** The last part is `_type`: this leaf says its parent is a media object (Go core). */
  readonly typeLeaf: boolean;
  /** Found inside a media object: never a metric. */
  media: boolean;
  /** Logged in a history row (so the summary's value of it is not a metric of its own). */
  inHistory: boolean;
  series: SeriesBuilder | null;
  /** The latest value in history (NaN before any), for define_metric's step metrics. */
  last: number;
  /** The step metric chosen with define_metric, resolved for `stepGeneration`. */
  stepMetric: KeyEntry | null;
  stepGeneration: number;
  /** The latest summary update: its value_json, or null once removed; `summarySeq` orders them. */
  summaryBytes: Uint8Array | null;
  summaryStart: number;
  summaryEnd: number;
  summarySeq: number;
}

const SEPARATOR = 0xff;
const utf8 = new TextDecoder('utf-8');

function kindOf(key: string): number {
  if (key === '_step') return KEY_STEP;
  if (key === '_timestamp') return KEY_TIMESTAMP;
  if (key === '_runtime') return KEY_RUNTIME;
  if (key === '_wandb' || key.startsWith('_wandb/')) return KEY_INTERNAL;
  return KEY_METRIC;
}

function newEntry(parts: string[]): KeyEntry {
  const key = parts.join('/');
  const last = parts[parts.length - 1] ?? '';
  return {
    key,
    kind: kindOf(key),
    parent: parts.slice(0, -1).join('/'),
    typeLeaf: last === '_type' && parts.length > 1,
    media: false,
    inHistory: false,
    series: null,
    last: NaN,
    stepMetric: null,
    stepGeneration: -1,
    summaryBytes: null,
    summaryStart: 0,
    summaryEnd: 0,
    summarySeq: -1
  };
}

export class KeyTable {
  /** The key being gathered: parts separated by SEPARATOR. */
  #scratch = new Uint8Array(256);
  #length = 0;
  #parts = 0;
  #firstBytes: Uint8Array = new Uint8Array(0);
  #firstStart = 0;
  #firstEnd = 0;
  readonly #table = new ByteTable<KeyEntry>((bytes) => this.byParts(splitParts(bytes)));
  readonly #byKey = new Map<string, KeyEntry>();

  /** Starts gathering a new key. */
  begin(): void {
    this.#length = 0;
    this.#parts = 0;
  }

  /** Adds bytes[start, end) as the next part of the key (the first is only remembered). */
  part(bytes: Uint8Array, start: number, end: number): void {
    if (this.#parts === 0) {
      // Most keys have one part: it is hashed where it lies, never copied.
      this.#firstBytes = bytes;
      this.#firstStart = start;
      this.#firstEnd = end;
      this.#parts = 1;
      return;
    }
    if (this.#parts === 1) this.#append(this.#firstBytes, this.#firstStart, this.#firstEnd);
    this.#scratch[this.#length++] = SEPARATOR;
    this.#append(bytes, start, end);
    this.#parts++;
  }

  #append(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start + 1;
    if (this.#length + n > this.#scratch.length) {
      const grown = new Uint8Array(Math.max(this.#scratch.length * 2, this.#length + n));
      grown.set(this.#scratch.subarray(0, this.#length));
      this.#scratch = grown;
    }
    for (let i = start; i < end; i++) this.#scratch[this.#length++] = bytes[i]!;
  }

  /** How many parts were gathered (0: the item named no key). */
  get parts(): number {
    return this.#parts;
  }

  /** The entry of the gathered key, created on first sight. */
  entry(): KeyEntry {
    const one = this.#parts === 1;
    const s = one ? this.#firstBytes : this.#scratch;
    const from = one ? this.#firstStart : 0;
    const to = one ? this.#firstEnd : this.#length;
    return this.#table.get(s, from, to);
  }

  /** The entry of a key given as parts (JSON files, nested objects), created on first sight. */
  byParts(parts: string[]): KeyEntry {
    const normal = parts.map((p) => p.normalize('NFC'));
    const key = normal.join('/');
    let entry = this.#byKey.get(key);
    if (!entry) {
      entry = newEntry(normal);
      this.#byKey.set(key, entry);
    }
    return entry;
  }

  /** Every key seen, in first-seen order. */
  entries(): IterableIterator<KeyEntry> {
    return this.#byKey.values();
  }
}

function splitParts(bytes: Uint8Array): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === SEPARATOR) {
      parts.push(utf8.decode(bytes.subarray(from, i)));
      from = i + 1;
    }
  }
  return parts;
}
