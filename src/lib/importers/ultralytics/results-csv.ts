/**
 * Ultralytics `results.csv` (ultralytics/engine/trainer.py `save_metrics`, YOLOv5's train.py
 * before it; read 2026 in v5 7.0, 8.0 and 8.3): one row per epoch, `epoch` first, then the task's
 * columns (`train/box_loss`, `metrics/mAP50(B)`, `val/cls_loss`, `lr/pg0`; v5 `metrics/mAP_0.5`,
 * `x/lr0`; 8.1+ adds `time`, cumulative seconds). YOLOv5 and early v8 pad every header cell and
 * value with spaces to a fixed width. The epoch is the x axis as written: 0-based in v5 and 8.0,
 * 1-based since 8.1.
 */
import { parseNumberToken, type MetricSeries } from '../../model';
import { ImportError } from '../errors';
import { CsvError, csvHeader, parseCsv } from '../readers/csv';

const YOLO_COLUMN =
  /^(train|val)\/(box|cls|dfl|obj|seg|pose|kobj)_loss$|^(train|val)\/loss$|^metrics\/(mAP|precision|recall|accuracy_top)/;

/** Does this CSV head look like a YOLO results file (epoch plus a task column)? */
export function looksLikeYoloResults(head: string): boolean {
  const cells = csvHeader(head).map((c) => c.trim());
  return cells[0] === 'epoch' && cells.some((c) => YOLO_COLUMN.test(c));
}

export interface YoloResults {
  metrics: MetricSeries[];
  /** Each row's values by column name, for the status check (early stopping). */
  rows: Map<string, number>[];
}

/** Reads results.csv; throws ImportError naming the line and column of a bad cell. */
export function readYoloResults(file: string, text: string): YoloResults {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new ImportError(file, e.message);
    throw e;
  }
  const header = table.header.map((c) => c.trim().normalize('NFC'));
  if (header[0] !== 'epoch') throw new ImportError(file, 'line 1: the first column is not "epoch"');
  const columns = header.map((key, index) => ({ key, index })).filter((c) => c.index > 0 && c.key);
  const n = table.rows.length;
  const steps = new Float64Array(n);
  const values = columns.map(() => new Float64Array(n).fill(NaN));
  const rows: Map<string, number>[] = [];
  table.rows.forEach((row, r) => {
    const line = table.lines[r]!;
    if (row.length > header.length)
      throw new ImportError(file, `line ${line}: ${row.length} cells but ${header.length} columns`);
    const epoch = parseNumberToken(row[0] ?? '');
    if (epoch === undefined || !Number.isFinite(epoch))
      throw new ImportError(file, `line ${line}: epoch ${JSON.stringify(row[0])} is not a number`);
    steps[r] = epoch;
    const byName = new Map<string, number>();
    columns.forEach((c, i) => {
      const cell = (row[c.index] ?? '').trim();
      if (cell === '') return;
      const v = parseNumberToken(cell);
      if (v === undefined)
        throw new ImportError(
          file,
          `line ${line}, column "${c.key}": ${JSON.stringify(cell.slice(0, 40))} is not a number`
        );
      values[i]![r] = v;
      byName.set(c.key, v);
    });
    rows.push(byName);
  });
  const metrics = columns.map((c, i) => {
    // An empty cell is no point (not a NaN one): keep only the rows that have a value.
    const keep: number[] = [];
    const vs = values[i]!;
    for (let r = 0; r < n; r++) if (rows[r]!.has(c.key)) keep.push(r);
    return {
      key: c.key,
      steps: Float64Array.from(keep, (r) => steps[r]!),
      values: Float64Array.from(keep, (r) => vs[r]!),
      timestamps: new Float64Array(keep.length).fill(NaN)
    };
  });
  return { metrics: metrics.filter((m) => m.values.length > 0), rows };
}

/**
 * Ultralytics' fitness of one epoch (utils/metrics.py: 0.1·mAP50 + 0.9·mAP50-95 per box, mask
 * or pose set; the mean of top-1 and top-5 accuracy for classification), or null when the row
 * has none of those columns.
 */
export function fitnessOf(row: Map<string, number>): number | null {
  let total = 0;
  let found = false;
  for (const [at50, at95] of [
    ['metrics/mAP_0.5', 'metrics/mAP_0.5:0.95'],
    ['metrics/mAP50(B)', 'metrics/mAP50-95(B)'],
    ['metrics/mAP50(M)', 'metrics/mAP50-95(M)'],
    ['metrics/mAP50(P)', 'metrics/mAP50-95(P)']
  ] as const) {
    const a = row.get(at50);
    const b = row.get(at95);
    if (a !== undefined && b !== undefined) {
      total += 0.1 * a + 0.9 * b;
      found = true;
    }
  }
  const top1 = row.get('metrics/accuracy_top1');
  const top5 = row.get('metrics/accuracy_top5');
  if (top1 !== undefined && top5 !== undefined) {
    total += (top1 + top5) / 2;
    found = true;
  }
  return found ? total : null;
}
