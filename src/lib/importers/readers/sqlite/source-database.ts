/**
 * What every importer of a SQLite-based format needs before and while it reads: the header and
 * the tables its head shows, the file opened read-only (the engine loaded only then), and the
 * schema as SQLite itself reads it, read once per dropped file however many importers ask.
 */
import { ImportError } from '../../errors';
import type { ImportSource } from '../../source';
import type { SqliteDatabase } from './database';

/** Table name (lower-cased) → its column names (lower-cased). */
export type SqliteSchema = Map<string, Set<string>>;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** The head as Latin-1 text when the file starts like SQLite, else null. */
export async function sqliteHeadText(source: ImportSource): Promise<string | null> {
  const head = await source.head();
  if (head.byteLength < 100) return null;
  const text = new TextDecoder('latin1').decode(head);
  return text.startsWith(SQLITE_MAGIC) ? text : null;
}

/**
 * The column definitions of a table whose CREATE statement shows in the head (the text between
 * its parentheses), or null. A small database keeps its schema on the first page; a large one
 * may not, so null only means "not in the head".
 */
export function headTableDefinition(headText: string, name: string): string | null {
  const start = new RegExp(`CREATE TABLE (?:IF NOT EXISTS )?["\`]?${name}["\`]?\\s*\\(`, 'i').exec(
    headText
  );
  if (!start) return null;
  const from = start.index + start[0].length;
  let depth = 1;
  for (let i = from; i < Math.min(headText.length, from + 8192); i++) {
    const c = headText[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return headText.slice(from, i);
  }
  return null;
}

/** Does the schema text in the head define this table? */
export function headDefinesTable(headText: string, name: string): boolean {
  return headTableDefinition(headText, name) !== null;
}

/**
 * Is the whole schema in the head? When the first page (sqlite_master's root) is a leaf page
 * (type 0x0D at offset 100), every table's CREATE statement is on it, so a table the head does
 * not show is not there; otherwise the schema spans more pages and SQLite must be asked.
 */
export function wholeSchemaInHead(headText: string): boolean {
  return headText.charCodeAt(100) === 0x0d;
}

/** Opens the dropped file read-only; an ImportError naming the file when SQLite cannot. */
export async function openSqliteSource(source: ImportSource): Promise<SqliteDatabase> {
  const { SqliteDatabase } = await import('./database');
  const access = await source.openRandomAccess();
  try {
    return await SqliteDatabase.open(access, source.file.size);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(source.path, `could not be opened as a SQLite database (${why})`);
  }
}

const schemas = new WeakMap<ImportSource, Promise<SqliteSchema | null>>();

/** The file's schema, read once per source (null when SQLite cannot read it). */
export function sqliteSchemaOf(source: ImportSource): Promise<SqliteSchema | null> {
  let schema = schemas.get(source);
  if (!schema) {
    schema = (async () => {
      const db = await openSqliteSource(source);
      try {
        return await db.schema();
      } finally {
        await db.close();
      }
    })().catch(() => null);
    schemas.set(source, schema);
  }
  return schema;
}

/** Has the schema this table with these columns? */
export function schemaHas(
  schema: SqliteSchema,
  table: string,
  columns: readonly string[] = []
): boolean {
  const have = schema.get(table);
  return have !== undefined && columns.every((c) => have.has(c));
}

/** The schema of an open database, or an ImportError naming the file when it cannot be read. */
export async function readSchema(db: SqliteDatabase, file: string): Promise<SqliteSchema> {
  try {
    return await db.schema();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(file, `is not a readable SQLite database (${why})`);
  }
}
