/**
 * The first half of reading an import: read every file's head, open archives, and let folder
 * importers claim their folders. What comes out is the list of units to parse, a folder claim or
 * a single file each. Progress counts the files examined, so a big folder never looks frozen.
 */
import { ImportCancelled, toFileError, type FileError } from '../importers/errors';
import { FileTree } from '../importers/file-tree';
import type { FolderClaim, FolderImporter } from '../importers/importer';
import { isOsJunkPath } from '../importers/os-junk';
import { factsOf } from '../importers/recognise/recogniser';
import { isContainer, type Registry } from '../importers/registry';
import { ImportSource, type SourceFile } from '../importers/source';

export type Unit =
  | { kind: 'folder'; importer: FolderImporter; claim: FolderClaim; bytes: number }
  | { kind: 'file'; source: ImportSource; bytes: number };

export interface Examined {
  /** Every file to import, archives replaced by their entries, OS junk left out. */
  sources: ImportSource[];
  tree: FileTree;
  units: Unit[];
}

/**
 * Reads heads this many at a time: each browser file read is a round trip to the browser process
 * (about 1.5 ms for a file from a picked folder, measured 2026-11 in Chromium 156), so overlap them.
 */
const HEAD_READS_IN_FLIGHT = 128;

/**
 * Reads the head of every source (small files whole), several at a time, calling `onHead` as
 * each one lands. A head that cannot be read is reported later, when its file is parsed.
 */
async function prefetchHeads(
  sources: readonly ImportSource[],
  checkCancelled: () => void,
  onHead: () => void
) {
  for (let i = 0; i < sources.length; i += HEAD_READS_IN_FLIGHT) {
    checkCancelled();
    await Promise.all(
      sources.slice(i, i + HEAD_READS_IN_FLIGHT).map((s) => s.head().then(onHead, onHead))
    );
  }
}

/**
 * Is this archive read whole: a container importer claims it (a Runlens bundle), or a recogniser
 * names it as a format that merely uses zip (a PyTorch checkpoint, a `.keras` model)?
 */
async function keptWhole(source: ImportSource, registry: Registry): Promise<boolean> {
  for (const importer of registry.files) {
    if (isContainer(importer) && (await importer.sniff(source).catch(() => null)) !== null)
      return true;
  }
  const zipFormats = registry.recognisers.filter((r) => r.zipFormat);
  if (zipFormats.length === 0) return false;
  const facts = await factsOf(source, null);
  return zipFormats.some((r) => r.recognise(facts) !== null);
}

/** Replaces each archive by its entries (an archive that breaks a limit becomes one error). */
async function openArchives(
  sources: readonly ImportSource[],
  registry: Registry,
  checkCancelled: () => void,
  errors: FileError[]
): Promise<ImportSource[]> {
  const out: ImportSource[] = [];
  for (const source of sources) {
    checkCancelled();
    let archive = null;
    for (const a of source.file.size > 0 ? registry.archives : []) {
      if (await a.opens(source).catch(() => false)) {
        archive = a;
        break;
      }
    }
    if (!archive || (await keptWhole(source, registry))) {
      out.push(source);
      continue;
    }
    try {
      for (const entry of await archive.expand(source, checkCancelled)) {
        if (!isOsJunkPath(entry.path)) out.push(entry);
      }
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      errors.push(toFileError(source.path, error));
    }
  }
  return out;
}

/** Folder formats claim their folders first; everything left is a file on its own. */
async function planUnits(
  sources: readonly ImportSource[],
  tree: FileTree,
  folderImporters: readonly FolderImporter[]
): Promise<Unit[]> {
  const claimed = new Set<ImportSource>();
  const units: Unit[] = [];
  for (const importer of folderImporters) {
    for (const claim of await importer.claim(tree)) {
      claim.files = claim.files.filter((f) => !claimed.has(f));
      for (const f of claim.files) claimed.add(f);
      const bytes = claim.files.reduce((n, f) => n + f.file.size, 0);
      units.push({ kind: 'folder', importer, claim, bytes });
    }
  }
  for (const source of sources) {
    if (!claimed.has(source)) units.push({ kind: 'file', source, bytes: source.file.size });
  }
  return units;
}

/**
 * Examines what was dropped: heads, archives, folder claims. `onExamined(done, total)` is called
 * as heads land (total grows when an archive is opened).
 */
export async function examineFiles(
  files: readonly SourceFile[],
  registry: Registry,
  checkCancelled: () => void,
  errors: FileError[],
  onExamined: (done: number, total: number) => void
): Promise<Examined> {
  const dropped = files.filter((f) => !isOsJunkPath(f.path)).map((f) => new ImportSource(f));
  let done = 0;
  onExamined(0, dropped.length);
  await prefetchHeads(dropped, checkCancelled, () => onExamined(++done, dropped.length));
  const sources = await openArchives(dropped, registry, checkCancelled, errors);
  onExamined(sources.length, sources.length);
  const tree = new FileTree(sources);
  checkCancelled();
  const units = await planUnits(sources, tree, registry.folders);
  return { sources, tree, units };
}
