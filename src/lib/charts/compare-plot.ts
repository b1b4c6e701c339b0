import uPlot from 'uplot';
import { chartSvg } from './compare-chart-export';
import { downloadBlob, downloadCanvasPng, safeFileName } from './download';
import {
  alignedData,
  chartOptions,
  focusSlot,
  seriesSlots,
  structureKey,
  type ChartLook,
  type DrawnFrame,
  type DrawnLine,
  type SeriesSlot
} from './compare-chart-options';

/** What the plot tells the chart component as the person points, drags and reads axes. */
export interface PlotEvents {
  /** A drag across the plot: the x range to zoom into. */
  select: (range: [number, number]) => void;
  cursor: (index: number | null, left: number) => void;
  /** The line under the pointer (its run's key), or null when it leaves every line. */
  focus: (lineId: string | null) => void;
  /** Each axis's labels as drawn (they live on the canvas; browser tests read them). */
  labels: (axis: 'x' | 'y', text: string) => void;
}

/** The look of one draw: ChartLook without the theme colours, which the plot reads itself. */
export type DrawLook = Omit<ChartLook, 'colors' | 'text' | 'grid'>;

/**
 * The uPlot chart of one comparison panel: it is rebuilt only when the series' structure or look
 * changes and is otherwise given new data, which a smoothing change on a grid of 30 panels needs
 * (bench scenario 19). The theme's colours are read only on a rebuild: getComputedStyle makes the
 * browser bring every style up to date first.
 */
export class ComparePlot {
  #chart: uPlot | undefined;
  #builtKey = '';
  #slots: SeriesSlot[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly events: PlotEvents,
    private readonly ranges: { x: () => [number, number] | null; y: () => [number, number] | null }
  ) {}

  /** The series drawn, in order (the CSV and SVG exports and the tooltip follow them). */
  get slots(): SeriesSlot[] {
    return this.#slots;
  }
  get uplot(): uPlot | undefined {
    return this.#chart;
  }

  /** Draws a frame, each line in `colors[index]` (its index in the frame's lines). */
  draw(frame: DrawnFrame, colors: readonly string[], look: DrawLook): void {
    const slots = seriesSlots(frame, look.showRaw);
    this.#slots = slots;
    const full: ChartLook = {
      ...look,
      colors: (_line: DrawnLine, index: number) => colors[index] ?? '#888',
      text: '',
      grid: ''
    };
    const key = `${structureKey(slots, full)}/${frame.yRobust !== null}/${colors.join()}`;
    const data = alignedData(frame, slots);
    if (this.#chart && key === this.#builtKey) {
      this.#chart.setData(data, true);
      return;
    }
    this.#chart?.destroy();
    this.#builtKey = key;
    full.text = this.themeColor('--muted');
    full.grid = this.themeColor('--border');
    const events = this.events;
    this.#chart = new uPlot(
      chartOptions(
        slots,
        full,
        {
          setSelect: [
            (u) => {
              if (u.select.width < 4) return;
              const lo = u.posToVal(u.select.left, 'x');
              const hi = u.posToVal(u.select.left + u.select.width, 'x');
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              events.select([lo, hi]);
            }
          ],
          setCursor: [(u) => events.cursor(u.cursor.idx ?? null, u.cursor.left ?? 0)],
          setSeries: [
            (_u, index, opts) => {
              // Only the pointer's own focus changes are told; `focus()` below sets it quietly.
              if ((opts as { focus?: boolean }).focus === undefined) return;
              const line = index === null ? undefined : this.#slots[index - 1]?.line;
              events.focus(line ? (line.source ?? line.id) : null);
            }
          ]
        },
        this.ranges,
        (axis, labels) => events.labels(axis, labels.filter(Boolean).join(' | '))
      ),
      data,
      this.host
    );
  }

  setSize(width: number, height: number): void {
    this.#chart?.setSize({ width, height });
  }

  /** Focuses a line highlighted elsewhere (another chart, a legend) without telling `focus`. */
  focus(lineId: string | null): void {
    if (!this.#chart) return;
    const index = lineId === null ? -1 : focusSlot(this.#slots, lineId);
    this.#chart.setSeries(index < 0 ? null : index + 1, { focus: true }, false);
  }

  /** A theme colour from the page's CSS variables (exports and rebuilds). */
  themeColor(name: string): string {
    return getComputedStyle(this.host).getPropertyValue(name).trim() || '#888';
  }

  /** Downloads the chart as an SVG of its lines and axes, in the page's theme. */
  downloadSvg(frame: DrawnFrame, colorOf: (slot: SeriesSlot) => string, title: string): void {
    if (!this.#chart) return;
    const svg = chartSvg(this.#chart, frame, this.#slots, colorOf, {
      title,
      text: this.themeColor('--text'),
      grid: this.themeColor('--border'),
      background: this.themeColor('--bg')
    });
    downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), safeFileName(title, 'svg'));
  }

  /** Downloads the canvas as a PNG on the page's background. */
  downloadPng(title: string): void {
    if (!this.#chart) return;
    const canvas = this.#chart.ctx.canvas;
    downloadCanvasPng(canvas, this.themeColor('--bg'), safeFileName(title, 'png'));
  }

  destroy(): void {
    this.#chart?.destroy();
    this.#chart = undefined;
  }
}
