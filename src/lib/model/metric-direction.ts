/**
 * Whether a bigger value of a metric is better, guessed from its name the way people name
 * metrics (accuracy, f1, auc… go up; loss, error, rmse… go down). A guess: views let the person
 * change it.
 */
const HIGHER_IS_BETTER =
  /(acc|accuracy|f1|auc|roc|precision|recall|score|iou|map|r2|bleu|rouge|reward|return|dice|ndcg|mrr|kappa|mcc|top\d|hit|throughput|samples_per_second)/i;
const LOWER_IS_BETTER =
  /(loss|err|error|rmse|mse|mae|mape|perplexity|ppl|cer|wer|latency|time|runtime|lr)/i;

export type MetricDirection = 'higher' | 'lower';

export function guessMetricDirection(key: string): MetricDirection {
  const leaf = key.slice(key.lastIndexOf('/') + 1);
  if (LOWER_IS_BETTER.test(leaf)) return 'lower';
  if (HIGHER_IS_BETTER.test(leaf)) return 'higher';
  return 'lower';
}

/**
 * The direction the person chose for a metric, else the guess. Own keys only: `directions` is
 * a plain object keyed by metric names from files, and a metric called `constructor` or
 * `__defineGetter__` would otherwise read a function off Object.prototype (which then failed to
 * cross to the worker, and ranked the metric as if lower were better).
 */
export function chosenDirection(
  directions: Readonly<Record<string, MetricDirection>>,
  key: string
): MetricDirection {
  const chosen = Object.hasOwn(directions, key) ? directions[key] : undefined;
  return chosen === 'higher' || chosen === 'lower' ? chosen : guessMetricDirection(key);
}
