/**
 * Seeded pseudo-random numbers for resampling. Statistics shown in the UI must not jitter between
 * renders or differ between the worker and a unit test, so nothing here uses Math.random.
 */

/** A deterministic generator of numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  // mulberry32 (Tommy Ettinger, public domain): one 32-bit state, fast, no BigInt, and more than
  // random enough to pick bootstrap indices. Non-integer or huge seeds are folded to 32 bits so
  // every number is a valid seed.
  let state = Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
