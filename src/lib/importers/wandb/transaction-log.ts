/**
 * The `.wandb` transaction log's envelope (../shared/FORMATS.md §6, from wandb/wandb
 * core/internal/transactionlog and core/pkg/leveldb, read 2026-12): a 7-byte header `:W&B`,
 * the magic 0xBEE1 (little-endian) and version 0, then LevelDB-log chunks in 32 KiB blocks counted
 * from the start of the file, checksummed with plain CRC-32/IEEE over the type byte and the data
 * (W&B's change to LevelDB: no masking, not CRC-32C). Every record is a `wandb_internal.Record`.
 */
import { ImportError } from '../errors';
import { crc32 } from '../readers/crc32';
import { LevelDbLogReader } from '../readers/leveldb-log';

export const WANDB_HEADER_BYTES = 7;
const MAGIC = [0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe];
const VERSION = 0;

/** Does the file start with the `:W&B` header (or as much of it as the bytes hold)? */
export function startsWithWandbHeader(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  const n = Math.min(head.length, MAGIC.length);
  for (let i = 0; i < n; i++) if (head[i] !== MAGIC[i]) return false;
  return true;
}

/**
 * A reader over the records of one transaction log, or null when the bytes end inside the header
 * (a file cut off before its first record). Throws ImportError for a file that is not a W&B log
 * or is of a version Runlens does not know.
 */
export function openTransactionLog(bytes: Uint8Array, file: string): LevelDbLogReader | null {
  if (!startsWithWandbHeader(bytes)) {
    throw new ImportError(file, "is not a W&B transaction log (it does not start with ':W&B')");
  }
  if (bytes.length < WANDB_HEADER_BYTES) return null;
  const version = bytes[6]!;
  if (version !== VERSION) {
    throw new ImportError(
      file,
      `is a W&B transaction log of version ${version}; Runlens reads version ${VERSION}`
    );
  }
  return new LevelDbLogReader(bytes, WANDB_HEADER_BYTES, crc32);
}
