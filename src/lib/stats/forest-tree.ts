/**
 * One regression tree of the random forest (random-forest.ts), grown on binned features: a split
 * search fills a 64-slot histogram per candidate feature, and a split is a 64-bit mask of the bins
 * that go left, for numeric thresholds and category subsets alike.
 */
import { BIN_SLOTS, MISSING_BIN } from './forest-bins';

export interface GrowOptions {
  mtry: number;
  maxDepth: number;
  minLeaf: number;
}

/**
 * Grows one tree at a time into flat node arrays that the next tree overwrites. Node `k` is a
 * leaf when `feature[k] < 0`; otherwise its children are `left[k]` and `left[k] + 1`, and a row
 * goes left when the bit of its bin is set in (`maskHi[k]`, `maskLo[k]`).
 */
export class TreeGrower {
  /** Bootstrap multiplicity of each row in the current tree; 0 means out of bag. */
  readonly weight: Float64Array;
  readonly usedFeature: Uint8Array;
  private readonly wy: Float64Array;
  private readonly wyy: Float64Array;
  private readonly rows: Int32Array;
  private readonly feature: Int32Array;
  private readonly maskLo: Uint32Array;
  private readonly maskHi: Uint32Array;
  private readonly left: Int32Array;
  private readonly value: Float64Array;
  private readonly stack: Int32Array;
  private readonly order: Int32Array;
  private readonly histW = new Float64Array(BIN_SLOTS);
  private readonly histS = new Float64Array(BIN_SLOTS);
  private readonly populated = new Int32Array(BIN_SLOTS);
  private readonly means = new Float64Array(BIN_SLOTS);
  private readonly sortedBins = new Int32Array(BIN_SLOTS);
  // The best split found so far at the current node.
  private bestGain = 0;
  private bestFeature = -1;
  private bestLo = 0;
  private bestHi = 0;

  constructor(
    private readonly n: number,
    private readonly p: number,
    private readonly codes: Uint8Array,
    private readonly nominal: boolean[],
    private readonly y: Float64Array,
    private readonly rand: () => number,
    private readonly opts: GrowOptions
  ) {
    this.weight = new Float64Array(n);
    this.wy = new Float64Array(n);
    this.wyy = new Float64Array(n);
    this.rows = new Int32Array(n);
    this.usedFeature = new Uint8Array(p);
    // Every leaf holds at least one distinct row, so a tree has at most 2n - 1 nodes.
    const cap = 2 * n + 1;
    this.feature = new Int32Array(cap);
    this.maskLo = new Uint32Array(cap);
    this.maskHi = new Uint32Array(cap);
    this.left = new Int32Array(cap);
    this.value = new Float64Array(cap);
    this.stack = new Int32Array(4 * cap);
    this.order = Int32Array.from({ length: p }, (_, i) => i);
  }

  /** Draws a bootstrap sample and grows a tree on it, depth first. */
  grow(): void {
    const { n, weight, wy, wyy, rows, y, rand } = this;
    weight.fill(0);
    this.usedFeature.fill(0);
    for (let i = 0; i < n; i++) weight[Math.floor(rand() * n)]!++;
    let m = 0;
    for (let r = 0; r < n; r++) {
      wy[r] = weight[r]! * y[r]!;
      wyy[r] = wy[r]! * y[r]!;
      if (weight[r]! > 0) rows[m++] = r;
    }
    let nodes = 1;
    let top = 0;
    const stack = this.stack;
    // Entries: node, start, end, depth.
    stack[top++] = 0;
    stack[top++] = 0;
    stack[top++] = m;
    stack[top++] = 0;
    while (top > 0) {
      const depth = stack[--top]!;
      const end = stack[--top]!;
      const start = stack[--top]!;
      const node = stack[--top]!;
      const split = this.splitNode(node, start, end, depth);
      if (split < 0) continue;
      const child = nodes;
      nodes += 2;
      this.left[node] = child;
      stack[top++] = child + 1;
      stack[top++] = split;
      stack[top++] = end;
      stack[top++] = depth + 1;
      stack[top++] = child;
      stack[top++] = start;
      stack[top++] = split;
      stack[top++] = depth + 1;
    }
  }

  /** Makes `node` a leaf, or splits it and returns where its rows were partitioned (else -1). */
  private splitNode(node: number, start: number, end: number, depth: number): number {
    const { rows, weight, wy, wyy, y, opts } = this;
    let w = 0;
    let s = 0;
    let q = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const v = y[r]!;
      w += weight[r]!;
      s += wy[r]!;
      q += wyy[r]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.value[node] = s / w;
    this.feature[node] = -1;
    // Equal targets leave nothing to explain.
    if (depth >= opts.maxDepth || w < 2 * opts.minLeaf || min === max) return -1;

    // The node's sum of squared errors; only a scale for "too small a gain to be real", so the
    // cancellation in q - s²/w does not matter.
    const sse = Math.max(0, q - (s * s) / w);
    this.bestGain = 1e-10 * sse;
    this.bestFeature = -1;
    const parentScore = (s * s) / w;
    const order = this.order;
    let tried = 0;
    // Features drawn without replacement until mtry of them could split this node; constant ones
    // do not count (as in scikit-learn), so a node is not made a leaf by an unlucky draw.
    for (let k = 0; k < this.p && tried < opts.mtry; k++) {
      const pick = k + Math.floor(this.rand() * (this.p - k));
      const f = order[pick]!;
      order[pick] = order[k]!;
      order[k] = f;
      const bins = this.fillHistogram(f, start, end);
      if (bins >= 2) {
        tried++;
        if (this.nominal[f]) this.bestSubset(f, bins, w, s, parentScore);
        else this.bestThreshold(f, bins, w, s, parentScore);
      }
      this.clearHistogram(bins);
    }
    const f = this.bestFeature;
    if (f < 0) return -1;
    this.feature[node] = f;
    this.maskLo[node] = this.bestLo;
    this.maskHi[node] = this.bestHi;
    this.usedFeature[f] = 1;
    // Partition rows[start, end) so the rows going left come first.
    const lo = this.bestLo;
    const hi = this.bestHi;
    const codes = this.codes;
    const off = f * this.n;
    let i = start;
    let j = end;
    while (i < j) {
      const r = rows[i]!;
      const b = codes[off + r]!;
      if ((b < 32 ? (lo >>> b) & 1 : (hi >>> (b - 32)) & 1) === 1) i++;
      else {
        rows[i] = rows[--j]!;
        rows[j] = r;
      }
    }
    return i;
  }

  /**
   * Fills the weight and weighted-sum histograms of feature f and lists the bins in use, in
   * ascending order, in `populated`; returns how many. Deep nodes hold a handful of rows, so only
   * the bins in use are visited: a 64-bit mask of them replaces a scan of all 64 slots.
   */
  private fillHistogram(f: number, start: number, end: number): number {
    const { histW, histS, rows, weight, wy, codes, populated } = this;
    const off = f * this.n;
    let lo = 0;
    let hi = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const b = codes[off + r]!;
      histW[b]! += weight[r]!;
      histS[b]! += wy[r]!;
      if (b < 32) lo |= 1 << b;
      else hi |= 1 << (b - 32);
    }
    let bins = 0;
    while (lo !== 0) {
      const low = lo & -lo;
      populated[bins++] = 31 - Math.clz32(low);
      lo ^= low;
    }
    while (hi !== 0) {
      const low = hi & -hi;
      populated[bins++] = 63 - Math.clz32(low);
      hi ^= low;
    }
    return bins;
  }

  /** Zeroes the histogram slots that `fillHistogram` used. */
  private clearHistogram(bins: number): void {
    for (let k = 0; k < bins; k++) {
      const b = this.populated[k]!;
      this.histW[b] = 0;
      this.histS[b] = 0;
    }
  }

  /** True when a split with these left totals beats the best so far, both sides big enough. */
  private better(wl: number, sl: number, w: number, s: number, parent: number): boolean {
    const wr = w - wl;
    if (wl < this.opts.minLeaf || wr < this.opts.minLeaf) return false;
    const sr = s - sl;
    const gain = (sl * sl) / wl + (sr * sr) / wr - parent;
    if (!(gain > this.bestGain)) return false;
    this.bestGain = gain;
    return true;
  }

  /**
   * Threshold splits on ordered bins. Missing values try both sides (a learned default direction,
   * as in XGBoost) and may also be split off alone; where this node has none, later missing values
   * follow the heavier side. The cut sits midway through any run of bins empty at this node, so
   * unseen values in between go to the nearer side.
   */
  private bestThreshold(f: number, bins: number, w: number, s: number, parent: number): void {
    const { histW, histS, populated } = this;
    const hasMissing = populated[bins - 1] === MISSING_BIN;
    const valueBins = hasMissing ? bins - 1 : bins;
    const wm = histW[MISSING_BIN]!;
    const sm = histS[MISSING_BIN]!;
    // -1: nothing better yet; -2: missing alone goes left.
    let bestT = -1;
    let missingLeft = false;
    let wl = 0;
    let sl = 0;
    for (let k = 0; k + 1 < valueBins; k++) {
      const b = populated[k]!;
      wl += histW[b]!;
      sl += histS[b]!;
      const t = (b + populated[k + 1]! - 1) >> 1;
      if (this.better(wl, sl, w, s, parent)) {
        bestT = t;
        missingLeft = !hasMissing && wl >= w - wl;
      }
      if (hasMissing && this.better(wl + wm, sl + sm, w, s, parent)) {
        bestT = t;
        missingLeft = true;
      }
    }
    if (hasMissing && valueBins > 0 && this.better(wm, sm, w, s, parent)) bestT = -2;
    if (bestT === -1) return;
    this.bestFeature = f;
    if (bestT === -2) {
      this.bestLo = 0;
      this.bestHi = 0x80000000;
      return;
    }
    // Bins 0..bestT go left.
    this.bestLo = bestT >= 31 ? 0xffffffff : 2 ** (bestT + 1) - 1;
    this.bestHi = (bestT >= 32 ? 2 ** (bestT - 31) - 1 : 0) + (missingLeft ? 0x80000000 : 0);
  }

  /**
   * Category subsets: with squared error the best binary partition is a prefix of the categories
   * sorted by mean target (Breiman et al. 1984, CART §9.4), so m categories need m - 1 checks.
   * Missing is one more category. Categories absent at this node follow the heavier side.
   */
  private bestSubset(f: number, bins: number, w: number, s: number, parent: number): void {
    const { histW, histS, populated, means } = this;
    for (let k = 0; k < bins; k++) {
      const b = populated[k]!;
      means[b] = histS[b]! / histW[b]!;
    }
    // Insertion sort by mean: a few categories at most 64, and Array.sort with a comparator was
    // the hottest line of the whole fit.
    const sorted = this.sortedBins;
    for (let k = 0; k < bins; k++) {
      const b = populated[k]!;
      const m = means[b]!;
      let q = k;
      while (q > 0 && means[sorted[q - 1]!]! > m) {
        sorted[q] = sorted[q - 1]!;
        q--;
      }
      sorted[q] = b;
    }
    let bestK = -1;
    let wl = 0;
    let sl = 0;
    let bestWl = 0;
    for (let k = 0; k + 1 < bins; k++) {
      const b = sorted[k]!;
      wl += histW[b]!;
      sl += histS[b]!;
      if (this.better(wl, sl, w, s, parent)) {
        bestK = k;
        bestWl = wl;
      }
    }
    if (bestK < 0) return;
    this.bestFeature = f;
    // Mark the lighter side's categories; if that is the right side, invert so the rest goes left.
    const leftHeavier = bestWl >= w - bestWl;
    let lo = 0;
    let hi = 0;
    for (let q = leftHeavier ? bestK + 1 : 0; q < (leftHeavier ? bins : bestK + 1); q++) {
      const c = sorted[q]!;
      if (c < 32) lo |= 1 << c;
      else hi |= 1 << (c - 32);
    }
    this.bestLo = (leftHeavier ? ~lo : lo) >>> 0;
    this.bestHi = (leftHeavier ? ~hi : hi) >>> 0;
  }

  /** Predicts `count` OOB rows into `out` and records where each path first meets each feature. */
  predictOob(oob: Int32Array, count: number, out: Float64Array, firstNode: Int32Array): void {
    const { feature, maskLo, maskHi, left, value, codes, n, p } = this;
    for (let i = 0; i < count; i++) {
      const row = oob[i]!;
      const base = i * p;
      let node = 0;
      let f = feature[0]!;
      while (f >= 0) {
        if (firstNode[base + f]! < 0) firstNode[base + f] = node;
        const b = codes[f * n + row]!;
        const bit = b < 32 ? (maskLo[node]! >>> b) & 1 : (maskHi[node]! >>> (b - 32)) & 1;
        node = left[node]! + 1 - bit;
        f = feature[node]!;
      }
      out[i] = value[node]!;
    }
  }

  /**
   * The rise in summed squared error over the OOB rows when feature `pf` of row `oob[i]` is read
   * from row `donor[i]`. Paths agree until their first node on `pf`, so each row is re-walked from
   * there, and rows whose path never meets `pf` are skipped.
   */
  permutedErrorRise(
    oob: Int32Array,
    count: number,
    pf: number,
    donor: Int32Array,
    pred: Float64Array,
    firstNode: Int32Array
  ): number {
    const { feature, maskLo, maskHi, left, value, codes, n, p, y } = this;
    let rise = 0;
    for (let i = 0; i < count; i++) {
      let node = firstNode[i * p + pf]!;
      if (node < 0) continue;
      const row = oob[i]!;
      const swapped = donor[i]!;
      let f = pf;
      while (f >= 0) {
        const b = codes[f * n + (f === pf ? swapped : row)]!;
        const bit = b < 32 ? (maskLo[node]! >>> b) & 1 : (maskHi[node]! >>> (b - 32)) & 1;
        node = left[node]! + 1 - bit;
        f = feature[node]!;
      }
      const after = value[node]! - y[row]!;
      const before = pred[i]! - y[row]!;
      rise += after * after - before * before;
    }
    return rise;
  }
}
