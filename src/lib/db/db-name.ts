/** The IndexedDB database of the person's library (a module of its own: the page needs the name
 * without loading Dexie). */
export const DB_NAME = 'runlens';
