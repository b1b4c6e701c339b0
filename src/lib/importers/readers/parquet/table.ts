/**
 * Parquet tables through hyparquet (pure JavaScript, MIT; no WebAssembly, so the page's CSP stays
 * as it is). Importers import this module dynamically, so hyparquet loads only when a Parquet
 * file is read. Columns are read one row group at a time from a RandomAccess, so a 50 MB part is
 * never held whole; flat columns come back as arrays of numbers, strings and nulls (timestamps as
 * epoch milliseconds, decimals as doubles), never as an object per row.
 * Format: apache/parquet-format; hyparquet 1.33 (read 2026-11).
 */
import {
  parquetMetadata,
  parquetScan,
  parquetSchema,
  type AsyncBuffer,
  type DecodedArray,
  type FileMetaData,
  type SchemaTree
} from 'hyparquet';
import type { RandomAccess } from '../../source';

/** Codecs hyparquet decodes by itself; the others would need WebAssembly or more code. */
const READABLE_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY']);

/** Physical rows of one row group, half-open. */
export interface RowGroupRange {
  index: number;
  rowStart: number;
  rowEnd: number;
}

export interface ParquetTable {
  rows: number;
  groups: readonly RowGroupRange[];
  /** Top-level columns and their types as text (`string`, `decimal(18,6)`, `struct<path: string>`). */
  columns: ReadonlyMap<string, string>;
  /** The writer, as the file names it (`parquet-cpp-arrow version 26.0.1`). */
  createdBy: string | null;
  /**
   * One column of one row group. Flat columns: numbers, bigints (int64), strings, booleans or
   * null per row; nested ones (lists, structs) as plain values per row.
   */
  read(column: string, group: RowGroupRange): Promise<DecodedArray>;
}

/** A column's type as people write Arrow types. */
function typeText(node: SchemaTree): string {
  const e = node.element;
  const logical = e.logical_type;
  if (logical?.type === 'LIST' || e.converted_type === 'LIST') {
    const item = node.children[0]?.children[0] ?? node.children[0];
    return `list<${item ? typeText(item) : '?'}>`;
  }
  if (node.children.length > 0) {
    return `struct<${node.children.map((c) => `${c.element.name}: ${typeText(c)}`).join(', ')}>`;
  }
  if (logical?.type === 'STRING' || e.converted_type === 'UTF8') return 'string';
  if (logical?.type === 'DECIMAL') return `decimal(${logical.precision},${logical.scale})`;
  if (e.converted_type === 'DECIMAL') return `decimal(${e.precision ?? '?'},${e.scale ?? 0})`;
  if (logical?.type === 'TIMESTAMP') return `timestamp[${logical.unit.toLowerCase()}]`;
  if (e.converted_type === 'TIMESTAMP_MILLIS') return 'timestamp[millis]';
  if (e.converted_type === 'TIMESTAMP_MICROS') return 'timestamp[micros]';
  switch (e.type) {
    case 'BOOLEAN':
      return 'bool';
    case 'INT32':
      return 'int32';
    case 'INT64':
      return 'int64';
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    default:
      return (e.type ?? 'group').toLowerCase();
  }
}

/** hyparquet's view of a file: slices copied out of the random access (it keeps what it gets). */
function asyncBufferOf(access: RandomAccess, size: number): AsyncBuffer {
  return {
    byteLength: size,
    slice(start: number, end = size) {
      const bytes = access.read(start, end - start);
      return bytes.slice().buffer;
    }
  };
}

/** Whole epoch milliseconds, whatever the unit the writer chose. */
const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: (us: bigint) => Number(us / 1000n),
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000000n)
};

/**
 * Opens a Parquet file from its footer (`tail`, as footer.ts read it). Throws an Error saying what
 * is wrong (a footer that does not parse, a codec Runlens cannot decode); the importer names the
 * file.
 */
export async function openParquetTable(
  access: RandomAccess,
  size: number,
  tail: Uint8Array
): Promise<ParquetTable> {
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(tail.slice().buffer, { parsers: PARSERS });
  } catch (error) {
    throw new Error(
      `its footer does not parse (${error instanceof Error ? error.message : error})`,
      {
        cause: error
      }
    );
  }
  const codecs = new Set(
    metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? 'UNCOMPRESSED'))
  );
  const unreadable = [...codecs].filter((c) => !READABLE_CODECS.has(c));
  if (unreadable.length > 0) {
    throw new Error(
      `it is compressed with ${unreadable.join(', ')}; Runlens reads uncompressed and Snappy ` +
        'Parquet (the compression neptune-exporter and pyarrow use by default)'
    );
  }
  const schema = parquetSchema(metadata);
  const columns = new Map(schema.children.map((c) => [c.element.name, typeText(c)] as const));
  const groups: RowGroupRange[] = [];
  let row = 0;
  for (const [index, g] of metadata.row_groups.entries()) {
    const rows = Number(g.num_rows);
    groups.push({ index, rowStart: row, rowEnd: row + rows });
    row += rows;
  }
  const scan = await parquetScan({
    file: asyncBufferOf(access, size),
    metadata,
    parsers: PARSERS,
    // Offset indexes cost a read per column chunk and help only with row ranges, which we never ask.
    useOffsetIndex: false
  });
  return {
    rows: row,
    groups,
    columns,
    createdBy: metadata.created_by ?? null,
    read: async (column, group) =>
      group.rowEnd === group.rowStart
        ? []
        : scan.readColumn({ column, rowStart: group.rowStart, rowEnd: group.rowEnd })
  };
}
