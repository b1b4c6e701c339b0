/**
 * Opening a file named by a URL: `/?src=https://…/runs.runlens` on any page, or a call from code.
 * The download and import happen in the worker (fetch-source.ts has the rules: https only, no
 * credentials, a size cap); this module only picks the URL up and hands it on.
 */
import { goto } from '$app/navigation';
import { importJob } from './import-job.svelte';
import { runlensWorker } from '../worker/client';
import { sharedSpace } from './shared-space.svelte';
import { activeSpace, setActiveSpace } from '../worker/space';

/** The query parameter that names a file to open. */
export const SRC_PARAM = 'src';

/**
 * Opens the file at a URL (absolute, or relative to this page): the one entry point for links.
 * Like a share link, it opens in the shared space, emptied first, never in the library: the
 * page shows it there, read-only, with "save to my library" on offer. When the download or
 * the import fails, the library stays the active space and the import panel says why.
 */
export async function openFromUrl(url: string): Promise<void> {
  let resolved = url;
  try {
    // Resolved here: the worker's own address (under /_app/) would resolve `runs.runlens` elsewhere.
    resolved = new URL(url, location.href).href;
  } catch {
    // Not a URL: the worker says so, naming what was given.
  }
  const before = activeSpace();
  setActiveSpace('shared');
  await runlensWorker('shared').deleteEverything();
  await importJob.importUrl(resolved);
  if (importJob.state === 'done') {
    // The import already refreshed the page's view of the (now active) shared database.
    sharedSpace.enter();
    return;
  }
  setActiveSpace(before);
}

/**
 * If the address holds `?src=URL`, takes it out of the address (so a reload or a bookmark does
 * not import again) and opens the URL. Called once, when the app starts.
 */
export async function openSrcFromAddress(): Promise<void> {
  const address = new URL(location.href);
  const src = address.searchParams.get(SRC_PARAM);
  if (src === null) return;
  address.searchParams.delete(SRC_PARAM);
  // The router starts just after the root layout mounts; navigating before that fails in dev.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // goto, not replaceState: replaceState leaves page.url as it was, and the runs explorer
  // rewrites the address from page.url, which would bring `src` back.
  await goto(address, { replaceState: true, keepFocus: true, noScroll: true });
  if (src.trim() !== '') await openFromUrl(src.trim());
}
