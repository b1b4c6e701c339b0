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

/** Saves a canvas as a PNG on a solid background (a chart's canvas is transparent). */
export function downloadCanvasPng(source: HTMLCanvasElement, background: string, fileName: string) {
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0);
  canvas.toBlob((blob) => {
    if (blob) downloadBlob(blob, fileName);
  }, 'image/png');
}
