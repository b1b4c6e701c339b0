/**
 * Smoothers for metric series, pure so they run in the chart worker and in Node tests. Each follows
 * the tool users compare us with: EMA is TensorBoard's classic smoothing (bit for bit), TWEMA,
 * Gaussian and running average follow W&B's documented definitions
 * (docs.wandb.ai/models/app/features/panels/line-plot/smoothing, read 2026-11).
 *
 * Inputs: x ascending, x and y finite (the chart data builder drops NaN and ±Infinity first) and of
 * a magnitude that sums do not overflow (|y| well below 1e300). Every smoother returns a new array
 * of the same length; none aliases its input.
 */

export type Smoothing =
  | { kind: 'none' }
  /** TensorBoard's debiased EMA by index; weight in [0, 1). */
  | { kind: 'ema'; weight: number }
  /** W&B's time-weighted debiased EMA: decay follows the x gap, not the index; weight in [0, 1). */
  | { kind: 'twema'; weight: number }
  /** Gaussian kernel average; sigma in x-axis units (steps, seconds...), cut at 3 sigma. */
  | { kind: 'gaussian'; sigma: number }
  /** Centred boxcar average over `window` points, shrunk at the ends. */
  | { kind: 'running-average'; window: number };

export type SmoothingKind = Smoothing['kind'];

export interface SmoothSeriesOptions {
  /**
   * TWEMA only: the x span its decay is measured against, normally the chart's shared x range so
   * that every run on one chart decays alike per x unit. Default: the series' own x span.
   */
  xRange?: number;
}

/** W&B caps the TWEMA weight at 0.999 so the decay never stops; we cap both EMAs the same way. */
export const MAX_WEIGHT = 0.999;

/**
 * W&B measures TWEMA gaps in VIEWPORT_SCALE-ths of the x range but does not publish the constant
 * (docs, 2026-11). 1000 makes one unit roughly one pixel column of a wide chart, as one public
 * reimplementation reads it; at weight p each 1/1000 of the range decays by sqrt(p).
 */
export const TWEMA_VIEWPORT_SCALE = 1000;

/** Gaussian weights beyond 3 sigma are below 1.2% of the peak; cutting there bounds the work. */
const GAUSSIAN_CUTOFF_SIGMAS = 3;

/**
 * Above this many kernel evaluations per point on average the Gaussian switches to binned input
 * (bins of sigma/8): exact per point would be O(n·k) with k points per window, too slow for a
 * million points under a wide kernel.
 */
const GAUSSIAN_EXACT_WORK_PER_POINT = 128;
const GAUSSIAN_BINS_PER_SIGMA = 8;

/** Smoothed values for one series; x ascending, all x and y finite (the caller drops NaN/Inf). */
export function smoothSeries(
  x: Float64Array,
  y: Float64Array,
  smoothing: Smoothing,
  options: SmoothSeriesOptions = {}
): Float64Array {
  if (x.length !== y.length) {
    throw new RangeError(`smoothSeries: x has ${x.length} points but y has ${y.length}`);
  }
  // A flat line must stay exactly flat: the debiased and normalised sums below would otherwise
  // wobble in the last bits and draw a jagged line at high zoom. TensorBoard does the same (#786).
  if (smoothing.kind === 'none' || isConstant(y)) return y.slice();
  switch (smoothing.kind) {
    case 'ema':
      return emaByIndex(y, smoothing.weight);
    case 'twema':
      return timeWeightedEma(x, y, smoothing.weight, options.xRange);
    case 'gaussian':
      return gaussianSmooth(x, y, smoothing.sigma);
    case 'running-average':
      return runningAverage(y, smoothing.window);
  }
}

function isConstant(y: Float64Array): boolean {
  const first = y[0];
  for (let i = 1; i < y.length; i++) if (y[i] !== first) return false;
  return true;
}

function clampWeight(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(weight, MAX_WEIGHT);
}

/**
 * TensorBoard's classic smoothing (tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts):
 * last = last·w + (1 − w)·y[i]; s[i] = last / (1 − w^(i+1)), last starting at 0. The division
 * debiases the zero start, so s[0] = y[0]. Same operations in the same order, so the same bits.
 * TensorBoard lets w reach 1 (every value then smooths to 0); we stop at MAX_WEIGHT instead.
 */
function emaByIndex(y: Float64Array, weight: number): Float64Array {
  const w = clampWeight(weight);
  const n = y.length;
  const out = new Float64Array(n);
  let last = 0;
  let debiasing = true;
  for (let i = 0; i < n; i++) {
    last = last * w + (1 - w) * y[i]!;
    // Once w^(i+1) no longer changes 1 - w^(i+1), the debiasing divides by exactly 1: skip the
    // pow (same bits as TensorBoard, without a pow per point on long histories).
    if (debiasing) {
      const bias = 1 - Math.pow(w, i + 1);
      if (bias === 1) debiasing = false;
      out[i] = last / bias;
    } else out[i] = last;
  }
  return out;
}

/**
 * W&B's TWEMA: w = min(sqrt(p), 0.999); per point a = w^(Δx / range · 1000);
 * num = num·a + y[i]; den = den·a + 1; s[i] = num / den, so s[i] is the average of all points so
 * far weighted by w^(distance in thousandths of the range). A gap in x decays more than a step;
 * with Δx ≡ range/1000 it is exactly the index EMA of weight sqrt(p) (Σ w^k·y / Σ w^k).
 */
function timeWeightedEma(
  x: Float64Array,
  y: Float64Array,
  weight: number,
  xRange: number | undefined
): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  const w = Math.min(Math.sqrt(clampWeight(weight)), MAX_WEIGHT);
  const range = xRange ?? (n > 0 ? x[n - 1]! - x[0]! : 0);
  const scale = range > 0 ? TWEMA_VIEWPORT_SCALE / range : 0;
  // A denormal range would make the scale infinite and 0·∞ NaN; every gap then decays fully.
  if (!Number.isFinite(scale)) return y.slice();
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = i > 0 ? x[i]! - x[i - 1]! : 0;
    const a = Math.pow(w, dx * scale);
    num = num * a + y[i]!;
    den = den * a + 1;
    out[i] = num / den;
  }
  return out;
}

/**
 * W&B's running average: each point becomes the mean of `window` consecutive points centred on it
 * (for an even window the extra point is the earlier one), the window shrinking to the points that
 * exist at either end. The unit is points, as in W&B, so uneven x spacing is ignored (use Gaussian).
 * O(n) by prefix sums of y − y[0]; the offset keeps the sums small for values far from zero.
 */
function runningAverage(y: Float64Array, window: number): Float64Array {
  const n = y.length;
  const size = Number.isFinite(window) ? Math.max(1, Math.round(window)) : 1;
  if (size === 1 || n === 0) return y.slice();
  const y0 = y[0]!;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + (y[i]! - y0);
  const before = Math.floor(size / 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - before);
    const hi = Math.min(n, i - before + size);
    out[i] = y0 + (prefix[hi]! - prefix[lo]!) / (hi - lo);
  }
  return out;
}

/**
 * Gaussian kernel regression (Nadaraya–Watson), W&B's definition with sigma in x units:
 * s[i] = Σ_k g(x_k − x_i)·y_k / Σ_k g(x_k − x_i), g(d) = exp(−d² / 2σ²), over |d| ≤ 3σ. In x units
 * because that is what makes it right for unevenly spaced points, which is why W&B recommends it
 * for them. Exact with two pointers (O(n·k), k points within ±3σ) while k stays small; beyond, the
 * points are first averaged into bins of σ/8 (position, value, count), the kernel runs on the bins
 * and each point interpolates between bin results: O(n + bins·48), off by well under 1% of the
 * signal's range.
 */
function gaussianSmooth(x: Float64Array, y: Float64Array, sigma: number): Float64Array {
  const n = y.length;
  // A sigma whose square underflows would make the exponent 0·∞; points that close are one point.
  if (!(sigma > 0) || !Number.isFinite(1 / (sigma * sigma)) || n < 2) return y.slice();
  const half = GAUSSIAN_CUTOFF_SIGMAS * sigma;
  if (kernelWork(x, half) <= GAUSSIAN_EXACT_WORK_PER_POINT * n) {
    const out = new Float64Array(n);
    kernelAverage(x, y, null, x, sigma, out);
    return out;
  }
  return binnedGaussian(x, y, sigma);
}

/** Total number of kernel terms the exact path would evaluate: Σ points within ±half of each x. */
function kernelWork(x: Float64Array, half: number): number {
  const n = x.length;
  let lo = 0;
  let hi = 0;
  let work = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    while (x[lo]! < xi - half) lo++;
    while (hi < n && x[hi]! <= xi + half) hi++;
    work += hi - lo;
  }
  return work;
}

/**
 * Writes into out[j] the Gaussian-weighted mean of (px, py) around qx[j], each point counted
 * pw[k] times (1 when pw is null). px and qx ascending; each qx[j] has a point within 3σ.
 */
function kernelAverage(
  px: Float64Array,
  py: Float64Array,
  pw: Float64Array | null,
  qx: Float64Array,
  sigma: number,
  out: Float64Array
): void {
  const m = px.length;
  const half = GAUSSIAN_CUTOFF_SIGMAS * sigma;
  const c = -1 / (2 * sigma * sigma);
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < qx.length; j++) {
    const q = qx[j]!;
    while (lo < m && px[lo]! < q - half) lo++;
    while (hi < m && px[hi]! <= q + half) hi++;
    let sumW = 0;
    let sumWY = 0;
    for (let k = lo; k < hi; k++) {
      const d = px[k]! - q;
      const g = Math.exp(d * d * c) * (pw === null ? 1 : pw[k]!);
      sumW += g;
      sumWY += g * py[k]!;
    }
    out[j] = sumWY / sumW;
  }
}

function binnedGaussian(x: Float64Array, y: Float64Array, sigma: number): Float64Array {
  const n = y.length;
  const width = sigma / GAUSSIAN_BINS_PER_SIGMA;
  const x0 = x[0]!;
  const maxBins = Math.min(n, Math.floor((x[n - 1]! - x0) / width) + 1);
  const binX = new Float64Array(maxBins);
  const binY = new Float64Array(maxBins);
  const binCount = new Float64Array(maxBins);
  let bins = 0;
  let current = -1;
  for (let i = 0; i < n; i++) {
    const b = Math.floor((x[i]! - x0) / width);
    if (b !== current) {
      current = b;
      bins++;
    }
    const at = bins - 1;
    binX[at] = binX[at]! + x[i]!;
    binY[at] = binY[at]! + y[i]!;
    binCount[at] = binCount[at]! + 1;
  }
  // The mean x of a bin (not its centre) cancels the first-order error of moving its points.
  for (let b = 0; b < bins; b++) {
    binX[b] = binX[b]! / binCount[b]!;
    binY[b] = binY[b]! / binCount[b]!;
  }
  const bx = binX.subarray(0, bins);
  const smoothedBins = new Float64Array(bins);
  kernelAverage(bx, binY.subarray(0, bins), binCount.subarray(0, bins), bx, sigma, smoothedBins);

  const out = new Float64Array(n);
  let b = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    while (b + 1 < bins && bx[b + 1]! <= xi) b++;
    const left = bx[b]!;
    if (b + 1 >= bins || xi <= left) {
      out[i] = smoothedBins[b]!;
    } else {
      const t = (xi - left) / (bx[b + 1]! - left);
      const s0 = smoothedBins[b]!;
      out[i] = s0 + (smoothedBins[b + 1]! - s0) * t;
    }
  }
  return out;
}
