/**
 * Exports of a comparison chart: the data it draws as CSV (raw and smoothed, after reduction)
 * and the chart as a standalone SVG. Labels come from imported files: the CSV writer neutralises
 * formulas and the SVG escapes markup.
 */
import uPlot from 'uplot';
import { toCsv, type CsvCell } from '../export/csv-writer';
import type { DrawnFrame, SeriesSlot } from './compare-chart-options';
import { formatTicks } from './axis-format';
import { escapeXml } from './escape-xml';

const ROLE_SUFFIX: Record<SeriesSlot['role'], string> = {
  raw: '',
  smoothed: ' (smoothed)',
  center: '',
  lo: ' (band low)',
  hi: ' (band high)'
};

/** The chart's data: x, then one column per drawn series, then n per group. */
export function frameCsv(frame: DrawnFrame, slots: SeriesSlot[], xLabel: string): string {
  const columns: { name: string; values: (number | null)[] }[] = [];
  for (const slot of slots) {
    const { line, role } = slot;
    const values =
      role === 'lo'
        ? line.lo!
        : role === 'hi'
          ? line.hi!
          : role === 'smoothed'
            ? line.smoothed!
            : line.raw;
    columns.push({ name: `${line.label}${ROLE_SUFFIX[role]}`, values });
    // A smoothed run line was drawn with its raw line hidden: the raw values still belong here.
    if (role === 'smoothed' && !slots.some((s) => s.line === line && s.role === 'raw')) {
      const name = line.kind === 'group' ? `${line.label} (unsmoothed)` : line.label;
      columns.push({ name, values: line.raw });
    }
  }
  for (const line of frame.lines) {
    if (line.n) columns.push({ name: `${line.label} (n)`, values: line.n });
  }
  const rows: CsvCell[][] = frame.x.map((x, i) => [x, ...columns.map((c) => c.values[i] ?? null)]);
  return toCsv([xLabel, ...columns.map((c) => c.name)], rows);
}

/** Evenly spaced tick values in [min, max] (decades on a log scale). */
function ticksOf(min: number, max: number, log: boolean): { values: number[]; step: number } {
  if (log && min > 0) {
    const values: number[] = [];
    for (let e = Math.ceil(Math.log10(min)); e <= Math.floor(Math.log10(max)); e++) {
      values.push(10 ** e);
    }
    return { values, step: values[0] ?? min };
  }
  const raw = (max - min) / 5 || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const values: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) values.push(v);
  return { values, step };
}

/** The chart as SVG, drawn from the same scales as the canvas. */
export function chartSvg(
  u: uPlot,
  frame: DrawnFrame,
  slots: SeriesSlot[],
  colorOf: (slot: SeriesSlot) => string,
  look: { title: string; text: string; grid: string; background: string }
): string {
  const ratio = uPlot.pxRatio;
  const left = u.bbox.left / ratio;
  const top = u.bbox.top / ratio;
  const width = u.bbox.width / ratio;
  const height = u.bbox.height / ratio;
  const totalWidth = left + width + 16;
  const totalHeight = top + height + 40;
  const xPos = (v: number) => left + u.valToPos(v, 'x');
  const yPos = (v: number) => top + u.valToPos(v, 'y');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight + 20}" viewBox="0 -20 ${totalWidth} ${totalHeight + 20}" font-family="sans-serif" font-size="11">`,
    `<rect x="0" y="-20" width="${totalWidth}" height="${totalHeight + 20}" fill="${look.background}"/>`,
    `<text x="${left}" y="-6" fill="${look.text}" font-size="13">${escapeXml(look.title)}</text>`
  ];
  const xScale = u.scales.x!;
  const yScale = u.scales.y!;
  const xTicks = ticksOf(xScale.min!, xScale.max!, xScale.distr === 3);
  const yTicks = ticksOf(yScale.min!, yScale.max!, yScale.distr === 3);
  formatTicks(xTicks.values, xTicks.step).forEach((label, i) => {
    const x = xPos(xTicks.values[i]!);
    parts.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + height}" stroke="${look.grid}"/>`,
      `<text x="${x}" y="${top + height + 14}" text-anchor="middle" fill="${look.text}">${escapeXml(label)}</text>`
    );
  });
  formatTicks(yTicks.values, yTicks.step).forEach((label, i) => {
    const y = yPos(yTicks.values[i]!);
    parts.push(
      `<line x1="${left}" y1="${y}" x2="${left + width}" y2="${y}" stroke="${look.grid}"/>`,
      `<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="${look.text}">${escapeXml(label)}</text>`
    );
  });
  parts.push(`<g clip-path="url(#plot)">`);
  parts.push(
    `<clipPath id="plot"><rect x="${left}" y="${top}" width="${width}" height="${height}"/></clipPath>`
  );
  const valuesOf = (slot: SeriesSlot) =>
    slot.role === 'lo'
      ? slot.line.lo!
      : slot.role === 'hi'
        ? slot.line.hi!
        : slot.role === 'smoothed'
          ? slot.line.smoothed!
          : slot.line.raw;
  for (const [index, slot] of slots.entries()) {
    if (slot.role === 'hi') continue;
    const values = valuesOf(slot);
    const color = colorOf(slot);
    if (slot.role === 'lo') {
      const hi = slot.line.hi!;
      const upper: string[] = [];
      const lower: string[] = [];
      frame.x.forEach((x, i) => {
        if (values[i] == null || hi[i] == null) return;
        upper.push(`${xPos(x).toFixed(1)},${yPos(hi[i]!).toFixed(1)}`);
        lower.unshift(`${xPos(x).toFixed(1)},${yPos(values[i]!).toFixed(1)}`);
      });
      if (upper.length > 0) {
        parts.push(
          `<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.18"/>`
        );
      }
      continue;
    }
    const points: string[] = [];
    frame.x.forEach((x, i) => {
      const v = values[i];
      if (v != null) points.push(`${xPos(x).toFixed(1)},${yPos(v).toFixed(1)}`);
    });
    const faint = slot.role === 'raw' && slot.line.smoothed !== null;
    // The width and dash the chart drew (the baseline wider, an overlaid metric dashed).
    const drawn = u.series[index + 1];
    const strokeWidth = drawn?.width ?? (slot.line.kind === 'group' ? 2 : 1.25);
    const dash = drawn?.dash?.length ? ` stroke-dasharray="${drawn.dash.join(' ')}"` : '';
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-opacity="${faint ? 0.25 : 1}" stroke-width="${strokeWidth}"${dash} points="${points.join(' ')}"><title>${escapeXml(slot.line.label)}</title></polyline>`
    );
  }
  parts.push('</g>');
  parts.push(
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="${look.grid}"/>`,
    `<text x="${left}" y="${top + height + 32}" fill="${look.text}">${escapeXml(frame.note)}</text>`,
    '</svg>'
  );
  return parts.join('\n');
}
