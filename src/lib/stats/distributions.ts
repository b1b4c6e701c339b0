/**
 * Special functions and the Student t and normal distributions, written here because the app takes
 * no numerics dependency. Accuracy target: about 1e-12 relative in the regions the UI uses (p-values
 * and 95 % intervals); the tests compare against published tables.
 *
 * Sources: Lanczos gamma (g = 7, 9 terms, as in Numerical Recipes 3rd ed. / Godfrey's
 * coefficients); incomplete beta and incomplete gamma by modified Lentz continued fractions
 * (Numerical Recipes betacf / gcf); normal quantile by Acklam's rational approximation plus one
 * Halley step against our own normalCdf.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const EPS = 1e-15;
// Keeps Lentz's denominators away from zero; the exact value is irrelevant as long as it is tiny.
const FPMIN = 1e-300;
const MAX_ITERATIONS = 100000;
// Beyond this many degrees of freedom t and the standard normal differ by less than 1e-7, while the
// beta route would lose digits to lgamma cancellation, so both t functions switch to the normal.
const NORMAL_DF = 1e7;

/** Natural log of |Γ(x)|; +Infinity at the poles (0, −1, −2, …). */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  // Exact zeros: the series below leaves ~1e-15 here, and callers difference these values.
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx); the series below is only accurate for x ≥ 0.5.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction for the incomplete beta (Numerical Recipes betacf), by modified Lentz. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * I_x(a, b) with y = 1 − x supplied by the caller: the t CDF knows both as exact-ish ratios, and
 * computing 1 − x here would throw away the small one's digits.
 */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
  const front = Math.exp(logFront);
  // The fraction converges fast only on this side of the mean; use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1]; NaN outside. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return NaN;
  return incompleteBeta(x, 1 - x, a, b);
}

/** Regularized upper incomplete gamma Q(a, x), a > 0, x ≥ 0 (series or Lentz fraction). */
function upperIncompleteGamma(a: number, x: number, logGammaA: number): number {
  if (x <= 0) return 1;
  const logFront = -x + a * Math.log(x) - logGammaA;
  if (x < a + 1) {
    // Series for P(a, x); Q = 1 − P loses nothing here because P is not close to 1.
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 1; n <= MAX_ITERATIONS; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logFront);
  }
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(logFront) * h;
}

/** Standard normal CDF Φ(z), accurate in relative terms far into the lower tail. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  // Φ(z) = ½·erfc(−z/√2) and erfc(u) = Q(½, u²); the lower tail is computed directly, never as
  // 1 − something, so tiny p-values keep their digits.
  const tail = 0.5 * upperIncompleteGamma(0.5, (z * z) / 2, LOG_SQRT_PI);
  return z < 0 ? tail : 1 - tail;
}

// Acklam's coefficients (Peter J. Acklam, "An algorithm for computing the inverse normal
// cumulative distribution function", 2003); relative error 1.15e-9 before refinement.
const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_P_LOW = 0.02425;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

/** Standard normal quantile Φ⁻¹(p); ±Infinity at 0 and 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower half only: 1 − p is exact for p ≥ ½ (Sterbenz), and the lower-tail CDF used
  // for refinement has full relative precision there.
  if (p > 0.5) return -normalQuantile(1 - p);
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = ACKLAM_B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = ACKLAM_D as [number, number, number, number];
  let x: number;
  if (p < ACKLAM_P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
      (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  }
  // One Halley step brings Acklam's 1e-9 to machine precision. exp(x²/2) overflows only for
  // p below ~1e-300, where the unrefined value is already as good as the input.
  const u = (normalCdf(x) - p) * SQRT_TWO_PI * Math.exp((x * x) / 2);
  if (Number.isFinite(u)) x -= u / (1 + (x * u) / 2);
  return x;
}

/** Student t CDF P(T ≤ t) for df > 0 (non-integer df allowed, as Welch's test needs). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df > NORMAL_DF) return normalCdf(t);
  const t2 = t * t;
  // P(T ≤ −|t|) = ½·I_{df/(df+t²)}(df/2, ½); both arguments are formed as ratios so neither is
  // a difference from 1.
  const tail = 0.5 * incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/** Cornish–Fisher start for the t quantile (Abramowitz & Stegun 26.7.5), refined by Newton. */
function cornishFisherT(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z2 + 1) * z * 0.25;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z * (1 / 96);
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z * (1 / 384);
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z * (1 / 92160);
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** Student t quantile: the t with P(T ≤ t) = p, for df > 0; ±Infinity at p = 0 and 1. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df > NORMAL_DF) return normalQuantile(p);
  // Solve in the lower tail (t < 0) where the CDF has full relative precision; 1 − p is exact.
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  // Closed forms: Cauchy (−cot(πp) avoids tan's cancellation near p = 0) and df = 2.
  if (df === 1) return -1 / Math.tan(Math.PI * p);
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));

  const logDensityConst = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const density = (t: number) =>
    Math.exp(logDensityConst - ((df + 1) / 2) * Math.log1p((t * t) / df));

  // Bracket [lo, hi] with F(lo) < p < F(hi) = ½; the heavy tails of small df can put the root
  // far out, so lo doubles until it is below it.
  let hi = 0;
  let lo = Math.min(-1, cornishFisherT(normalQuantile(p), df));
  while (studentTCdf(lo, df) > p) {
    hi = lo;
    lo *= 2;
  }
  let t = cornishFisherT(normalQuantile(p), df);
  if (!(t > lo && t < hi)) t = (lo + hi) / 2;

  // Newton's method, falling back to bisection whenever a step leaves the bracket. Bisection is
  // geometric when the bracket spans orders of magnitude, so a far-out root takes few steps.
  for (let i = 0; i < 500; i++) {
    const f = studentTCdf(t, df) - p;
    if (f === 0) return t;
    if (f < 0) lo = t;
    else hi = t;
    let next = t - f / density(t);
    if (!(next > lo && next < hi)) {
      next = hi < 0 && lo / hi > 4 ? -Math.sqrt(lo * hi) : (lo + hi) / 2;
    }
    if (Math.abs(next - t) <= 1e-14 * Math.abs(next)) return next;
    t = next;
  }
  return t;
}
