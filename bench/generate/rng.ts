/** A small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-hex-digit id (MLflow run ids look like this), drawn from `random`. */
export function hexId(random: () => number): string {
  let out = '';
  for (let i = 0; i < 4; i++) {
    out += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  }
  return out;
}

/** A training-curve-like value at `step` of `steps`: decays, with seeded noise. */
export function curveValue(
  random: () => number,
  step: number,
  steps: number,
  scale: number
): number {
  const progress = step / steps;
  return scale * (0.1 + Math.exp(-4 * progress)) * (1 + 0.05 * (random() - 0.5));
}
