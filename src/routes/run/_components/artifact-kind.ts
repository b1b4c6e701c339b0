/**
 * Pure helpers of the artifact browser: which preview an artifact gets, the folder tree, and the
 * bounded readers behind the text, JSON and CSV previews. No DOM and no Svelte, so the unit tests
 * run them in Node.
 */
import { formatBytes } from '$lib/components/format';
import { parseCsv } from '$lib/importers/readers/csv';
import { mediaTypeOf } from '$lib/importers/media-types';

/** How an artifact is previewed; `binary` means "download only". */
export type ArtifactKind =
  'image' | 'svg' | 'text' | 'json' | 'csv' | 'tsv' | 'markdown' | 'html' | 'binary';

/** Text, logs, YAML, Markdown and HTML previews read this much of the file. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;
/** JSON is parsed whole to build the tree, so only files up to this size are. */
export const JSON_PREVIEW_BYTES = 4 * 1024 * 1024;
/** CSV previews show this many rows, read from at most CSV_PREVIEW_BYTES of the file. */
export const CSV_PREVIEW_ROWS = 500;
export const CSV_PREVIEW_BYTES = 2 * 1024 * 1024;

/** Raster formats every browser decodes in <img>; the bytes never reach anything but a decoder. */
const RASTER = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

const TEXT_APPLICATION = new Set([
  'application/yaml',
  'application/x-yaml',
  'application/xml',
  'application/toml',
  'application/x-ndjson',
  'application/jsonl',
  'application/x-sh',
  'application/javascript'
]);

/** Media types that say nothing about the content, so the file name decides instead. */
const GENERIC = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown'
]);

/** `Text/HTML; charset=utf-8` → `text/html`. */
export function mediaTypeEssence(mediaType: string): string {
  return mediaType.split(';', 1)[0]!.trim().toLowerCase();
}

function kindOfMediaType(essence: string): ArtifactKind {
  if (RASTER.has(essence)) return 'image';
  if (essence === 'image/svg+xml') return 'svg';
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return 'html';
  if (essence === 'text/markdown' || essence === 'text/x-markdown') return 'markdown';
  if (essence === 'text/csv') return 'csv';
  if (essence === 'text/tab-separated-values') return 'tsv';
  if (essence === 'application/json' || /^application\/[\w.+-]+\+json$/.test(essence))
    return 'json';
  if (essence.startsWith('text/') || TEXT_APPLICATION.has(essence)) return 'text';
  return 'binary';
}

/** The preview for an artifact: its media type decides, the file extension when that is generic. */
export function artifactKind(path: string, mediaType: string): ArtifactKind {
  const essence = mediaTypeEssence(mediaType);
  return kindOfMediaType(GENERIC.has(essence) ? mediaTypeOf(path) : essence);
}

/** The last path segment. */
export function fileName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export interface TreeFolder<T> {
  name: string;
  /** `a/b` for the folder b in a; '' for the root. */
  path: string;
  folders: TreeFolder<T>[];
  files: { name: string; item: T }[];
}

/**
 * Artifacts as folders and files, each level sorted by name, folders first (as MLflow shows them).
 * Folder names come from files, so children are kept in Maps (a folder may be called `__proto__`).
 */
export function buildArtifactTree<T extends { path: string }>(items: readonly T[]): TreeFolder<T> {
  interface Building {
    folders: Map<string, Building>;
    files: { name: string; item: T }[];
  }
  const root: Building = { folders: new Map(), files: [] };
  for (const item of items) {
    const parts = item.path.split('/').filter((p) => p !== '');
    const name = parts.pop() ?? item.path;
    let at = root;
    for (const part of parts) {
      let next = at.folders.get(part);
      if (!next) at.folders.set(part, (next = { folders: new Map(), files: [] }));
      at = next;
    }
    at.files.push({ name, item });
  }
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name.localeCompare(b.name, 'en', { numeric: true });
  const finish = (b: Building, name: string, path: string): TreeFolder<T> => ({
    name,
    path,
    folders: [...b.folders].map(([n, f]) => finish(f, n, path ? `${path}/${n}` : n)).sort(byName),
    files: b.files.sort(byName)
  });
  return finish(root, '', '');
}

/** Every file in the order the tree shows them. */
export function treeFiles<T>(folder: TreeFolder<T>): T[] {
  return [...folder.folders.flatMap((f) => treeFiles(f)), ...folder.files.map((f) => f.item)];
}

/**
 * Decodes the head of a file as UTF-8. When the head is cut from a longer file, a character split
 * by the cut is left out rather than shown as U+FFFD.
 */
export function decodeHead(bytes: Uint8Array, complete: boolean): string {
  return new TextDecoder('utf-8').decode(bytes, { stream: !complete });
}

/** "Showing the first 256 KB of 1.2 MB." or null when everything is shown. */
export function partialNote(shownBytes: number, totalBytes: number): string | null {
  if (shownBytes >= totalBytes) return null;
  return `Showing the first ${formatBytes(shownBytes)} of ${formatBytes(totalBytes)}.`;
}

export type CsvPreview =
  | { ok: true; header: string[]; rows: string[][]; columns: number; moreRows: boolean }
  | { ok: false; error: string };

/**
 * The first `maxRows` rows of a CSV head. `truncated` says the text is a cut-off head: its last
 * record may then be incomplete, so it is not shown.
 */
export function csvPreview(
  text: string,
  delimiter: string,
  maxRows: number,
  truncated: boolean
): CsvPreview {
  try {
    const table = parseCsv(text, { delimiter, maxRecords: maxRows + 2, partial: truncated });
    let rows = table.rows;
    let moreRows = rows.length > maxRows;
    if (truncated && !moreRows && rows.length > 0) {
      rows = rows.slice(0, -1);
      moreRows = true;
    }
    rows = rows.slice(0, maxRows);
    const columns = Math.max(table.header.length, ...rows.map((r) => r.length));
    return { ok: true, header: table.header, rows, columns, moreRows };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Object or array: the nodes of the JSON tree that fold. */
export function isJsonContainer(v: unknown): v is JsonValue[] | { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null;
}

/**
 * The children of a JSON object or array as [label, value] pairs. Object.entries reads own
 * properties only, so a `__proto__` key from JSON.parse (an own data property) comes out as an
 * ordinary entry and nothing is looked up on the prototype.
 */
export function jsonChildren(v: JsonValue[] | { [key: string]: JsonValue }): [string, JsonValue][] {
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  return Object.entries(v);
}

/** A one-line summary: `{3 keys}`, `[12 items]`, or the value as JSON text. */
export function jsonSummary(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.length} ${v.length === 1 ? 'item' : 'items'}]`;
  if (isJsonContainer(v)) {
    const n = Object.keys(v).length;
    return `{${n} ${n === 1 ? 'key' : 'keys'}}`;
  }
  return JSON.stringify(v);
}
