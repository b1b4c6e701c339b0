/**
 * One SQLite file opened read-only for an importer: rows are handed to a callback through a small
 * reader (numbers as doubles, text as strings, NULL as null) so that millions of metric rows go
 * into typed arrays without an object per row.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import type { RandomAccess } from '../../source';
import { loadSqliteEngine, type SqliteEngine } from './engine';
import type { TextPool } from './text-pool';

/** The current row of a query. Column indexes follow the SELECT list. */
export interface SqliteRow {
  number(column: number): number | null;
  /** A number column declared NOT NULL: one call instead of two (NULL would read as 0). */
  double(column: number): number;
  text(column: number): string | null;
  /** The text of a column that repeats across rows (a run id, a metric key), decoded once. */
  repeatedText(column: number, pool: TextPool): string | null;
}

let opened = 0;

export class SqliteDatabase {
  readonly #engine: SqliteEngine;
  readonly #db: number;
  readonly #name: string;
  readonly #access: RandomAccess;

  private constructor(engine: SqliteEngine, db: number, name: string, access: RandomAccess) {
    this.#engine = engine;
    this.#db = db;
    this.#name = name;
    this.#access = access;
  }

  /** Opens the file behind `access` (of `size` bytes); throws if SQLite cannot read it. */
  static async open(access: RandomAccess, size: number): Promise<SqliteDatabase> {
    const engine = await loadSqliteEngine();
    const name = `file-${++opened}.db`;
    engine.vfs.register(name, { access, size });
    try {
      const db = await engine.api.open_v2(name, SQLite.SQLITE_OPEN_READONLY, engine.vfs.name);
      return new SqliteDatabase(engine, db, name, access);
    } catch (error) {
      engine.vfs.unregister(name);
      access.close();
      throw error;
    }
  }

  /**
   * Runs one statement and calls `onRow` for every row. `onRow` may throw (a cancelled import);
   * the statement is finalised either way.
   */
  async each(
    sql: string,
    onRow: (row: SqliteRow) => void,
    bindings: (string | number)[] = []
  ): Promise<void> {
    const { api, module } = this.#engine;
    for await (const stmt of api.statements(this.#db, sql)) {
      if (bindings.length > 0) api.bind_collection(stmt, bindings);
      const row: SqliteRow = {
        number(column) {
          if (module._sqlite3_column_type(stmt, column) === SQLite.SQLITE_NULL) return null;
          return module._sqlite3_column_double(stmt, column);
        },
        text(column) {
          if (module._sqlite3_column_type(stmt, column) === SQLite.SQLITE_NULL) return null;
          return module.UTF8ToString(module._sqlite3_column_text(stmt, column));
        },
        double(column) {
          return module._sqlite3_column_double(stmt, column);
        },
        repeatedText(column, pool) {
          // The text first, then its length (SQLite's documented order for a conversion); a
          // NULL has no text pointer.
          const at = module._sqlite3_column_text(stmt, column);
          if (at === 0) return null;
          const length = module._sqlite3_column_bytes(stmt, column);
          return pool.get(module.HEAPU8, at, length);
        }
      };
      for (;;) {
        const rc = module._sqlite3_step(stmt);
        if (rc === SQLite.SQLITE_ROW) onRow(row);
        else if (rc === SQLite.SQLITE_DONE) break;
        else {
          const message = module.ccall('sqlite3_errmsg', 'string', ['number'], [this.#db]);
          throw new Error(`SQLite error ${rc}: ${String(message)}`);
        }
      }
    }
  }

  /** Every row as plain values, for small tables. */
  async all(sql: string, columns: number, bindings: (string | number)[] = []) {
    const rows: (string | number | null)[][] = [];
    await this.each(
      sql,
      (row) => {
        const values: (string | number | null)[] = [];
        for (let c = 0; c < columns; c++) values.push(row.text(c));
        rows.push(values);
      },
      bindings
    );
    return rows;
  }

  /** Table name → its column names (lower-cased), from the schema. */
  async schema(): Promise<Map<string, Set<string>>> {
    const tables = new Map<string, Set<string>>();
    const names: string[] = [];
    await this.each("SELECT name FROM sqlite_master WHERE type = 'table'", (row) => {
      const name = row.text(0);
      if (name !== null) names.push(name);
    });
    for (const name of names) {
      const columns = new Set<string>();
      await this.each(
        'SELECT name FROM pragma_table_info(?)',
        (row) => {
          const column = row.text(0);
          if (column !== null) columns.add(column.toLowerCase());
        },
        [name]
      );
      tables.set(name.toLowerCase(), columns);
    }
    return tables;
  }

  async close(): Promise<void> {
    try {
      await this.#engine.api.close(this.#db);
    } finally {
      this.#engine.vfs.unregister(this.#name);
      this.#access.close();
    }
  }
}
