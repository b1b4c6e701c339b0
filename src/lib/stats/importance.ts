/**
 * Parameter importance for one metric, after W&B's parameter importance panel
 * (https://docs.wandb.ai/models/app/features/panels/parameter-importance, read 2026-11): a
 * correlation column and an importance column from a random forest with the parameters as inputs
 * and the metric as target. W&B computes it on its server; Runlens computes it in the worker.
 *
 * Differences from W&B, on purpose:
 * - Correlation is Spearman's (ranks), not linear: learning rates and batch sizes are log-spaced,
 *   and a monotone effect should read as strong whatever its curve. Categorical parameters get
 *   null: their category indices have no order, so a signed coefficient would be an artefact of
 *   the numbering. Their strength shows in the importance column.
 * - Importance is permutation importance on out-of-bag rows (Breiman), not impurity decrease,
 *   which favours parameters with many distinct values (Strobl et al. 2007). The share shown is
 *   each parameter's positive rise in OOB error over the sum of positive rises; a negative rise
 *   (shuffling helped, i.e. the parameter is noise) counts as 0.
 *
 * The shares are only as good as the forest: when it predicts unseen runs no better than their
 * mean (out-of-bag R² ≤ 0), the params explain nothing of the target and the shares are noise
 * split a hundred ways, so `verdict` says so and the panel shows no bars. W&B shows them anyway.
 *
 * Missing values: runs whose target is not finite are dropped. A missing parameter (NaN) is kept
 * as information, not imputed: it has its own bin, and each split sends it to whichever side fits
 * better, or splits it off alone (a run without `dropout` set may well differ from the others).
 * Categorical parameters split by subsets of categories (see `random-forest.ts`).
 */
import { binNominal, binOrdered, fitForest } from './random-forest';
import { spearman } from './rank-correlation';

/** One parameter: numeric values (NaN missing) or category indices (NaN missing), one per run. */
export interface ImportanceFeature {
  id: string;
  kind: 'numeric' | 'categorical';
  values: Float64Array;
}

export interface FeatureImportance {
  id: string;
  /** Spearman's rho with the target over runs with both values; null for categorical parameters. */
  correlation: number | null;
  /** Permutation importance as a share of the total, 0..1; negative rises count as 0. */
  importance: number;
  /** Mean rise of the out-of-bag MSE (in target units squared) when the parameter is permuted. */
  rawIncrease: number;
}

/**
 * What the forest's fit allows one to say: too few runs to grow it; it explains nothing (out-of-
 * bag R² ≤ 0, or not measurable); it explains a little (R² below 0.1); it explains the target.
 */
export type ImportanceVerdict = 'too-few-runs' | 'explains-nothing' | 'weak' | 'explains';

export interface ImportanceResult {
  /** Runs used: those with a finite target. */
  rows: number;
  /** Sorted by importance, highest first; ties keep the input order. */
  features: FeatureImportance[];
  /** How well the forest predicts unseen runs (may be negative); null when it cannot be told. */
  oobR2: number | null;
  /** Trees grown: 0 when fewer than 3 runs have the target (as for a correlation). */
  trees: number;
  verdict: ImportanceVerdict;
}

export interface ImportanceOptions {
  trees?: number;
  seed?: number;
  maxDepth?: number;
  minLeaf?: number;
}

// A fixed default seed, so the same runs always give the same panel.
const DEFAULT_SEED = 0x5eed;
// R's randomForest default node size for regression; deep enough for sweeps of tens of runs.
const DEFAULT_MIN_LEAF = 5;
const DEFAULT_MAX_DEPTH = 32;
// Below this there is nothing to learn from, and Spearman's rho is null too.
const MIN_ROWS = 3;
// Below this share of the target's variance explained, the shares are read with care.
const WEAK_R2 = 0.1;

function verdictOf(trees: number, oobR2: number | null): ImportanceVerdict {
  if (trees === 0) return 'too-few-runs';
  if (oobR2 === null || oobR2 <= 0) return 'explains-nothing';
  return oobR2 < WEAK_R2 ? 'weak' : 'explains';
}

/** Spearman correlation and random-forest permutation importance of each feature for `target`. */
export function parameterImportance(
  features: ImportanceFeature[],
  target: Float64Array,
  options: ImportanceOptions = {}
): ImportanceResult {
  for (const f of features) {
    if (f.values.length !== target.length) {
      throw new RangeError(
        `feature ${f.id} has ${f.values.length} values for ${target.length} targets`
      );
    }
  }
  const kept: number[] = [];
  for (let r = 0; r < target.length; r++) if (Number.isFinite(target[r]!)) kept.push(r);
  const n = kept.length;
  const y = Float64Array.from(kept, (r) => target[r]!);
  const columns = features.map((f) => Float64Array.from(kept, (r) => f.values[r]!));
  const correlation = features.map((f, i) =>
    f.kind === 'numeric' ? spearman(columns[i]!, y) : null
  );

  let trees = 0;
  let oobR2: number | null = null;
  let increase: Float64Array = new Float64Array(features.length);
  if (n >= MIN_ROWS) {
    const codes = new Uint8Array(features.length * n);
    features.forEach((f, i) => {
      const column = columns[i]!;
      codes.set(f.kind === 'numeric' ? binOrdered(column) : binNominal(column), i * n);
    });
    const fit = fitForest(
      { n, codes, nominal: features.map((f) => f.kind === 'categorical'), y },
      {
        trees: Math.max(0, Math.floor(options.trees ?? 100)),
        seed: options.seed ?? DEFAULT_SEED,
        maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
        minLeaf: options.minLeaf ?? DEFAULT_MIN_LEAF
      }
    );
    trees = fit.trees;
    oobR2 = fit.oobR2;
    increase = fit.permutationIncrease;
  }

  let total = 0;
  for (const v of increase) if (v > 0) total += v;
  const result = features.map((f, i): FeatureImportance => ({
    id: f.id,
    correlation: correlation[i]!,
    importance: total > 0 ? Math.max(0, increase[i]!) / total : 0,
    rawIncrease: increase[i]!
  }));
  result.sort((a, b) => b.importance - a.importance);
  return { rows: n, features: result, oobR2, trees, verdict: verdictOf(trees, oobR2) };
}
