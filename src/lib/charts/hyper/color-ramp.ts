/**
 * Colours for the hyperparameter views: a colour-blind-safe sequential ramp (viridis) for numeric
 * colour axes, the Okabe-Ito palette for categorical ones, and the grouping of runs by colour that
 * lets a chart stroke or fill each colour once instead of once per run.
 */
import type { AxisScale } from './parallel-axes';
import { transformValue } from './parallel-axes';
import type { HyperAxis, HyperTable } from './hyper-types';

/** Viridis at eleven even stops (matplotlib's `viridis`, sampled 2024); perceptually uniform. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37]
];

/** Okabe & Ito (2008), safe for the common colour-vision deficiencies; black swapped for grey. */
export const CATEGORICAL_PALETTE: readonly string[] = [
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#999999'
];

/** Colour of runs whose colour-axis value is missing. */
export const MISSING_COLOR = '#9e9e9e';

/** How many steps a numeric colour axis is quantised into (one stroke per step). */
export const RAMP_BINS = 32;

/** The sequential ramp: t in [0, 1] (clamped; NaN gives the missing colour) to an `rgb()` colour. */
export function sequentialColor(t: number): string {
  if (!Number.isFinite(t)) return MISSING_COLOR;
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i] ?? VIRIDIS[0]!;
  const b = VIRIDIS[i + 1] ?? a;
  const c = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${c(0)}, ${c(1)}, ${c(2)})`;
}

/** A CSS `linear-gradient` of the ramp, for legends. */
export function rampGradient(direction = 'to right'): string {
  const stops = VIRIDIS.map(([r, g, b], i) => `rgb(${r}, ${g}, ${b}) ${(i * 10).toFixed(0)}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}

/** Palette colour for category `index`; past the palette, categories share the ramp instead. */
export function categoryColor(index: number, count: number): string {
  if (count <= CATEGORICAL_PALETTE.length) {
    return CATEGORICAL_PALETTE[index % CATEGORICAL_PALETTE.length] ?? MISSING_COLOR;
  }
  return sequentialColor(count > 1 ? index / (count - 1) : 0.5);
}

/** Runs grouped by colour: runs `order[starts[b]] .. order[starts[b + 1] - 1]` use `colors[b]`. */
export interface ColorBuckets {
  colors: string[];
  order: Int32Array;
  starts: Int32Array;
}

/**
 * Visits the runs colour by colour in `slices` rounds (slice 0 of every colour, then slice 1, …),
 * so the colour drawn last does not cover all the others; still slices × colours strokes or fills.
 */
export function forEachColorSlice(
  buckets: ColorBuckets,
  slices: number,
  paint: (color: string, runs: Int32Array) => void
): void {
  const { colors, order, starts } = buckets;
  for (let slice = 0; slice < slices; slice++) {
    for (let b = 0; b < colors.length; b++) {
      const from = starts[b]!;
      const size = starts[b + 1]! - from;
      const start = from + Math.floor((size * slice) / slices);
      const end = from + Math.floor((size * (slice + 1)) / slices);
      paint(colors[b]!, order.subarray(start, end));
    }
  }
}

/**
 * Groups the runs by the colour they are drawn in: the run's own colour, or the colour axis
 * (quantised ramp for numeric axes, palette for categorical ones, grey when missing).
 */
export function colorBuckets(
  table: HyperTable,
  colorAxis: HyperAxis | null,
  colorScale: AxisScale | null
): ColorBuckets {
  const n = table.runKeys.length;
  const keys = new Int32Array(n);
  let colors: string[];
  if (!colorAxis || !colorScale) {
    const ids = new Map<string, number>();
    colors = [];
    for (let r = 0; r < n; r++) {
      const css = table.colors[r] ?? MISSING_COLOR;
      let id = ids.get(css);
      if (id === undefined) {
        id = colors.length;
        ids.set(css, id);
        colors.push(css);
      }
      keys[r] = id;
    }
  } else if (colorScale.kind === 'categorical') {
    const count = colorAxis.categories.length;
    colors = colorAxis.categories.map((_, i) => categoryColor(i, count));
    colors.push(MISSING_COLOR);
    for (let r = 0; r < n; r++) {
      const v = colorAxis.values[r] ?? NaN;
      keys[r] = Number.isInteger(v) && v >= 0 && v < count ? v : count;
    }
  } else {
    colors = [];
    for (let b = 0; b < RAMP_BINS; b++) colors.push(sequentialColor(b / (RAMP_BINS - 1)));
    colors.push(MISSING_COLOR);
    const span = colorScale.d1 - colorScale.d0;
    for (let r = 0; r < n; r++) {
      const t = transformValue(colorScale.kind, colorAxis.values[r] ?? NaN);
      keys[r] = Number.isFinite(t)
        ? Math.round(Math.min(1, Math.max(0, (t - colorScale.d0) / span)) * (RAMP_BINS - 1))
        : RAMP_BINS;
    }
  }
  return bucketByKey(keys, colors);
}

/** Counting sort of run indices by bucket key (no per-run allocation). */
function bucketByKey(keys: Int32Array, colors: string[]): ColorBuckets {
  const starts = new Int32Array(colors.length + 1);
  for (const k of keys) starts[k + 1]! += 1;
  for (let b = 0; b < colors.length; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, colors.length);
  const order = new Int32Array(keys.length);
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r]!;
    order[fill[k]!] = r;
    fill[k]! += 1;
  }
  return { colors, order, starts };
}

/** Theme colours of `app.css`, read at draw time so a theme switch shows on the next draw. */
export interface ChartTheme {
  bg: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
  accent: string;
  accentSoft: string;
  focus: string;
}

/** Reads the theme variables as they apply to `element`. */
export function readTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    bg: read('--bg', '#ffffff'),
    surface: read('--surface', '#ffffff'),
    text: read('--text', '#1b1f24'),
    muted: read('--muted', '#5b6470'),
    border: read('--border', '#d5dae1'),
    accent: read('--accent', '#1f5fa8'),
    accentSoft: read('--accent-soft', '#e3edf9'),
    focus: read('--focus', '#f0a500')
  };
}

/**
 * Calls `onChange` when the theme may have changed (OS scheme, or `data-theme`/`class` on <html>).
 * Returns the unsubscribe function.
 */
export function watchTheme(onChange: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme', 'class', 'style']
  });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}
