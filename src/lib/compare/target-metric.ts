/**
 * The comparison's target metric: the one number that says which run is better. It colours the
 * hyperparameter views, is the last parallel axis, the scatter's y, what importance explains and
 * whose best run the page names. Guessed from the metric keys, changeable, and remembered.
 *
 * The guess reads a key's words (`val/loss`, `eval_accuracy`, `metrics/mAP50-95(B)`):
 * - never a schedule logged as a metric (`lr`, `learning_rate`, `lr-Adam`, `momentum`, `epoch`,
 *   `global_step`): those are inputs that change over training, closer to params than results;
 * - never bookkeeping (`eval_runtime`, `samples_per_second`, `system/gpu.0.memory`, `grad_norm`);
 * - first a score or a loss on validation data, then any score or loss. Validation words: val,
 *   valid, validation, eval, test, dev, holdout; mAP, BLEU, ROUGE, WER and CER are measured on
 *   held-out data by nature. A task's measure (accuracy, F1, AUC, mAP, WER…) comes before a loss,
 *   which is often one of several parts (`box_loss`, `cls_loss`); fewer extra words come first.
 */

export type MetricRole = 'result' | 'schedule' | 'bookkeeping';

const VALIDATION = /^(val|valid|validation|eval|evaluation|test|dev|holdout)$/;
const TRAINING = /^(train|training|trn)$/;
/** A task's own measure (a score, or an error rate such as WER): the target before any loss. */
const SCORE =
  /^(acc|accuracy|acc\d+|top\d+|f1|f1score|auc|auroc|roc|map\d*|ap\d*|score|iou|miou|dice|bleu\d*|rouge\w*|wer|cer|precision|recall|r2|mcc|kappa|ndcg\d*|mrr|reward|return)$/;
const LOSS = /(loss|^nll|^error|^err|^rmse|^mse|^mae|^s?mape|^perplexity|^ppl)$/;
const HELD_OUT_BY_NATURE = /^(map\d*|ap\d*|bleu\d*|rouge\w*|wer|cer)$/;
const SCHEDULE =
  /^(lr|learning|momentum|epoch|epochs|step|steps|globalstep|global|iteration|iterations|iter|iters|warmup|wd)$/;
const BOOKKEEPING =
  /^(time|runtime|duration|timestamp|seconds?|sec|throughput|samples|per|memory|mem|gpu|cpu|system|sys|util|utilization|percentage|tokens|total|current|flos|grad|norm|num)$/;
/** Words that name a namespace, not a measure: no penalty as extra words. */
const NAMESPACE = /^(metrics?|\d+|[a-z])$/;

/** The words of a key, lower case: `metrics/mAP50-95(B)` → metrics, map50, 95, b. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What a metric is: a result of training, a schedule (param-like) or bookkeeping. */
export function metricRole(key: string): MetricRole {
  const words = wordsOf(key);
  if (words.some((w) => SCORE.test(w) || LOSS.test(w))) return 'result';
  if (words.some((w) => BOOKKEEPING.test(w))) return 'bookkeeping';
  if (words.some((w) => SCHEDULE.test(w))) return 'schedule';
  return 'result';
}

/** How much a key looks like a target (higher first), or null when it cannot be one. */
export function targetScore(key: string): number | null {
  if (metricRole(key) !== 'result') return null;
  const words = wordsOf(key);
  const score = words.some((w) => SCORE.test(w));
  const loss = words.some((w) => LOSS.test(w));
  const training = words.some((w) => TRAINING.test(w));
  const heldOut =
    words.some((w) => VALIDATION.test(w)) ||
    (!training && words.some((w) => HELD_OUT_BY_NATURE.test(w)));
  const extra = words.filter(
    (w) =>
      !VALIDATION.test(w) &&
      !TRAINING.test(w) &&
      !SCORE.test(w) &&
      !LOSS.test(w) &&
      !NAMESPACE.test(w)
  ).length;
  return (
    (heldOut ? 4 : 0) +
    (score || loss ? 2 : 0) +
    (score ? 1 : 0) -
    (training ? 3 : 0) -
    0.5 * Math.min(extra, 2)
  );
}

/** Metrics that can be a target, most likely first (ties keep the given order). */
export function rankTargetMetrics(keys: readonly string[]): string[] {
  return keys
    .map((key, i) => ({ key, i, score: targetScore(key) }))
    .filter((c): c is { key: string; i: number; score: number } => c.score !== null)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((c) => c.key);
}

/** The target: the person's choice when these runs have it, else the guess; null if none fits. */
export function resolveTargetMetric(keys: readonly string[], chosen: string | null): string | null {
  if (chosen !== null && keys.includes(chosen)) return chosen;
  return rankTargetMetrics(keys)[0] ?? null;
}
