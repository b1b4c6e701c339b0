/**
 * Text shared by the on-screen table and its exports: numbers at a fixed number of decimals,
 * the words that say what a cell holds, and the escapes that keep names from files (hostile:
 * any character can be in a param value) inert in LaTeX and Markdown.
 */
import type { ResultsCell, ResultsTable, RunValueChoice } from './types';
import { SIGNIFICANCE_LEVEL } from './types';

/** Decimals shown when the person has not chosen. */
export const DEFAULT_DECIMALS = 3;

export const VALUE_WORDS: Record<RunValueChoice, string> = {
  final: 'final value',
  best: 'best value',
  min: 'minimum',
  max: 'maximum'
};

/** A number at `decimals` places; "−0.000" is written without its sign. */
export function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** The spread a cell shows: its std or its 95 % half-width. */
export function cellSpread(cell: ResultsCell, table: Pick<ResultsTable, 'spread'>): number {
  return table.spread === 'std' ? cell.std : cell.ci95;
}

/** "0.912 ± 0.004", or "0.912" for a single run, or null for an empty cell. */
export function cellNumbers(
  cell: ResultsCell,
  table: Pick<ResultsTable, 'spread'>,
  decimals: number
): { mean: string; spread: string | null } | null {
  if (cell.n === 0 || !Number.isFinite(cell.mean)) return null;
  const spread = cellSpread(cell, table);
  return {
    mean: fixed(cell.mean, decimals),
    spread: Number.isFinite(spread) ? fixed(spread, decimals) : null
  };
}

/** What every cell holds, in one sentence (the exports' caption, the page's note). */
export function describeCells(table: ResultsTable): string {
  const spread =
    table.spread === 'std'
      ? 'mean ± sample standard deviation (n − 1)'
      : 'mean ± half-width of the 95% confidence interval (Student t, n − 1 df)';
  return `Each cell: ${spread} over the runs in the cell, n = number of runs; one ${VALUE_WORDS[table.value]} per run.`;
}

/** The marks' meaning. */
export function describeMarks(table: ResultsTable): string {
  const best = 'Bold: best mean in its column (by the metric’s direction).';
  if (table.baseline === null) return best;
  return `${best} †: differs from the baseline row “${table.baseline}” (Welch’s t-test, two-sided, p < ${SIGNIFICANCE_LEVEL}).`;
}

/** Line breaks and other control characters: a space in a one-line format. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;

const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}'
};

/** Text as LaTeX that prints it literally: the ten special characters escaped, one line. */
export function escapeLatex(text: string): string {
  return text.replace(CONTROL, ' ').replace(/[\\&%$#_{}~^]/g, (c) => LATEX_SPECIAL[c]!);
}

/**
 * Text as a Markdown table cell that prints it literally: CommonMark's backslash escape before
 * the characters that would format, link, open HTML or end the cell; one line.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(CONTROL, ' ').replace(/[\\`*_{}[\]<>|~#!&]/g, (c) => `\\${c}`);
}
