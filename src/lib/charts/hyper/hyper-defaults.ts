/**
 * What the hyperparameter views show before the person chooses: parallel axes with the params on
 * the left and the target metric last, a scatter matrix that includes the target, and where a
 * newly shown axis goes. Schedules logged as metrics (`lr`) sit with the params: they are inputs.
 */
import { metricRole, rankTargetMetrics } from '../../compare/target-metric';
import type { HyperAxis } from './hyper-types';

/** Params shown at first: enough to read, few enough to stay legible. */
export const DEFAULT_PARAM_AXES = 8;
/** Result metrics shown besides the target at first. */
export const DEFAULT_OTHER_METRIC_AXES = 2;
/** Axes of the scatter matrix (its cells shrink with the square of this). */
export const MATRIX_AXES = 6;

/** The axis id of a target metric. */
export const targetAxisId = (target: string | null) =>
  target === null ? null : `metric:${target}`;

/** Whether an axis is an input (a param, or a metric that is a schedule) rather than a result. */
export function isInputAxis(axis: Pick<HyperAxis, 'source' | 'key'>): boolean {
  return axis.source === 'param' || metricRole(axis.key) === 'schedule';
}

/**
 * The parallel axes shown at first: up to eight params, then the two result metrics most like a
 * target, then the target itself, last.
 */
export function defaultAxisIds(axes: readonly HyperAxis[], target: string | null): string[] {
  const targetId = targetAxisId(target);
  const params = axes.filter((a) => a.source === 'param').slice(0, DEFAULT_PARAM_AXES);
  const metricKeys = axes.filter((a) => a.source === 'metric').map((a) => a.key);
  const others = rankTargetMetrics(metricKeys)
    .filter((k) => k !== target)
    .slice(0, DEFAULT_OTHER_METRIC_AXES)
    .map((k) => `metric:${k}`);
  const hasTarget = targetId !== null && axes.some((a) => a.id === targetId);
  return [...params.map((a) => a.id), ...others, ...(hasTarget ? [targetId] : [])];
}

/**
 * Shown axes with one more: an input goes before the first result, a result before the target
 * (when the target is last), the target itself last.
 */
export function withAxis(
  shown: readonly string[],
  id: string,
  axes: readonly HyperAxis[],
  target: string | null
): string[] {
  const rest = shown.filter((a) => a !== id);
  const byId = new Map(axes.map((a) => [a.id, a]));
  const axis = byId.get(id);
  if (!axis) return rest;
  const targetId = targetAxisId(target);
  let at = rest.length;
  if (id === targetId) at = rest.length;
  else if (isInputAxis(axis)) {
    const firstResult = rest.findIndex((a) => {
      const other = byId.get(a);
      return other !== undefined && !isInputAxis(other);
    });
    if (firstResult >= 0) at = firstResult;
  } else if (rest.at(-1) === targetId) at = rest.length - 1;
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** The scatter matrix's axes: the first shown axes other than the target, then the target. */
export function matrixAxisIds(
  shown: readonly string[],
  axes: readonly HyperAxis[],
  target: string | null
): string[] {
  const ids = new Set(axes.map((a) => a.id));
  const targetId = targetAxisId(target);
  const hasTarget = targetId !== null && ids.has(targetId);
  const others = shown
    .filter((id) => ids.has(id) && id !== targetId)
    .slice(0, hasTarget ? MATRIX_AXES - 1 : MATRIX_AXES);
  return hasTarget ? [...others, targetId] : others;
}
