/**
 * Reads one neptune-exporter Parquet file into ExportRows, a row group at a time. Only the value
 * columns of the attribute types present in a row group are decoded: a row group of metric points
 * never decodes the histogram or file columns. The Parquet reader is loaded here, on first use.
 */
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import { readParquetFooter } from '../readers/parquet/footer';
import type { ParquetTable, RowGroupRange } from '../readers/parquet/table';
import type { ImportSource } from '../source';
import {
  FILE_TYPES,
  FLOAT_SERIES,
  HISTOGRAM_SERIES,
  SCALAR_TYPES,
  STRING_SERIES,
  isKnownType,
  isoTime
} from './attributes';
import type { EntityScope, ExportRows, RunRows, TypeCount } from './export-rows';
import { schemaProblems } from './schema';

type Column = ArrayLike<unknown>;

/** The value column each scalar type keeps its value in. */
const SCALAR_COLUMN: Readonly<Record<string, string>> = {
  float: 'float_value',
  int: 'int_value',
  string: 'string_value',
  bool: 'bool_value',
  datetime: 'datetime_value',
  string_set: 'string_set_value'
};

/** The columns the rows of these types need, beyond the key columns. */
function columnsFor(types: ReadonlySet<string>): Set<string> {
  const need = new Set<string>();
  for (const type of types) {
    const scalar = SCALAR_COLUMN[type];
    if (scalar) need.add(scalar);
    if (type === FLOAT_SERIES) need.add('float_value');
    if (type === STRING_SERIES) need.add('string_value');
    if (type === HISTOGRAM_SERIES) need.add('histogram_value');
    if (FILE_TYPES.has(type)) need.add('file_value');
    if (type === FLOAT_SERIES || type === STRING_SERIES || type === HISTOGRAM_SERIES) {
      need.add('step').add('timestamp');
    }
    if (type === 'file_series') need.add('step').add('timestamp');
  }
  return need;
}

const NONE: Column = { length: 0 };

async function openTable(source: ImportSource): Promise<ParquetTable> {
  const access = await source.openRandomAccess();
  const footer = readParquetFooter(access, source.file.size);
  if (!footer.ok) throw new ImportError(source.path, footer.problem);
  const { openParquetTable } = await import('../readers/parquet/table');
  let table: ParquetTable;
  try {
    table = await openParquetTable(access, source.file.size, footer.tail);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(source.path, `is not a readable Parquet file: ${why}`);
  }
  const problems = schemaProblems(table.columns);
  if (problems.length > 0) {
    throw new ImportError(
      source.path,
      `is a Parquet file but not a neptune-exporter export: ${problems.join('; ')}`
    );
  }
  return table;
}

/** A number, or NaN for null (a float series value the exporter wrote as null was NaN). */
function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** One row group's rows, added to `rows`. */
function addRows(rows: ExportRows, scope: EntityScope, columns: Map<string, Column>, n: number) {
  const project = columns.get('project_id')!;
  const runIds = columns.get('run_id')!;
  const paths = columns.get('attribute_path')!;
  const types = columns.get('attribute_type')!;
  const get = (name: string) => columns.get(name) ?? NONE;
  const steps = get('step');
  const times = get('timestamp');
  const floats = get('float_value');
  const strings = get('string_value');
  const histograms = get('histogram_value');
  const fileValues = get('file_value');
  let run: RunRows | null = null;
  let lastProject: unknown;
  let lastRunId: unknown;
  let lastType: unknown;
  let lastPath: unknown;
  let counted: TypeCount | null = null;
  let series: ReturnType<RunRows['seriesOf']> | null = null;
  for (let i = 0; i < n; i++) {
    const projectId = project[i];
    const runId = runIds[i];
    const path = paths[i];
    const type = types[i];
    if (
      typeof projectId !== 'string' ||
      typeof runId !== 'string' ||
      typeof path !== 'string' ||
      typeof type !== 'string'
    ) {
      rows.unnamed++;
      continue;
    }
    if (projectId !== lastProject || runId !== lastRunId) {
      run = rows.run(projectId, runId, scope);
      lastProject = projectId;
      lastRunId = runId;
      lastPath = undefined;
    }
    if (type !== lastType || path !== lastPath) {
      let c = rows.byType.get(type);
      if (!c) rows.byType.set(type, (c = { rows: 0, attributes: new Set() }));
      c.attributes.add(path);
      counted = c;
      series = type === FLOAT_SERIES ? run!.seriesOf(path) : null;
      lastType = type;
      lastPath = path;
    }
    counted!.rows++;
    if (series) {
      const step = numberOr(steps[i], NaN);
      const time = numberOr(times[i], NaN);
      // pyarrow's from_pandas stores a NaN float as null: a point logged as NaN stays a point.
      series.push(step, numberOr(floats[i], NaN), time);
      if (time === time) run!.seen(time);
      rows.points++;
      continue;
    }
    if (!isKnownType(type)) continue;
    const r = run!;
    if (SCALAR_TYPES.has(type)) {
      const value = get(SCALAR_COLUMN[type]!)[i];
      if (value === null || value === undefined) rows.withoutValue++;
      else r.scalars.set(path, { type, value });
      continue;
    }
    const step = numberOr(steps[i], NaN);
    const time = numberOr(times[i], NaN);
    if (time === time) r.seen(time);
    const when = time === time ? isoTime(time) : '';
    if (type === STRING_SERIES) {
      const text = strings[i];
      if (typeof text !== 'string') rows.withoutValue++;
      else r.linesOf(r.textSeries, path).push(`${step === step ? step : ''}; ${when}; ${text}`);
    } else if (type === HISTOGRAM_SERIES) {
      const h = histograms[i];
      if (h === null || h === undefined) rows.withoutValue++;
      else {
        const line = { step: step === step ? step : null, timestamp: when || null, ...h };
        r.linesOf(r.histograms, path).push(JSON.stringify(line));
      }
    } else {
      const value = fileValues[i] as { path?: unknown } | null | undefined;
      const where = typeof value?.path === 'string' ? value.path : null;
      r.files.push({ attribute: path, type, step: step === step ? step : null, path: where });
      rows.files++;
    }
  }
}

/** The attribute types present in one row group. */
function typesIn(column: Column): Set<string> {
  const out = new Set<string>();
  let last: unknown;
  for (let i = 0; i < column.length; i++) {
    const t = column[i];
    if (t !== last && typeof t === 'string') out.add(t);
    last = t;
  }
  return out;
}

/** Reads every row of one neptune-exporter Parquet file into `rows`. */
export async function readNeptuneFile(
  source: ImportSource,
  rows: ExportRows,
  scope: EntityScope,
  ctx: ImportContext
): Promise<void> {
  const table = await openTable(source);
  for (const group of table.groups) {
    ctx.checkCancelled();
    const columns = await readGroup(source, table, group);
    addRows(rows, scope, columns, group.rowEnd - group.rowStart);
    ctx.reportPoints(rows.points);
  }
}

async function readGroup(
  source: ImportSource,
  table: ParquetTable,
  group: RowGroupRange
): Promise<Map<string, Column>> {
  const columns = new Map<string, Column>();
  const read = async (name: string) => {
    if (!table.columns.has(name) || columns.has(name)) return;
    try {
      columns.set(name, await table.read(name, group));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ImportError(
        source.path,
        `row group ${group.index + 1} of ${table.groups.length}, column ${name}: could not be read (${why})`
      );
    }
  };
  for (const key of ['project_id', 'run_id', 'attribute_path', 'attribute_type']) await read(key);
  for (const name of columnsFor(typesIn(columns.get('attribute_type')!))) await read(name);
  return columns;
}
