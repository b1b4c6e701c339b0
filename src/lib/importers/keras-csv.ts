/**
 * Keras training histories as CSV, in the shapes found in real projects (SOURCES.md §12, 2026):
 *
 * 1. `keras.callbacks.CSVLogger` (keras/src/callbacks/csv_logger.py, Keras 1 to 3): `epoch` first,
 *    then the logged keys sorted (`acc`/`accuracy`, `loss`, `lr`/`learning_rate`, `val_*` as Keras
 *    names them); a key missing from an epoch's logs is written `NA`. `append=True` adds rows without
 *    a second header, so epochs may start again from 0.
 * 2. `pandas.DataFrame(history.history).to_csv(path)`: an unnamed index column first (0, 1, 2, …),
 *    the keys in fit order; a NaN is an empty cell.
 * 3. The same with `index=False`: no x column at all, so the row order is the epoch.
 *
 * The x is the `epoch` column when there is one, else the index column, else the row number, all
 * 0-based as Keras counts epochs. Every other column is a metric under the name Keras gave it.
 * Known by the header, never the file name (`training.log`, `history.csv`, anything): a `loss`
 * column, every name a plain identifier (no `/` as in Ultralytics' `train/box_loss`, no padding as
 * in YOLOv5's), no `step` (Lightning's), no `run_id` (MLflow's), and numbers in the first row.
 * The delimiter is `,` unless the header is split by `;` or a tab (CSVLogger's `separator`).
 *
 * Naming: the experiment is the folder the file sits in, the run the file (`training.log`); a file
 * dropped on its own is run "." of an experiment named after the file, as a lone TensorBoard event
 * file is, so a renamed file imports the same.
 */
import { parseNumberToken, type ImportedBatch } from '../model';
import { ImportError } from './errors';
import { nameOf, parentOf } from './file-tree';
import type { ImportContext, Importer } from './importer';
import { CsvError, parseCsv, type CsvTable } from './readers/csv';
import { placeOf, readSeriesColumns, type SeriesColumns } from './readers/csv-series';
import type { ImportSource } from './source';

export const KERAS_CSV_ID = 'keras-csv';

/** Below Runlens's own formats and MLflow's CSV (1): the header is a guess, not a marker. */
const CONFIDENCE = 0.5;

/** How CSVLogger spells "not logged this epoch"; pandas leaves the cell empty. */
const MISSING: ReadonlySet<string> = new Set(['NA']);

/** A Keras metric name: what `Model.compile` and `val_` make of a metric's name. */
const KERAS_NAME = /^[A-Za-z_]\w*$/;

/** Columns that belong to other CSV formats with a loss column. */
const FOREIGN = new Set(['step', 'run_id', 'experiment_id']);

/** Where the x is and which columns are metrics, from the header; null when it is not Keras's. */
function layoutOf(header: readonly string[]): SeriesColumns | null {
  const indexed = header[0] === '';
  const names = indexed ? header.slice(1) : header;
  if (!names.includes('loss') && !names.includes('val_loss')) return null;
  if (!names.every((n) => KERAS_NAME.test(n) && !FOREIGN.has(n))) return null;
  const epoch = header.indexOf('epoch');
  const x = epoch >= 0 ? epoch : indexed ? 0 : null;
  const metrics = header.map((_, c) => c).filter((c) => c !== x && !(indexed && c === 0));
  return { x, metrics, missing: MISSING };
}

/** The delimiter that splits the header line into a Keras header, if any. */
function delimiterOf(headText: string): string | null {
  const line = headText.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
  for (const d of [',', ';', '\t']) {
    try {
      const header = parseCsv(line, { delimiter: d, maxRecords: 1, partial: true }).header;
      if (header.length > 1 || d === ',') {
        if (layoutOf(header)) return d;
      }
    } catch {
      // not this delimiter
    }
  }
  return null;
}

/** Is every cell of the first row a number or empty (what Keras writes)? */
function firstRowIsNumbers(headText: string, delimiter: string): boolean {
  const table = parseCsv(headText, { delimiter, maxRecords: 2, partial: true });
  const row = table.rows[0];
  if (!row) return true; // a header alone: the run had not finished an epoch
  // A list is a per-class metric (`"[0.5, 0.7]"`); it is left out later, with a warning.
  const kerasCell = (cell: string) =>
    cell === '' ||
    MISSING.has(cell) ||
    parseNumberToken(cell) !== undefined ||
    /^\[.*\]$/s.test(cell);
  return row.every(kerasCell);
}

function readTable(path: string, text: string, delimiter: string): CsvTable {
  try {
    return parseCsv(text, { delimiter });
  } catch (e) {
    throw e instanceof CsvError ? new ImportError(path, e.message) : e;
  }
}

export const kerasCsvImporter: Importer = {
  id: KERAS_CSV_ID,
  label: 'Keras CSV logs',
  extensions: ['.csv', '.log'],

  async sniff(source: ImportSource) {
    const head = await source.headText();
    const delimiter = delimiterOf(head);
    if (delimiter === null) return null;
    return firstRowIsNumbers(head, delimiter) ? CONFIDENCE : null;
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const text = await source.text();
    const delimiter = delimiterOf(text.slice(0, 64 * 1024));
    const table = readTable(source.path, text, delimiter ?? ',');
    const layout = layoutOf(table.header);
    if (delimiter === null || !layout) {
      throw new ImportError(
        source.path,
        `${placeOf(table, -1)}: the header is not a Keras history (a loss column, names such as val_accuracy, optionally epoch first)`
      );
    }
    const metrics = readSeriesColumns(source.path, table, layout, ctx);
    const folder = parentOf(source.path);
    const experimentId = folder === '' ? source.path : folder;
    const runId = folder === '' ? '.' : nameOf(source.path);
    return {
      experiments: [
        { id: experimentId, name: nameOf(experimentId), deleted: false, tags: new Map() }
      ],
      runs: [
        {
          id: runId,
          experimentId,
          name: runId,
          // Keras writes neither times nor how training ended.
          status: 'FINISHED',
          startTime: null,
          endTime: null,
          deleted: false,
          parentId: null,
          params: new Map(),
          tags: new Map(),
          metrics,
          artifacts: [],
          source: { format: KERAS_CSV_ID, file: source.path }
        }
      ]
    };
  }
};
