/**
 * Run ids and metric keys of a store's rows, decoded once each (readers/byte-table.ts): millions
 * of metric rows name a few thousand series, and decoding two strings per row was two thirds of a
 * store's scan. Apart from the engine so importers can hold one without loading it.
 */
import { ByteTable } from '../byte-table';

const utf8 = new TextDecoder();

export class TextPool {
  readonly #table = new ByteTable<string>((bytes) => utf8.decode(bytes));

  /** The string for `length` bytes at `at` in `heap`. */
  get(heap: Uint8Array, at: number, length: number): string {
    return this.#table.get(heap, at, at + length);
  }
}
