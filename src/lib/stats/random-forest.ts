/**
 * A regression random forest (Breiman 2001, "Random Forests", Machine Learning 45) grown only to
 * measure permutation importance: bootstrap samples, a random subset of features tried at each
 * split, variance-reduction splits, out-of-bag (OOB) predictions, and for each tree the rise in OOB
 * mean squared error when one feature's values are shuffled among that tree's OOB rows.
 *
 * Speed comes from working on bins, not values: every feature is cut once into at most 63 bins
 * (quantiles for numbers, one bin per category) plus a bin for missing values, so a split search is
 * one pass over the node's rows to fill a 64-slot histogram. A split is stored as a 64-bit mask of
 * the bins that go left, which serves numeric thresholds and category subsets alike. Trees are not
 * kept: each is scored on its OOB rows as soon as it is grown, in node buffers reused by the next.
 */
import { TreeGrower } from './forest-tree';
import { seededRandom } from './random';

export { binNominal, binOrdered, MISSING_BIN } from './forest-bins';

/** The forest's input: binned features and a finite target for `n` rows. */
export interface ForestData {
  n: number;
  /** Bin codes feature by feature: the code of feature `f` in row `r` is `codes[f * n + r]`. */
  codes: Uint8Array;
  /** Per feature: true when its bins are unordered categories (subset splits, not thresholds). */
  nominal: boolean[];
  y: Float64Array;
}

export interface ForestOptions {
  trees: number;
  seed: number;
  maxDepth: number;
  /** The least bootstrap weight (rows drawn, counted with repeats) a leaf may hold. */
  minLeaf: number;
}

export interface ForestFit {
  /** Trees grown. */
  trees: number;
  /**
   * 1 − SSE/SST of the OOB predictions; null when fewer than 2 rows were ever OOB, SST is 0, or
   * no tree ever split (then every prediction is a bootstrap mean and R² measures only resampling).
   */
  oobR2: number | null;
  /** Per feature: the mean over trees (with OOB rows) of the rise in OOB MSE when permuted. */
  permutationIncrease: Float64Array;
}

/** Grows `options.trees` trees on `data` and returns OOB fit and permutation importance. */
export function fitForest(data: ForestData, options: ForestOptions): ForestFit {
  const { n, codes, nominal } = data;
  const p = nominal.length;
  const rand = seededRandom(options.seed);
  const minLeaf = Math.max(1, options.minLeaf);
  // Centring keeps sums of squares accurate when a metric is a small spread on a big offset.
  let mean = 0;
  for (let r = 0; r < n; r++) mean += data.y[r]!;
  mean /= n;
  const y = data.y.map((v) => v - mean);

  const grower = new TreeGrower(n, p, codes, nominal, y, rand, {
    mtry: Math.max(1, Math.floor(p / 3)),
    maxDepth: options.maxDepth,
    minLeaf
  });
  const oob = new Int32Array(n);
  const donor = new Int32Array(n);
  const pred = new Float64Array(n);
  // firstNode[i * p + f]: the first node on OOB row i's path that splits on f, or -1.
  const firstNode = new Int32Array(n * p);
  const oobSum = new Float64Array(n);
  const oobCount = new Int32Array(n);
  const increase = new Float64Array(p);
  let scoredTrees = 0;
  let anySplit = false;

  for (let t = 0; t < options.trees; t++) {
    grower.grow();
    anySplit ||= grower.usedFeature.includes(1);
    let o = 0;
    for (let r = 0; r < n; r++) if (grower.weight[r] === 0) oob[o++] = r;
    if (o === 0) continue;
    firstNode.fill(-1, 0, o * p);
    grower.predictOob(oob, o, pred, firstNode);
    for (let i = 0; i < o; i++) {
      oobSum[oob[i]!]! += pred[i]!;
      oobCount[oob[i]!]!++;
    }
    for (let f = 0; f < p; f++) {
      // A feature the tree never splits on cannot change its predictions: its rise is 0.
      if (!grower.usedFeature[f]) continue;
      donor.set(oob.subarray(0, o));
      for (let i = o - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const tmp = donor[i]!;
        donor[i] = donor[j]!;
        donor[j] = tmp;
      }
      increase[f]! += grower.permutedErrorRise(oob, o, f, donor, pred, firstNode) / o;
    }
    scoredTrees++;
  }
  if (scoredTrees > 0) for (let f = 0; f < p; f++) increase[f]! /= scoredTrees;
  return {
    trees: options.trees,
    oobR2: anySplit ? oobRSquared(y, oobSum, oobCount) : null,
    permutationIncrease: increase
  };
}

/** R² of the averaged OOB predictions over the rows that were OOB at least once. */
function oobRSquared(y: Float64Array, oobSum: Float64Array, oobCount: Int32Array): number | null {
  let count = 0;
  let meanY = 0;
  for (let r = 0; r < y.length; r++) {
    if (oobCount[r]! > 0) {
      count++;
      meanY += y[r]!;
    }
  }
  if (count < 2) return null;
  meanY /= count;
  let sse = 0;
  let sst = 0;
  for (let r = 0; r < y.length; r++) {
    if (oobCount[r]! === 0) continue;
    const d = y[r]! - oobSum[r]! / oobCount[r]!;
    const e = y[r]! - meanY;
    sse += d * d;
    sst += e * e;
  }
  // Relative to the target's scale: equal targets can leave rounding dust in sst.
  let scale = 0;
  for (let r = 0; r < y.length; r++) scale = Math.max(scale, Math.abs(y[r]!));
  if (!(sst > 1e-24 * count * scale * scale)) return null;
  return 1 - sse / sst;
}
