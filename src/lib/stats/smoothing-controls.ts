/**
 * What the smoothing control offers: each kind's slider range and default, the Smoothing a slider
 * value stands for, and a short label. The smoothers themselves are in smoothing.ts.
 */
import { MAX_WEIGHT, type Smoothing, type SmoothingKind } from './smoothing';

/** What a slider sets for one smoothing kind. */
export interface SmoothingKindSpec {
  readonly kind: SmoothingKind;
  readonly label: string;
  /** The field of the Smoothing variant the slider sets; null for 'none'. */
  readonly param: 'weight' | 'sigma' | 'window' | null;
  /**
   * 'weight' in [0, 1), 'points' a count, 'x' x-axis units: min, max, step and default are then
   * fractions of the chart's x span, turned into x units by smoothingSlider.
   */
  readonly unit: 'weight' | 'x' | 'points' | null;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly default: number;
}

/** Slider ranges and defaults per kind, in menu order (0.6 is TensorBoard's default weight). */
export const SMOOTHING_KINDS: readonly SmoothingKindSpec[] = [
  { kind: 'none', label: 'None', param: null, unit: null, min: 0, max: 0, step: 0, default: 0 },
  {
    kind: 'ema',
    label: 'EMA (TensorBoard)',
    param: 'weight',
    unit: 'weight',
    min: 0,
    max: MAX_WEIGHT,
    step: 0.001,
    default: 0.6
  },
  {
    kind: 'twema',
    label: 'Time-weighted EMA',
    param: 'weight',
    unit: 'weight',
    min: 0,
    max: MAX_WEIGHT,
    step: 0.001,
    default: 0.6
  },
  {
    kind: 'gaussian',
    label: 'Gaussian',
    param: 'sigma',
    unit: 'x',
    min: 0,
    max: 0.05,
    step: 0.0005,
    default: 0.005
  },
  {
    kind: 'running-average',
    label: 'Running average',
    param: 'window',
    unit: 'points',
    min: 1,
    max: 200,
    step: 1,
    default: 10
  }
];

/** A spec's slider range in parameter units; x-unit specs are scaled to xSpan, on a 1-2-5 step. */
export function smoothingSlider(
  spec: SmoothingKindSpec,
  xSpan: number
): { min: number; max: number; step: number; default: number } {
  if (spec.unit !== 'x')
    return { min: spec.min, max: spec.max, step: spec.step, default: spec.default };
  const span = Number.isFinite(xSpan) && xSpan > 0 ? xSpan : 1;
  const step = niceStep(spec.step * span);
  return {
    min: Math.round(spec.min / spec.step) * step,
    max: Math.round(spec.max / spec.step) * step,
    step,
    default: Math.round(spec.default / spec.step) * step
  };
}

/** The nearest of 1, 2, 5 times a power of ten at or above v, so slider values read cleanly. */
function niceStep(v: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(v)));
  const m = v / power;
  const nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
  // Rounding through toPrecision drops float noise such as 0.30000000000000004.
  return Number((nice * power).toPrecision(12));
}

/** The Smoothing a slider value stands for. */
export function makeSmoothing(kind: SmoothingKind, value: number): Smoothing {
  switch (kind) {
    case 'none':
      return { kind };
    case 'ema':
    case 'twema':
      return { kind, weight: value };
    case 'gaussian':
      return { kind, sigma: value };
    case 'running-average':
      return { kind, window: value };
  }
}

/** A short label for legends and tooltips: "EMA 0.6", "Gaussian σ 50". */
export function describeSmoothing(s: Smoothing): string {
  switch (s.kind) {
    case 'none':
      return 'No smoothing';
    case 'ema':
      return `EMA ${formatParam(s.weight)}`;
    case 'twema':
      return `TWEMA ${formatParam(s.weight)}`;
    case 'gaussian':
      return `Gaussian σ ${formatParam(s.sigma)}`;
    case 'running-average':
      return `Running average ${formatParam(s.window)}`;
  }
}

function formatParam(v: number): string {
  return String(Number(v.toPrecision(4)));
}
