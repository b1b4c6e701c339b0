/**
 * Tags of one run folder, looked up by their bytes: a file repeats a handful of tags millions of
 * times, so each is decoded from UTF-8 once, and what TensorBoard remembers per tag (the plugin
 * named by its first metadata) lives with it.
 */
import type { SeriesBuilder } from './series-builder';

export interface TagEntry {
  readonly name: string;
  /** The plugin of the tag's first metadata; undefined until one is seen, '' for none. */
  plugin: string | undefined;
  /** The series this tag's scalars go to, once it has one. */
  series: SeriesBuilder | null;
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

export class TagTable {
  readonly #slots = new Map<number, Slot[]>();

  /** The entry of the tag in bytes[start, end), created on first sight. */
  lookup(bytes: Uint8Array, start: number, end: number): TagEntry {
    // FNV-1a: tags are short, and a 32-bit hash with a byte comparison settles any collision.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    let slots = this.#slots.get(hash);
    if (slots) {
      for (const slot of slots) if (sameBytes(slot.bytes, bytes, start, end)) return slot.entry;
    } else {
      slots = [];
      this.#slots.set(hash, slots);
    }
    const copy = bytes.slice(start, end);
    const entry: TagEntry = { name: utf8.decode(copy), plugin: undefined, series: null };
    slots.push({ bytes: copy, entry });
    return entry;
  }
}
