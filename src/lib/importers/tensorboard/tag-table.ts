/**
 * Tags of one run folder, looked up by their bytes (readers/byte-table.ts), and what TensorBoard
 * remembers per tag (the plugin named by its first metadata) with each.
 */
import type { SeriesBuilder } from '../readers/series-builder';
import { ByteTable } from '../readers/byte-table';
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

const utf8 = new TextDecoder('utf-8');

export class TagTable {
  readonly #entries: TagEntry[] = [];
  readonly #table = new ByteTable<TagEntry>((bytes) => {
    const name = utf8.decode(bytes).normalize('NFC');
    const entry: TagEntry = { name, plugin: PLUGIN_UNSEEN, series: null, pending: null };
    this.#entries.push(entry);
    return entry;
  });

  /** The entry of the tag in bytes[start, end), created on first sight. */
  lookup(bytes: Uint8Array, start: number, end: number): TagEntry {
    return this.#table.get(bytes, start, end);
  }

  /** How many string tensors never learned their plugin (counted as tensors not shown). */
  unresolved(): number {
    let n = 0;
    for (const entry of this.#entries) n += entry.pending?.length ?? 0;
    return n;
  }
}
