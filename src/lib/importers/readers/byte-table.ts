/**
 * Values found by the bytes that name them: a file repeats a handful of names (TensorBoard tags,
 * W&B keys, a store's run ids and metric keys) millions of times, so each is decoded from UTF-8
 * once. Writers name the same things in the same order over and over (the tags of every step,
 * the keys of every row), so the name that followed this one last time is tried first, with one
 * byte compare and no hash. Otherwise FNV-1a over the bytes, kept to 30 bits so Map keys stay
 * small integers; a byte compare settles any collision; a direct-mapped cache in front answers
 * names that come in no fixed order.
 */

interface Slot<T> {
  bytes: Uint8Array;
  value: T;
  /** The slot looked up right after this one the last time. */
  next: Slot<T> | undefined;
}

/** Size of the direct-mapped cache in front of the map (a power of two). */
const CACHE_SIZE = 256;

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

export class ByteTable<T> {
  readonly #slots = new Map<number, Slot<T>[]>();
  readonly #cache: (Slot<T> | undefined)[] = new Array<Slot<T> | undefined>(CACHE_SIZE).fill(
    undefined
  );
  /** Makes the value for bytes seen the first time (given a copy of them, which it may keep). */
  readonly #create: (bytes: Uint8Array) => T;
  /** The slot of the last lookup. */
  #last: Slot<T> | undefined;

  constructor(create: (bytes: Uint8Array) => T) {
    this.#create = create;
  }

  /** The value of the name in bytes[start, end), created on first sight. */
  get(bytes: Uint8Array, start: number, end: number): T {
    const last = this.#last;
    const guess = last?.next;
    if (guess !== undefined && sameBytes(guess.bytes, bytes, start, end)) {
      this.#last = guess;
      return guess.value;
    }
    const slot = this.#find(bytes, start, end);
    if (last !== undefined) last.next = slot;
    this.#last = slot;
    return slot.value;
  }

  #find(bytes: Uint8Array, start: number, end: number): Slot<T> {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    hash &= 0x3fffffff;
    const at = hash & (CACHE_SIZE - 1);
    const cached = this.#cache[at];
    if (cached !== undefined && sameBytes(cached.bytes, bytes, start, end)) return cached;
    let slots = this.#slots.get(hash);
    let slot = slots?.find((s) => sameBytes(s.bytes, bytes, start, end));
    if (!slot) {
      const copy = bytes.slice(start, end);
      slot = { bytes: copy, value: this.#create(copy), next: undefined };
      if (slots) slots.push(slot);
      else this.#slots.set(hash, (slots = [slot]));
    }
    this.#cache[at] = slot;
    return slot;
  }
}
