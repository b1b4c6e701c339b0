/**
 * Files operating systems leave in folders (and zips made on them): never run data. They can
 * turn up inside mlruns/<run>/metrics/ of a copied folder, where MLflow itself would choke.
 */
const JUNK_NAMES = new Set([
  '.ds_store',
  'thumbs.db',
  'desktop.ini',
  '__macosx',
  '.spotlight-v100',
  '.trashes'
]);

/** Is this one path segment OS junk (`.DS_Store`, `Thumbs.db`, `__MACOSX`, `._name`)? */
export function isOsJunkName(name: string): boolean {
  return JUNK_NAMES.has(name.toLowerCase()) || name.startsWith('._');
}

/** Does any segment of the path make it OS junk? */
export function isOsJunkPath(path: string): boolean {
  return path.split('/').some(isOsJunkName);
}
