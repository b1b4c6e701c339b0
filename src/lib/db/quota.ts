/**
 * "Storage is full", told apart from other write failures. A browser refusing to store more
 * reaches us in several shapes: a DOMException named QuotaExceededError thrown by a request,
 * Dexie's QuotaExceededError, a transaction AbortError whose `inner` (or `cause`) is one, or a
 * BulkError whose failures are (dexie.org; research note §3). Every shape means the same to a
 * person: nothing was saved, and space must be freed before trying again.
 */

/** True when `error`, or an error it wraps, says the origin's storage quota is exhausted. */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: unknown;
    inner?: unknown;
    cause?: unknown;
    failures?: unknown;
    message?: unknown;
  };
  if (e.name === 'QuotaExceededError') return true;
  // Safari and older engines: "QuotaExceededError" only in the message of an UnknownError/AbortError.
  if (typeof e.message === 'string' && /QuotaExceeded|quota (has been )?exceeded/i.test(e.message))
    return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  if (Array.isArray(e.failures)) return e.failures.some((f) => isQuotaError(f, depth + 1));
  if (e.failures && typeof e.failures === 'object')
    return Object.values(e.failures).some((f) => isQuotaError(f, depth + 1));
  return false;
}

export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

function mib(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GB`
    : `${Math.ceil(bytes / 2 ** 20)} MB`;
}

/**
 * What to tell the person when an import did not fit: that nothing was saved, how full the
 * storage is when the browser says, and what to delete or export to make room.
 */
export function storageFullMessage(estimate?: StorageEstimateLike | null): string {
  const used =
    estimate?.usage !== undefined && estimate.quota
      ? ` (${mib(estimate.usage)} used of about ${mib(estimate.quota)} this browser allows Runlens)`
      : '';
  return (
    `the browser's storage for Runlens is full${used}; nothing was saved and the library is as it ` +
    'was. Make room by deleting runs or imports you no longer need (select them in the run list, ' +
    'or delete an import), or back up the library in Settings and then delete what the backup ' +
    'holds; then import again.'
  );
}

/** The browser's estimate of this origin's storage, or null where it cannot say. */
export async function estimateStorage(): Promise<StorageEstimateLike | null> {
  try {
    const storage = (globalThis.navigator as Navigator | undefined)?.storage;
    return storage?.estimate ? await storage.estimate() : null;
  } catch {
    return null;
  }
}
