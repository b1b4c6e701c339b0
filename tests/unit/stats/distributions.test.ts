import { describe, expect, it } from 'vitest';
import {
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile
} from '../../../src/lib/stats/distributions';

/** |actual − expected| ≤ tolerance · |expected|. */
function expectRelative(actual: number, expected: number, tolerance: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('logGamma', () => {
  it('matches factorials and half-integer closed forms', () => {
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    expectRelative(logGamma(5), Math.log(24), 1e-14);
    expectRelative(logGamma(21), Math.log(2432902008176640000), 1e-14);
    // Γ(½) = √π, Γ(10.5) = 20! / (4^10 · 10!) · √π, Γ(−½) = −2√π.
    expectRelative(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectRelative(
      logGamma(10.5),
      Math.log(2432902008176640000 / (4 ** 10 * 3628800)) + 0.5 * Math.log(Math.PI),
      1e-14
    );
    expectRelative(logGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 1e-13);
  });

  it('is infinite at the poles and NaN for NaN', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches the binomial identity I_x(a, b) = P(Bin(a + b − 1, x) ≥ a)', () => {
    // P(Bin(4, 0.3) ≥ 2) = 1 − 0.7⁴ − 4 · 0.3 · 0.7³ = 1 − 0.2401 − 0.4116 = 0.3483.
    expectRelative(regularizedIncompleteBeta(0.3, 2, 3), 0.3483, 1e-13);
  });

  it('matches the closed forms for a = 1 and b = 1, and the symmetry', () => {
    expectRelative(regularizedIncompleteBeta(0.2, 1, 7.5), 1 - 0.8 ** 7.5, 1e-13);
    expectRelative(regularizedIncompleteBeta(0.6, 3.5, 1), 0.6 ** 3.5, 1e-13);
    const left = regularizedIncompleteBeta(0.35, 4.2, 9.1);
    expectRelative(left, 1 - regularizedIncompleteBeta(0.65, 9.1, 4.2), 1e-13);
  });

  it('handles the ends and rejects bad arguments', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(1.5, 2, 3)).toBeNaN();
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN();
  });
});

describe('normal distribution', () => {
  it('gives the textbook quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 6);
    expect(normalQuantile(0.5)).toBe(0);
    // scipy stats.norm.ppf(1e-10) = -6.361340902404056
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361341, 6);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.2)).toBeNaN();
  });

  it('gives the textbook CDF values, with relative precision in the far tail', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 7);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 7);
    // scipy stats.norm.cdf(-10) = 7.61985302416047e-24
    expectRelative(normalCdf(-10), 7.61985302416047e-24, 1e-12);
  });

  it('round-trips quantile → CDF across the range', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999]) {
      expectRelative(normalCdf(normalQuantile(p)), p, 1e-12);
    }
  });
});

describe('Student t distribution', () => {
  it('gives the two-sided critical values of printed t tables', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.303, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032, 3);
    expect(studentTQuantile(0.95, 20)).toBeCloseTo(1.725, 3);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228, 3);
    // df → ∞ approaches the normal's 1.960, on both sides of the switch to the normal formula.
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.96, 3);
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(1.959964, 6);
  });

  it('agrees with a reference implementation to many digits', () => {
    // scipy 1.17.1 stats.t.ppf(0.975, 10) = 2.228138851986274 (computed 2026-11-22; R prints 2.228139)
    expectRelative(studentTQuantile(0.975, 10), 2.228138851986274, 1e-13);
  });

  it('matches the closed-form CDFs for df = 1 (Cauchy) and df = 2', () => {
    for (const t of [-50, -3, -0.4, 0, 0.7, 5]) {
      // For t < 0, ½ + atan(t)/π = atan(−1/t)/π, written so the expected value has no cancellation.
      const cauchy = t < 0 ? Math.atan(-1 / t) / Math.PI : 0.5 + Math.atan(t) / Math.PI;
      expectRelative(studentTCdf(t, 1), cauchy, 1e-13);
      // df = 2: ½ + t / (2s) with s = √(2 + t²); for t < 0 that equals 1 / (s (s + |t|)).
      const s = Math.sqrt(2 + t * t);
      const df2 = t < 0 ? 1 / (s * (s - t)) : 0.5 + t / (2 * s);
      expectRelative(studentTCdf(t, 2), df2, 1e-13);
    }
  });

  it('round-trips for integer and fractional df, including the far tails', () => {
    for (const df of [1, 2, 3, 4.5, 7, 24.9885, 100, 5000]) {
      for (const p of [1e-10, 1e-4, 0.025, 0.2, 0.5, 0.8, 0.975, 0.9999]) {
        const t = studentTQuantile(p, df);
        expectRelative(
          p < 0.5 ? studentTCdf(t, df) : 1 - studentTCdf(t, df),
          Math.min(p, 1 - p),
          1e-9
        );
      }
    }
  });

  it('handles the edges', () => {
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(0.5, -1)).toBeNaN();
  });
});
