/**
 * What was appended to a followed file since the last whole record read: TensorBoard event files
 * (TFRecord framing), MLflow `metrics/<key>` lines and Lightning `metrics.csv` rows. Each reader
 * takes the bytes from the last offset to the end and says how far it read whole records; a record
 * still being written is left for the next poll. Pure: the same importer code reads the tail.
 */
import type { MetricSeries } from '../model';
import type { ImportContext } from '../importers/importer';
import { parseMlflowMetricFile } from '../importers/mlflow-filestore/run-files';
import { readLightningMetrics } from '../importers/lightning-csv/metrics-csv';
import { readEventFile } from '../importers/tensorboard/event-file';
import { RunBuilder } from '../importers/tensorboard/run-builder';
import { TagTable } from '../importers/tensorboard/tag-table';
import { TfRecordReader } from '../importers/readers/tfrecord';

/** Points read from a tail, and where the next read starts (relative to the tail's start). */
export interface TailRead {
  metrics: MetricSeries[];
  /** Bytes of whole records read: the next poll starts this far after the old offset. */
  consumed: number;
  /** Latest wall time seen (epoch ms), or null: a TensorBoard run's end time moves with it. */
  lastTime: number | null;
  /**
   * The tail holds what an append cannot store (images, texts, hparams, a broken record), so the
   * file must be read again whole through the import pipeline.
   */
  reread: string | null;
}

const quietContext = (warnings: string[]): ImportContext => ({
  checkCancelled: () => {},
  reportPoints: () => {},
  warn: (w) => warnings.push(w.message),
  skip: () => {}
});

/** End of the last whole TFRecord in `bytes` (a cut-off record at the end is not counted). */
export function wholeRecordsEnd(bytes: Uint8Array): number {
  const reader = new TfRecordReader(bytes);
  let end = 0;
  for (;;) {
    const step = reader.next();
    if (step !== 'record') return step === 'end' ? bytes.length : end;
    end = reader.dataEnd + 4;
  }
}

/** End of the last whole line (after its newline), 0 when there is none. */
export function wholeLinesEnd(bytes: Uint8Array): number {
  return bytes.lastIndexOf(0x0a) + 1;
}

/** The scalar points of the whole records of an event file's tail (`prefix`: `validation/`…). */
export function readEventTail(tail: Uint8Array, path: string, prefix: string): TailRead {
  const consumed = wholeRecordsEnd(tail);
  const run = new RunBuilder();
  const warnings: string[] = [];
  try {
    readEventFile(
      tail.subarray(0, consumed),
      path,
      { run, tags: new TagTable(), prefix },
      quietContext(warnings)
    );
  } catch (error) {
    return { metrics: [], consumed: 0, lastTime: null, reread: String(error) };
  }
  const built = run.build({ id: '.', experimentId: '.', name: '.', format: '', file: path }, null);
  const extra =
    built.artifacts.length > 0
      ? 'images were logged'
      : built.tags.size > 0
        ? 'texts were logged'
        : built.params.size > 0
          ? 'hparams were logged'
          : (warnings.find((w) => w.includes('checksum')) ?? null);
  return {
    metrics: built.metrics,
    consumed,
    lastTime: built.endTime,
    reread: extra
  };
}

const utf8 = new TextDecoder('utf-8');

/** New lines of an MLflow `metrics/<key>` file. */
export function readMetricLinesTail(tail: Uint8Array, path: string, key: string): TailRead {
  const consumed = wholeLinesEnd(tail);
  try {
    const series = parseMlflowMetricFile(path, key, utf8.decode(tail.subarray(0, consumed)));
    return {
      metrics: series.values.length > 0 ? [series] : [],
      consumed,
      lastTime: null,
      reread: null
    };
  } catch (error) {
    return { metrics: [], consumed: 0, lastTime: null, reread: String(error) };
  }
}

/** New rows of a Lightning `metrics.csv`, read under the header the file started with. */
export function readCsvRowsTail(tail: Uint8Array, path: string, header: string): TailRead {
  const consumed = wholeLinesEnd(tail);
  const warnings: string[] = [];
  try {
    const text = `${header}\n${utf8.decode(tail.subarray(0, consumed))}`;
    const metrics = readLightningMetrics(path, text, quietContext(warnings));
    return {
      metrics: metrics.filter((m) => m.values.length > 0),
      consumed,
      lastTime: null,
      reread: null
    };
  } catch (error) {
    return { metrics: [], consumed: 0, lastTime: null, reread: String(error) };
  }
}

/** The first line of a CSV file (its header), without the line break; null when not whole yet. */
export function csvHeaderLine(bytes: Uint8Array): string | null {
  const end = bytes.indexOf(0x0a);
  if (end < 0) return null;
  return utf8.decode(bytes.subarray(0, end)).replace(/\r$/, '');
}
