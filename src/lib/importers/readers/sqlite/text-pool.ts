/**
 * Strings already decoded, found again by their bytes (FNV-1a hash, then a byte compare): millions
 * of metric rows name a few thousand series, and decoding a run id and a key per row was two
 * thirds of a store's scan. Apart from the engine so importers can hold one without loading it.
 */
export class TextPool {
  readonly #byHash = new Map<number, { bytes: Uint8Array; text: string }[]>();
  readonly #decoder = new TextDecoder();
  /** The entry found last: rows logged together repeat it, and a byte compare beats a hash. */
  #last: { bytes: Uint8Array; text: string } | undefined;

  /** The string for `length` bytes at `at` in `heap`. */
  get(heap: Uint8Array, at: number, length: number): string {
    const last = this.#last;
    if (last && last.bytes.length === length && sameBytes(last.bytes, heap, at)) return last.text;
    let hash = 0x811c9dc5;
    for (let i = at, end = at + length; i < end; i++) {
      hash = Math.imul(hash ^ heap[i]!, 0x01000193);
    }
    let bucket = this.#byHash.get(hash);
    if (bucket) {
      for (const entry of bucket) {
        if (entry.bytes.length === length && sameBytes(entry.bytes, heap, at)) {
          this.#last = entry;
          return entry.text;
        }
      }
    } else {
      this.#byHash.set(hash, (bucket = []));
    }
    const bytes = heap.slice(at, at + length);
    const entry = { bytes, text: this.#decoder.decode(bytes) };
    bucket.push(entry);
    this.#last = entry;
    return entry.text;
  }
}

function sameBytes(bytes: Uint8Array, heap: Uint8Array, at: number): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== heap[at + i]) return false;
  return true;
}
