/** Saves a Blob as a file through a temporary link (no server involved). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name made safe from a metric or chart title (keys can hold slashes and spaces). */
export function safeFileName(title: string, extension: string): string {
  const stem = title.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'chart';
  return `${stem.slice(0, 80)}.${extension}`;
}
