/**
 * Tags of one run folder, looked up by their bytes: a file repeats a handful of tags millions of
 * times, so each is decoded from UTF-8 once, and what TensorBoard remembers per tag (the plugin
 * named by its first metadata) lives with it.
 */
import type { SeriesBuilder } from './series-builder';
import { PLUGIN_UNSEEN } from './summary-value';

/** A string tensor read before its tag's plugin was known: its step and a copy of each string. */
export interface PendingTensor {
  step: number;
  strings: Uint8Array[];
}

export interface TagEntry {
  readonly name: string;
  /** The plugin kind of the tag's first metadata (`PLUGIN_*`), PLUGIN_UNSEEN until one is seen. */
  plugin: number;
  /** The series this tag's scalars go to, once it has one. */
  series: SeriesBuilder | null;
  /** String tensors waiting for the tag's first metadata (null: none). */
  pending: PendingTensor[] | null;
}

interface Slot {
  bytes: Uint8Array;
  entry: TagEntry;
}

const utf8 = new TextDecoder('utf-8');

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

/** Size of the direct-mapped cache in front of the map (a power of two). */
const CACHE_SIZE = 256;

export class TagTable {
  readonly #slots = new Map<number, Slot[]>();
  /** The last tag seen per hash bucket: the common case is a handful of tags, over and over. */
  readonly #cache: (Slot | undefined)[] = new Array<Slot | undefined>(CACHE_SIZE).fill(undefined);

  /** The entry of the tag in bytes[start, end), created on first sight. */
  lookup(bytes: Uint8Array, start: number, end: number): TagEntry {
    // FNV-1a, kept to 30 bits so Map keys stay small integers; bytes settle any collision.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    hash &= 0x3fffffff;
    const cached = this.#cache[hash & (CACHE_SIZE - 1)];
    if (cached !== undefined && sameBytes(cached.bytes, bytes, start, end)) return cached.entry;
    const slot = this.#find(hash, bytes, start, end);
    this.#cache[hash & (CACHE_SIZE - 1)] = slot;
    return slot.entry;
  }

  /** How many string tensors never learned their plugin (counted as tensors not shown). */
  unresolved(): number {
    let n = 0;
    for (const slots of this.#slots.values())
      for (const { entry } of slots) n += entry.pending?.length ?? 0;
    return n;
  }

  #find(hash: number, bytes: Uint8Array, start: number, end: number): Slot {
    let slots = this.#slots.get(hash);
    if (slots) {
      for (const slot of slots) if (sameBytes(slot.bytes, bytes, start, end)) return slot;
    } else {
      slots = [];
      this.#slots.set(hash, slots);
    }
    const copy = bytes.slice(start, end);
    const name = utf8.decode(copy).normalize('NFC');
    const entry: TagEntry = { name, plugin: PLUGIN_UNSEEN, series: null, pending: null };
    const slot = { bytes: copy, entry };
    slots.push(slot);
    return slot;
  }
}
