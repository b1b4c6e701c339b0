/**
 * A results table as a LaTeX tabular with booktabs rules (\toprule, \midrule, \bottomrule; the
 * preamble needs \usepackage{booktabs}). Cells are `$mean \pm spread$ (n)` in math mode, the best
 * per column in bold, † after a cell that differs from the baseline. What the cells mean is in a
 * comment above the table, to move into the caption. Every name is escaped (format.ts).
 */
import { cellNumbers, describeCells, describeMarks, escapeLatex } from './format';
import type { ResultsCell, ResultsTable } from './types';

function latexCell(cell: ResultsCell, table: ResultsTable, decimals: number): string {
  const numbers = cellNumbers(cell, table, decimals);
  if (!numbers) return '--';
  const body = numbers.spread === null ? numbers.mean : `${numbers.mean} \\pm ${numbers.spread}`;
  const math = cell.best ? `\\mathbf{${body}}` : body;
  const mark = cell.test?.significant ? '^{\\dagger}' : '';
  return `$${math}${mark}$ (${cell.n})`;
}

export function resultsTableLatex(table: ResultsTable, decimals: number): string {
  const k = table.columns.length;
  const lines = [
    `% ${escapeLatex(describeCells(table))}`,
    `% ${escapeLatex(describeMarks(table))}`,
    `\\begin{tabular}{l${'c'.repeat(k)}}`,
    '\\toprule'
  ];
  if (table.columnHeader !== null && k > 0) {
    const metric = escapeLatex(table.columns[0]!.metric);
    lines.push(` & \\multicolumn{${k}}{c}{${metric} by ${escapeLatex(table.columnHeader)}} \\\\`);
    lines.push(`\\cmidrule(lr){2-${k + 1}}`);
  }
  const header = [table.rowHeader, ...table.columns.map((c) => c.label)].map(escapeLatex);
  lines.push(`${header.join(' & ')} \\\\`, '\\midrule');
  table.rows.forEach((row, r) => {
    const cells = table.cells[r]!.map((cell) => latexCell(cell, table, decimals));
    lines.push(`${[escapeLatex(row), ...cells].join(' & ')} \\\\`);
  });
  lines.push('\\bottomrule', '\\end{tabular}');
  return lines.join('\n') + '\n';
}
