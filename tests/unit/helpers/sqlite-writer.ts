/**
 * Writes SQLite files for tests with the app's own engine and wa-sqlite's in-memory VFS, so the
 * odd cases of a database format are built in the test that reads them (no binary fixtures).
 */
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';
import { loadSqliteEngine } from '../../../src/lib/importers/readers/sqlite/engine';

let made = 0;

/** The bytes of a database built by running `sql` (several statements) on an empty one. */
export async function sqliteBytes(sql: string): Promise<Uint8Array> {
  const { api, module } = await loadSqliteEngine();
  const vfs = new MemoryVFS(`test-memory-${++made}`, module);
  api.vfs_register(vfs, false);
  const db = await api.open_v2('test.db', undefined, vfs.name);
  await api.exec(db, sql);
  await api.close(db);
  const file = vfs.mapNameToFile.get('/test.db') as { data: ArrayBuffer; size: number };
  return new Uint8Array(file.data.slice(0, file.size));
}
