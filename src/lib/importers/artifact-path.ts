/**
 * Artifact paths from files are opaque keys, never file-system paths: they must not climb out of
 * the run (`..`), start at a root (`/x`, `C:/x`, `\\server`) or be empty. Backslashes count as
 * separators because Windows tools write them.
 */
export function artifactPathProblem(path: string): string | null {
  if (path.length === 0) return 'is empty';
  if (/^([/\\]|[A-Za-z]:)/.test(path)) return 'is absolute';
  if (path.split(/[/\\]/).some((part) => part === '..')) return 'climbs out of the run folder (..)';
  if (path.includes('\0')) return 'contains a NUL character';
  return null;
}
