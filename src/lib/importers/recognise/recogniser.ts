/**
 * Recognisers name the files no importer read, so the import report can say what each one is and
 * why it was left out: run data of a format Runlens cannot read yet ("W&B transaction log"),
 * files that are not run data at all ("PyTorch checkpoint"), or plain data with no runs in it.
 * They run after every importer has declined a file, look at its first bytes (content first, the
 * name only as a hint) and never read the rest, so a 2 GB checkpoint costs one head read.
 */
import { nameOf, parentOf, type FileTree } from '../file-tree';
import type { ImportSource } from '../source';
import { withArticle } from './wording';

/**
 * `unsupported`: run data Runlens cannot read yet. `not-run-data`: weights, code, images, notes.
 * `no-runs`: a generic data file (JSON, CSV, YAML) in which no importer found runs.
 * `other`: nothing to say beyond the reason (empty or unrecognised files).
 */
export type Verdict = 'unsupported' | 'not-run-data' | 'no-runs' | 'other';

/** What a recogniser says a file is. */
export interface Recognition {
  /** A countable noun phrase, singular, as people call the thing: "W&B transaction log". */
  format: string;
  verdict: Verdict;
  /** Overrides the verdict's usual reason ("not supported yet", "not run data"). */
  why?: string;
  /** Overrides the message given when this file was named on its own (then it is an error). */
  alone?: string;
}

/** What recognisers may look at: the path and the head, read once for all of them. */
export interface FileFacts {
  path: string;
  /** The file name, lower-cased. */
  name: string;
  /** Lower-cased folder names on the way to the file, outermost first. */
  dirs: readonly string[];
  size: number;
  /** The first bytes (HEAD_BYTES at most). */
  head: Uint8Array;
  /** The head as UTF-8 when it looks like text (no NUL byte near the start), else null. */
  text: string | null;
  /** Is there a file of this (lower-case) name in the same folder? */
  hasSibling(name: string): boolean;
}

export interface Recogniser {
  id: string;
  recognise(file: FileFacts): Recognition | null;
  /**
   * Its formats are zip files that are not archives of loose files (a PyTorch checkpoint, a
   * `.keras` model): such a zip is recognised whole instead of being unpacked.
   */
  zipFormat?: boolean;
}

/** Lower-cased names of each folder's files, built once per drop and folder (a folder may hold 100,000). */
const siblingNames = new WeakMap<FileTree, Map<string, Set<string>>>();

function namesIn(tree: FileTree, folder: string): Set<string> {
  let folders = siblingNames.get(tree);
  if (!folders) siblingNames.set(tree, (folders = new Map()));
  let names = folders.get(folder);
  if (!names)
    folders.set(folder, (names = new Set(tree.files(folder).map((n) => n.toLowerCase()))));
  return names;
}

/** Reads the facts of one file for the recognisers (the head is usually cached already). */
export async function factsOf(source: ImportSource, tree: FileTree | null): Promise<FileFacts> {
  const head = source.file.size === 0 ? new Uint8Array() : await source.head();
  const binary = head.subarray(0, 4096).includes(0);
  const text = binary || head.length === 0 ? null : await source.headText();
  const folder = parentOf(source.path);
  return {
    path: source.path,
    name: nameOf(source.path).toLowerCase(),
    dirs: folder === '' ? [] : folder.toLowerCase().split('/'),
    size: source.file.size,
    head,
    text,
    hasSibling: (name) => tree !== null && namesIn(tree, folder).has(name)
  };
}

/** The first recogniser's answer; the list ends with one that always answers. */
export function recognise(file: FileFacts, recognisers: readonly Recogniser[]): Recognition {
  for (const r of recognisers) {
    const found = r.recognise(file);
    if (found) return found;
  }
  return UNRECOGNISED;
}

/** Anything no recogniser names. */
export const UNRECOGNISED: Recognition = {
  format: 'unrecognised file',
  verdict: 'other',
  why: 'not a format Runlens knows'
};

/** A file with nothing in it (named alone, it is an error saying just that). */
export const EMPTY_FILE: Recognition = {
  format: 'empty file',
  verdict: 'other',
  why: 'nothing to read',
  alone: 'is empty'
};

const USUAL_WHY: Record<Verdict, string> = {
  unsupported: 'not supported yet',
  'not-run-data': 'not run data',
  'no-runs': 'no runs Runlens recognises',
  other: 'left out'
};

/**
 * The reason listed for a skipped file, "<format>: <why>". Reasons are shared by every file of
 * the kind, so the report can group and count them.
 */
export function reasonOf(r: Recognition): string {
  return `${r.format}: ${r.why ?? USUAL_WHY[r.verdict]}`;
}

/**
 * The error for a file named on its own that no importer reads; `reads` lists what Runlens can
 * read, for the files that are no known format at all.
 */
export function aloneMessage(r: Recognition, reads: string): string {
  if (r.alone) return r.alone;
  const what = withArticle(r.format);
  switch (r.verdict) {
    case 'unsupported':
      return r.why
        ? `looks like ${what}: ${r.why}`
        : `looks like ${what}, which Runlens cannot read yet`;
    case 'not-run-data':
      return r.why ? `looks like ${what}: ${r.why}` : `looks like ${what}, which is not run data`;
    case 'no-runs':
      return `is ${what} with no runs Runlens recognises (it reads: ${reads})`;
    case 'other':
      return `is not in a format Runlens can read (it reads: ${reads})`;
  }
}

/** Shorthands the recogniser tables read well with. */
export const unsupported = (format: string, why?: string): Recognition => ({
  format,
  verdict: 'unsupported',
  ...(why ? { why } : {})
});
export const notRunData = (format: string, why?: string): Recognition => ({
  format,
  verdict: 'not-run-data',
  ...(why ? { why } : {})
});

/** Does the head start with these bytes (a string is taken as Latin-1 bytes)? */
export function startsWith(head: Uint8Array, magic: string | readonly number[], at = 0): boolean {
  const bytes = typeof magic === 'string' ? [...magic].map((c) => c.charCodeAt(0)) : magic;
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

/** The extension of a lower-cased name, with the dot ('' when there is none). */
export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

/** The first line of the text, without its line end and a leading BOM. */
export function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '');
}

/**
 * The header cells of a delimited text file (comma or tab, whichever the first line has), trimmed
 * and unquoted; null when the first line holds neither.
 */
export function headerCells(text: string): { delimiter: ',' | '\t'; cells: string[] } | null {
  const line = firstLine(text);
  const delimiter = line.includes('\t') ? '\t' : line.includes(',') ? ',' : null;
  if (!delimiter) return null;
  const cells = line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  return { delimiter, cells };
}

/** Top-level keys of a YAML head (lines that start with `key:` at column 0). */
export function yamlTopKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/^["']?([A-Za-z_][\w.\- ]*?)["']?\s*:(?:\s|$)/gm)) keys.add(m[1]!);
  return keys;
}

/** Does the text start (after a BOM and white space) with `{`? */
export function looksLikeJsonObject(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text);
}

/** Does the JSON head mention every one of these member names (`"name":`)? */
export function mentionsKeys(text: string, ...keys: string[]): boolean {
  return keys.every((k) => text.includes(`"${k}"`) && new RegExp(`"${k}"\\s*:`).test(text));
}
