/**
 * The W&B web UI's two CSV exports, told apart by the header (never the file name, which is
 * `wandb_export_<time>.csv` for both): a runs table (runs-table.ts) and a line chart's data
 * (chart.ts). Neither format is in W&B's open source (../../../../docs/wandb.md); both readings
 * come from real exports (tests/fixtures/real/wandb, SOURCES.md §5).
 */
import type { ImportedBatch } from '../../model';
import { ImportError } from '../errors';
import type { ImportContext, Importer } from '../importer';
import { CsvError, csvHeader, parseCsv, type CsvTable } from '../readers/csv';
import type { ImportSource } from '../source';
import { isChartExport, readChart } from './chart';
import { WANDB_CSV_ID, isRunsTable, readRunsTable } from './runs-table';

/** FNV-1a over the text: a short, stable name for the file's content. */
function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

export const wandbCsvImporter: Importer = {
  id: WANDB_CSV_ID,
  label: 'W&B CSV export',
  extensions: ['.csv'],

  async sniff(source: ImportSource) {
    const header = csvHeader(await source.headText());
    // Below MLflow's CSV (1), whose headers are marked; above Keras's guess (0.5).
    return isRunsTable(header) || isChartExport(header) ? 0.9 : null;
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const text = await source.text();
    let table: CsvTable;
    try {
      table = parseCsv(text);
    } catch (e) {
      throw e instanceof CsvError ? new ImportError(source.path, e.message) : e;
    }
    const hash = contentHash(text);
    if (isRunsTable(table.header)) return readRunsTable(source.path, table, hash, ctx);
    if (isChartExport(table.header)) return readChart(source.path, table, hash, ctx);
    throw new ImportError(
      source.path,
      `line ${table.headerLine}: the header is neither a W&B runs table (Name, Created, Runtime or State, …) nor a chart export (an x column, then "<run> - <metric>" columns)`
    );
  }
};
