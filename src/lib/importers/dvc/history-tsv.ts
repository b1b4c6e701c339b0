/**
 * One dvclive metric history (`Metric.dump` in dvclive/plots/metric.py, read 2026-11): a TSV
 * written by Python's csv.DictWriter, header `step<TAB><name>` or, with timestamps (always in
 * dvclive 0.x), `timestamp<TAB>step<TAB><name>`; the value column is named by the metric's last
 * path part (1.x+) or its full name (0.x). Timestamps are epoch milliseconds. Lines end `\r\n` on
 * Windows. A resumed run appends rows without a new header. Values may be `nan`, `inf`, `-inf` or
 * any text (`log_metric` accepts strings): text rows are left out and counted.
 */
import type { MetricSeries } from '../../model';
import { parseNumberToken } from '../../model';
import { ImportError } from '../errors';
import { CsvError, parseCsv } from '../readers/csv';

/** The cells of a dvclive history header, or null when the first line is not one. */
export function historyHeader(firstLine: string): { value: string; timestamps: boolean } | null {
  const cells = firstLine.replace(/\r?\n?$/, '').split('\t');
  if (cells.length === 2 && cells[0] === 'step' && cells[1] !== '') {
    return { value: cells[1]!, timestamps: false };
  }
  if (cells.length === 3 && cells[0] === 'timestamp' && cells[1] === 'step' && cells[2] !== '') {
    return { value: cells[2]!, timestamps: true };
  }
  return null;
}

export interface History {
  series: MetricSeries;
  /** Rows whose value is text, not a number: dvclive writes what it was given. */
  textRows: number;
}

/** Reads one history under the metric name `key`; throws ImportError naming the line. */
export function readHistoryTsv(file: string, text: string, key: string): History {
  let table;
  try {
    table = parseCsv(text, { delimiter: '\t' });
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError(file, error.message);
    throw error;
  }
  const header = historyHeader(table.header.join('\t'));
  if (!header) {
    throw new ImportError(
      file,
      `line ${table.headerLine}: not a dvclive history header (want step and a value column)`
    );
  }
  const width = header.timestamps ? 3 : 2;
  const n = table.rows.length;
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const timestamps = new Float64Array(n).fill(NaN);
  let kept = 0;
  let textRows = 0;
  for (let i = 0; i < n; i++) {
    const row = table.rows[i]!;
    const line = table.lines[i]!;
    if (row.length !== width) {
      throw new ImportError(file, `line ${line}: ${row.length} fields, the header has ${width}`);
    }
    const step = parseNumberToken(row[width - 2]!);
    if (step === undefined || !Number.isFinite(step)) {
      throw new ImportError(
        file,
        `line ${line}: step ${JSON.stringify(row[width - 2])} is not a number`
      );
    }
    const value = parseNumberToken(row[width - 1]!);
    if (value === undefined) {
      textRows++;
      continue;
    }
    if (header.timestamps) {
      const t = parseNumberToken(row[0]!);
      if (t === undefined) {
        throw new ImportError(
          file,
          `line ${line}: timestamp ${JSON.stringify(row[0])} is not a number`
        );
      }
      timestamps[kept] = t;
    }
    steps[kept] = step;
    values[kept] = value;
    kept++;
  }
  return {
    series: {
      key,
      steps: steps.slice(0, kept),
      values: values.slice(0, kept),
      timestamps: timestamps.slice(0, kept)
    },
    textRows
  };
}
