/**
 * Reads one `.wandb` transaction log into a RunLog: framing (transaction-log.ts), then each
 * record's protobuf (records.ts). What a person is told:
 * - a log that ends inside a record (the writer was stopped, or is still writing) gives every
 *   whole record before it, with a warning naming the byte offset;
 * - a damaged stretch (bad checksum, impossible chunk) is skipped to the next 32 KiB block, as
 *   LevelDB recovers, with a warning naming where: everything else in the file is still read;
 * - a record whose checksum holds but whose protobuf does not is skipped and counted.
 * A file that is not a W&B log at all throws ImportError (the run is left out, named).
 */
import type { ImportContext } from '../importer';
import { ProtoReader, ProtoWireError } from '../readers/protobuf-wire';
import { RecordDecoder } from './records';
import type { RunLog } from './run-log';
import { openTransactionLog } from './transaction-log';

/** Records between cancel checks and progress reports. */
const RECORDS_PER_CHECK = 4096;

export interface LogReading {
  /** Whole records read. */
  records: number;
  /** Where the cut-off last record began, or -1 when the file ends after a whole record. */
  truncatedAt: number;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Reads every whole record of `bytes` (the log `file`) into `log`. */
export function readTransactionLog(
  data: Uint8Array,
  file: string,
  log: RunLog,
  ctx: ImportContext,
  pointsBefore = 0
): LogReading {
  // A plain Uint8Array view: Node's Buffer makes every subarray a slower object.
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const reader = openTransactionLog(bytes, file);
  if (reader === null) {
    ctx.warn({ file, message: 'ends inside its 7-byte header: it holds no records' });
    return { records: 0, truncatedAt: 0 };
  }
  const decoder = new RecordDecoder(log, bytes);
  const fileReader = decoder.r;
  let joinedReader: ProtoReader | null = null;
  for (;;) {
    const step = reader.next();
    if (step !== 'record') break;
    const start = reader.recordStart;
    if (reader.recordIsStable) decoder.r = fileReader;
    else {
      // A record joined from chunks lives in the reader's buffer, which grows now and then.
      if (joinedReader === null || joinedReader.bytes !== reader.recordBytes)
        joinedReader = new ProtoReader(reader.recordBytes);
      decoder.r = joinedReader;
    }
    decoder.stable = reader.recordIsStable;
    try {
      decoder.record(start, reader.recordEnd);
    } catch (error) {
      if (!(error instanceof ProtoWireError)) throw error;
      if (log.badRecords++ === 0) log.firstBadRecordAt = reader.recordOffset;
    }
    if (reader.count % RECORDS_PER_CHECK === 0) {
      ctx.checkCancelled();
      ctx.reportPoints(pointsBefore + log.points);
    }
  }
  for (const d of reader.damage) {
    ctx.warn({
      file,
      message: `bytes ${d.offset.toLocaleString('en-US')} to ${d.resumedAt.toLocaleString('en-US')} were skipped: ${d.problem}; reading went on after them`
    });
  }
  if (log.badRecords > 0) {
    ctx.warn({
      file,
      message: `${count(log.badRecords, 'record')} skipped: not a valid W&B record although its checksum holds (the first at byte ${log.firstBadRecordAt.toLocaleString('en-US')})`
    });
  }
  if (reader.truncatedAt >= 0) {
    log.truncated = true;
    ctx.warn({
      file,
      message: `ends in a cut-off record at byte ${reader.truncatedAt.toLocaleString('en-US')} (the run was stopped, or was still writing); the ${count(reader.count, 'record')} before it were read`
    });
  }
  return { records: reader.count, truncatedAt: reader.truncatedAt };
}
