/**
 * How a comparison is shown: charts, axes, smoothing, grouping, the summary statistics work on,
 * metric directions. Plain data, so storage, share links and bundles can carry it; every field is
 * checked when it is read back (a link or a bundle from someone else is hostile input).
 */
import { isJsonObject } from '../model/json';
import { runSetSignature } from './chart-list';
import { MAX_TEMPLATE } from './label-template';
import { runRef } from './run-visibility';
import type { CompareSet, GroupSettings, XAxis } from './compare-types';
import type { MetricDirection } from '../model/metric-direction';
import type { Smoothing } from '../stats/smoothing';
import type { RunSummaryKind } from '../stats/summary-choice';

export interface CompareSettings {
  /** Metric keys with a chart, in order; null until the person picks (every metric, see chart-list.ts). */
  charts: string[] | null;
  /**
   * The runs the picks were made for (runSetSignature); null: picks from a link or an older save,
   * taken by the next comparison opened.
   */
  chartsFor: string | null;
  xAxis: XAxis;
  logX: boolean;
  logY: boolean;
  smoothing: Smoothing;
  showRaw: boolean;
  ignoreOutliers: boolean;
  group: GroupSettings | null;
  summary: RunSummaryKind;
  k: number;
  /** Directions changed by the person; others are guessed from the metric's name. */
  directions: Record<string, MetricDirection>;
  onlyDifferences: boolean;
  /** The target metric the person chose (see target-metric.ts); null: guessed per comparison. */
  target: string | null;
  /** How lines are named (label-template.ts: `{params.model} lr={params.lr}`); '' for run names. */
  labelTemplate: string;
  /** Width of the runs' lines in CSS pixels (LINE_WIDTHS); group lines are drawn wider. */
  lineWidth: number;
  /** Runs left out of every chart and table, by runRef (run-visibility.ts); still compared. */
  hiddenRuns: string[];
  /** The pinned baseline run, by runRef; null for none. */
  baselineRun: string | null;
  /** How wide the grid's panels are (PANEL_SIZES). */
  panelSize: PanelSize;
  /** Panels that overlay several metrics on one chart, each its metric keys in order. */
  overlays: string[][];
  /**
   * Panels that draw a chosen subset of the runs: panel key (a metric, or an overlay's metrics
   * joined by `panelKeyOf`) to run references (run-visibility.ts). A panel not listed draws all.
   */
  panelRuns: Record<string, string[]>;
  /** What the Media section shows (docs/media.md): kept with the layout, in views and links. */
  media: MediaChoice;
}

/** The Media section's view: a grid of every run, two side by side, or a wipe between two. */
export const MEDIA_VIEWS = ['grid', 'side', 'wipe'] as const;
export type MediaView = (typeof MEDIA_VIEWS)[number];

export interface MediaChoice {
  /** The media key shown; null: the first one the runs logged. */
  key: string | null;
  /** The step on the slider; null: the key's last step. */
  step: number | null;
  view: MediaView;
  /** The two runs set against each other, by run reference; null: the first two. */
  left: string | null;
  right: string | null;
}

/** The key a panel's own choices are kept under: its metric, or an overlay's metrics. */
export function panelKeyOf(metrics: readonly string[]): string {
  return metrics.join(' + ');
}

/** Panel widths of the chart grid: about three, two or one per row on a laptop screen. */
export const PANEL_SIZES = ['small', 'medium', 'large'] as const;
export type PanelSize = (typeof PANEL_SIZES)[number];
/** Metrics one overlay panel holds at most (each gets a dash), and overlay panels at most. */
export const MAX_OVERLAY_METRICS = 4;
export const MAX_OVERLAYS = 12;
/** Panels with their own choice of runs, at most (a link from someone else is hostile input). */
export const MAX_PANEL_CHOICES = 500;

/** The line widths offered: thin enough for 200 overlaid runs, thick enough for a slide. */
export const LINE_WIDTHS = [1, 1.25, 1.5, 2, 3] as const;

export function defaultCompareSettings(): CompareSettings {
  return {
    charts: null,
    chartsFor: null,
    xAxis: { kind: 'step' },
    logX: false,
    logY: false,
    smoothing: { kind: 'ema', weight: 0.6 },
    showRaw: true,
    ignoreOutliers: false,
    group: null,
    summary: 'last',
    k: 10,
    directions: {},
    onlyDifferences: true,
    target: null,
    labelTemplate: '',
    lineWidth: 1.25,
    hiddenRuns: [],
    baselineRun: null,
    panelSize: 'medium',
    overlays: [],
    panelRuns: {},
    media: { key: null, step: null, view: 'grid', left: null, right: null }
  };
}

/** Saved settings, each field checked; anything unexpected falls back to the default. */
export function parseCompareSettings(saved: unknown): CompareSettings {
  const d = defaultCompareSettings();
  if (!isJsonObject(saved)) return d;
  const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
  const directions: Record<string, MetricDirection> = Object.create(null);
  if (isJsonObject(saved.directions)) {
    for (const [k, v] of Object.entries(saved.directions)) {
      if (v === 'higher' || v === 'lower') directions[k] = v;
    }
  }
  const xAxis = saved.xAxis;
  const validX =
    isJsonObject(xAxis) &&
    (['step', 'wall', 'relative'].includes(xAxis.kind as string) ||
      (xAxis.kind === 'metric' && typeof xAxis.key === 'string'));
  const smoothing = saved.smoothing;
  const validSmoothing =
    isJsonObject(smoothing) &&
    ['none', 'ema', 'twema', 'gaussian', 'running-average'].includes(smoothing.kind as string);
  const group = saved.group;
  const validGroup =
    isJsonObject(group) &&
    isJsonObject(group.by) &&
    (group.by.kind === 'param' || group.by.kind === 'tag') &&
    typeof group.by.key === 'string' &&
    ['mean', 'median'].includes(group.center as string) &&
    ['none', 'minmax', 'std', 'se', 'ci95'].includes(group.band as string);
  return {
    charts: Array.isArray(saved.charts)
      ? saved.charts.filter((c): c is string => typeof c === 'string')
      : null,
    chartsFor: typeof saved.chartsFor === 'string' ? saved.chartsFor : null,
    xAxis: validX ? (xAxis as XAxis) : d.xAxis,
    logX: bool(saved.logX, d.logX),
    logY: bool(saved.logY, d.logY),
    smoothing: validSmoothing ? (smoothing as Smoothing) : d.smoothing,
    showRaw: bool(saved.showRaw, d.showRaw),
    ignoreOutliers: bool(saved.ignoreOutliers, d.ignoreOutliers),
    group: validGroup ? (group as unknown as GroupSettings) : null,
    summary: ['last', 'best', 'mean-last-k'].includes(saved.summary as string)
      ? (saved.summary as RunSummaryKind)
      : d.summary,
    k: typeof saved.k === 'number' && Number.isInteger(saved.k) && saved.k > 0 ? saved.k : d.k,
    directions,
    onlyDifferences: bool(saved.onlyDifferences, d.onlyDifferences),
    target: typeof saved.target === 'string' ? saved.target : null,
    labelTemplate:
      typeof saved.labelTemplate === 'string' ? saved.labelTemplate.slice(0, MAX_TEMPLATE) : '',
    lineWidth: (LINE_WIDTHS as readonly unknown[]).includes(saved.lineWidth)
      ? (saved.lineWidth as number)
      : d.lineWidth,
    hiddenRuns: strings(saved.hiddenRuns),
    baselineRun: typeof saved.baselineRun === 'string' ? saved.baselineRun : null,
    panelSize: (PANEL_SIZES as readonly unknown[]).includes(saved.panelSize)
      ? (saved.panelSize as PanelSize)
      : d.panelSize,
    overlays: Array.isArray(saved.overlays)
      ? saved.overlays
          .map((o) => [...new Set(strings(o))].slice(0, MAX_OVERLAY_METRICS))
          .filter((o) => o.length >= 2)
          .slice(0, MAX_OVERLAYS)
      : [],
    panelRuns: panelChoices(saved.panelRuns),
    media: mediaChoice(saved.media)
  };
}

function mediaChoice(v: unknown): MediaChoice {
  const d = defaultCompareSettings().media;
  if (!isJsonObject(v)) return d;
  const text = (x: unknown) => (typeof x === 'string' ? x : null);
  return {
    key: text(v.key),
    step: typeof v.step === 'number' && Number.isFinite(v.step) ? v.step : null,
    view: (MEDIA_VIEWS as readonly unknown[]).includes(v.view) ? (v.view as MediaView) : d.view,
    left: text(v.left),
    right: text(v.right)
  };
}

/** A panel's own choice of runs, or undefined when it draws every run. */
export function panelChoice(settings: CompareSettings, panel: string): string[] | undefined {
  return Object.hasOwn(settings.panelRuns, panel) ? settings.panelRuns[panel] : undefined;
}

/** Saved panel choices: lists of run references by panel; empty or malformed ones dropped. */
function panelChoices(v: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  if (!isJsonObject(v)) return out;
  for (const [panel, refs] of Object.entries(v).slice(0, MAX_PANEL_CHOICES)) {
    const list = [...new Set(strings(refs))];
    if (list.length > 0) out[panel] = list;
  }
  return out;
}

/** The strings of a saved list (anything else dropped); [] for what is not a list. */
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The settings as they apply to the runs in view: settings kept from another comparison that
 * name what these runs lack fall back to the defaults, so every control shows what is in effect.
 * - grouping by a param or tag no run here has: no grouping;
 * - an x axis on a metric these runs lack: steps;
 * - chart picks made for other runs: every metric again (picks from a link are adopted);
 * - hidden runs and a baseline not among these runs: forgotten; overlaid metrics they lack: dropped;
 * - a panel's chosen runs not among these: dropped (a panel left with none draws every run).
 * Returns the same object when nothing changes (the caller saves only real changes).
 */
export function fitCompareSettings(
  settings: CompareSettings,
  set: Pick<CompareSet, 'runs' | 'metricKeys' | 'paramKeys' | 'tagKeys'>
): CompareSettings {
  const signature = runSetSignature(set.runs.map((r) => r.key));
  const changes: Partial<CompareSettings> = {};
  const group = settings.group;
  if (group && !(group.by.kind === 'param' ? set.paramKeys : set.tagKeys).includes(group.by.key)) {
    changes.group = null;
  }
  if (settings.xAxis.kind === 'metric' && !set.metricKeys.includes(settings.xAxis.key)) {
    changes.xAxis = { kind: 'step' };
  }
  if (settings.charts === null) {
    if (settings.chartsFor !== null) changes.chartsFor = null;
  } else if (settings.chartsFor === null) {
    changes.chartsFor = signature;
  } else if (settings.chartsFor !== signature) {
    changes.charts = null;
    changes.chartsFor = null;
  }
  // Hidden runs and the baseline name runs of this comparison only; overlays its metrics.
  const refs = new Set(set.runs.map((r) => runRef(r.key)));
  if (settings.hiddenRuns.some((r) => !refs.has(r))) {
    changes.hiddenRuns = settings.hiddenRuns.filter((r) => refs.has(r));
  }
  if (settings.baselineRun !== null && !refs.has(settings.baselineRun)) changes.baselineRun = null;
  const metrics = new Set(set.metricKeys);
  if (settings.overlays.some((o) => o.some((m) => !metrics.has(m)))) {
    changes.overlays = settings.overlays
      .map((o) => o.filter((m) => metrics.has(m)))
      .filter((o) => o.length >= 2);
  }
  // A panel's choice keeps the runs of this comparison; a choice left with none is forgotten.
  const panels = Object.entries(settings.panelRuns);
  if (panels.some(([, chosen]) => chosen.some((r) => !refs.has(r)))) {
    const kept: Record<string, string[]> = Object.create(null);
    for (const [panel, chosen] of panels) {
      const here = chosen.filter((r) => refs.has(r));
      if (here.length > 0) kept[panel] = here;
    }
    changes.panelRuns = kept;
  }
  return Object.keys(changes).length === 0 ? settings : { ...settings, ...changes };
}
