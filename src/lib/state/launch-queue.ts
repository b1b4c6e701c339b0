/**
 * Files the OS opens with the installed app (a double-click on a `.runlens`, `.json`, `.csv`…;
 * the manifest's `file_handlers`) arrive through the launch queue, in Chromium-based browsers
 * only (2026). They take the same path as a drop.
 */
import type { ImportFile } from '../worker/api';
import { importJob } from './import-job.svelte';

/** The File Handling API's launch parameters, as far as Runlens uses them (not in lib.dom yet). */
interface LaunchParams {
  readonly files: readonly FileSystemHandle[];
  readonly targetURL?: string;
}

interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

function isFileHandle(handle: FileSystemHandle): handle is FileSystemFileHandle {
  return handle.kind === 'file';
}

/** Reads each handed-over file and imports them together, as one drop would be. */
async function importLaunchFiles(params: LaunchParams): Promise<void> {
  const handles = params.files.filter(isFileHandle);
  if (handles.length === 0) return;
  const read = await Promise.allSettled(handles.map((handle) => handle.getFile()));
  const files: ImportFile[] = [];
  read.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      files.push({ path: result.value.name, blob: result.value, fromFolder: false });
    } else {
      // The file was moved or its permission withdrawn between the double-click and now.
      console.warn(`Runlens could not read ${handles[i]?.name ?? 'a file'}`, result.reason);
    }
  });
  await importJob.importFiles(files);
}

/** Starts taking files from the OS, if this browser can hand them over. Call once. */
export function listenForLaunchedFiles(): void {
  if (typeof window === 'undefined' || !('launchQueue' in window)) return;
  const queue = (window as Window & { launchQueue: LaunchQueue }).launchQueue;
  queue.setConsumer((params) => void importLaunchFiles(params));
}
