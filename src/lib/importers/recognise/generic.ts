/**
 * The last word on a file no importer read and no format recogniser named: empty, plain data
 * (JSON, JSON Lines, YAML, CSV, TSV, Parquet) in which no importer found runs, other text, or
 * unknown.
 */
import {
  EMPTY_FILE,
  extOf,
  headerCells,
  startsWith,
  type FileFacts,
  type Recognition,
  type Recogniser
} from './recogniser';

/** Plain data, told by content first (a JSON document, JSON lines, a header row), then by name. */
function plainData(f: FileFacts): Recognition | null {
  if (f.size === 0) return EMPTY_FILE;
  if (f.text === null) return null;
  const ext = extOf(f.name);
  const start = f.text.replace(/^\uFEFF/, '').trimStart();
  const lines = start.split('\n', 3).filter((l) => l.trim() !== '');
  if (
    ext === '.jsonl' ||
    ext === '.ndjson' ||
    (lines.length > 1 && lines.every((l) => /^\{.*\}\s*$/.test(l)))
  )
    return { format: 'JSON Lines file', verdict: 'no-runs' };
  if (ext === '.json' || start.startsWith('{') || start.startsWith('['))
    return { format: 'JSON file', verdict: 'no-runs' };
  if (ext === '.yaml' || ext === '.yml') return { format: 'YAML file', verdict: 'no-runs' };
  const header = headerCells(f.text);
  if (ext === '.tsv' || (header?.delimiter === '\t' && header.cells.length > 1))
    return { format: 'TSV file', verdict: 'no-runs' };
  if (ext === '.csv') return { format: 'CSV file', verdict: 'no-runs' };
  return null;
}

/**
 * A Parquet table (`PAR1` first) that no importer read: neptune-exporter's files are read by
 * neptune/, any other table (a dataframe dump, a dataset) holds no runs Runlens recognises.
 */
function parquetTable(f: FileFacts): Recognition | null {
  return startsWith(f.head, 'PAR1') ? { format: 'Parquet file', verdict: 'no-runs' } : null;
}

/** Text that is none of the above: notes, settings, logs without an extension. */
function otherText(f: FileFacts): Recognition | null {
  return f.text !== null ? { format: 'text file', verdict: 'not-run-data' } : null;
}

/** Generic kinds, after every named format. */
export const GENERIC_RECOGNISERS: readonly Recogniser[] = [
  { id: 'plain-data', recognise: plainData },
  { id: 'parquet', recognise: parquetTable },
  { id: 'other-text', recognise: otherText }
];
