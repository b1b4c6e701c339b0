/**
 * Which database the page works on: the person's library, or the "shared" one that holds what a
 * share link or a `?src=` URL opened. Shared runs never touch the library until the person saves
 * them. The choice lasts for the tab (sessionStorage), so moving between pages keeps it.
 */
import { DB_NAME } from '../db/db-name';

export type Space = 'library' | 'shared';

const STORAGE_KEY = 'runlens.space';

/** The database name of each space (the worker opens it by its own name). */
export const SPACE_DATABASES: Record<Space, string> = {
  library: DB_NAME,
  shared: 'runlens-shared'
};

export function activeSpace(): Space {
  try {
    return sessionStorage.getItem(STORAGE_KEY) === 'shared' ? 'shared' : 'library';
  } catch {
    return 'library';
  }
}

export function setActiveSpace(space: Space): void {
  try {
    if (space === 'library') sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, space);
  } catch {
    // Without sessionStorage the shared view lasts until the next page load.
  }
}

/** The worker's name for a space, and back: the worker reads its own name to pick a database. */
export function workerName(space: Space): string {
  return `runlens-${space}`;
}

export function databaseForWorker(name: string): string {
  return name === workerName('shared') ? SPACE_DATABASES.shared : SPACE_DATABASES.library;
}
