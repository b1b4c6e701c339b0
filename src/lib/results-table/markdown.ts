/**
 * A results table as a GitHub-flavoured Markdown table: `mean ± spread (n=3)`, the best per
 * column in bold, † after a cell that differs from the baseline, and what the cells mean in a
 * paragraph below. Every name is escaped (format.ts).
 */
import { cellNumbers, describeCells, describeMarks, escapeMarkdown } from './format';
import type { ResultsCell, ResultsTable } from './types';

function markdownCell(cell: ResultsCell, table: ResultsTable, decimals: number): string {
  const numbers = cellNumbers(cell, table, decimals);
  if (!numbers) return '—';
  const body = numbers.spread === null ? numbers.mean : `${numbers.mean} ± ${numbers.spread}`;
  const shown = cell.best ? `**${body}**` : body;
  return `${shown}${cell.test?.significant ? ' †' : ''} (n=${cell.n})`;
}

export function resultsTableMarkdown(table: ResultsTable, decimals: number): string {
  const rowHeader =
    table.columnHeader === null
      ? table.rowHeader
      : `${table.rowHeader} / ${table.columnHeader} (${table.columns[0]?.metric ?? ''})`;
  const header = [rowHeader, ...table.columns.map((c) => c.label)].map(escapeMarkdown);
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${[':---', ...table.columns.map(() => '---:')].join(' | ')} |`
  ];
  table.rows.forEach((row, r) => {
    const cells = table.cells[r]!.map((cell) => markdownCell(cell, table, decimals));
    lines.push(`| ${[escapeMarkdown(row), ...cells].join(' | ')} |`);
  });
  lines.push('', escapeMarkdown(`${describeCells(table)} ${describeMarks(table)}`));
  return lines.join('\n') + '\n';
}
