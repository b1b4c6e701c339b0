/**
 * The reading half of an import: every dropped file becomes runs or a named error. Zips are
 * unpacked first, folder formats (mlruns/) claim their folders, and each remaining file goes to
 * the most confident file importer. Pure: no store, no DOM, so the CLI and tests run it as is.
 */
import type { BatchFromFile } from '../db/prepare';
import { expandZip, isZip } from '../importers/readers/zip';
import {
  ImportCancelled,
  UnrecognisedFile,
  toFileError,
  type FileError,
  type ImportWarning,
  type SkippedFile
} from '../importers/errors';
import { FileTree } from '../importers/file-tree';
import type {
  ContainerImporter,
  FolderClaim,
  FolderImporter,
  ImportContext,
  Importer
} from '../importers/importer';
import { isOsJunkPath } from '../importers/os-junk';
import { FOLDER_IMPORTERS, detectImporter } from '../importers/registry';
import { isRunlensBundle } from '../importers/runlens-bundle';
import { ImportSource, type SourceFile } from '../importers/source';
import type { ImportedBatch } from '../model';

export interface ParsedFiles {
  parsed: BatchFromFile[];
  errors: FileError[];
  /** Files that were neither read into a run nor rejected, each with the reason. */
  skipped: SkippedFile[];
  /** Files read only in part (records skipped, kinds of data not shown); their runs imported. */
  warnings: ImportWarning[];
}

export interface ReadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  runs: number;
  points: number;
  file: string | null;
}

type Unit =
  | { kind: 'folder'; importer: FolderImporter; claim: FolderClaim; bytes: number }
  | { kind: 'file'; source: ImportSource; bytes: number };

/**
 * Reads heads this many at a time: each browser file read is a round trip to the browser process
 * (about 1.5 ms for a file from a picked folder, measured 2026-11 in Chromium 156), so overlap them.
 */
const HEAD_READS_IN_FLIGHT = 128;

/** Reads the head of every source (small files whole), several at a time. */
async function prefetchHeads(sources: readonly ImportSource[], checkCancelled: () => void) {
  for (let i = 0; i < sources.length; i += HEAD_READS_IN_FLIGHT) {
    checkCancelled();
    await Promise.all(sources.slice(i, i + HEAD_READS_IN_FLIGHT).map((s) => s.head()));
  }
}

/** Unpacks zips (an archive that breaks a limit becomes one error) and drops OS junk. */
async function expandInputs(
  files: readonly SourceFile[],
  checkCancelled: () => void,
  errors: FileError[]
): Promise<ImportSource[]> {
  const out: ImportSource[] = [];
  const sources = files.filter((f) => !isOsJunkPath(f.path)).map((f) => new ImportSource(f));
  await prefetchHeads(sources, checkCancelled);
  for (const source of sources) {
    const file = source.file;
    checkCancelled();
    // A Runlens bundle is a zip too, but not an archive of loose files: it is read whole.
    if (file.size === 0 || !(await isZip(source)) || (await isRunlensBundle(source))) {
      out.push(source);
      continue;
    }
    try {
      for (const entry of await expandZip(source, checkCancelled)) {
        if (!isOsJunkPath(entry.path)) out.push(entry);
      }
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      errors.push(toFileError(file.path, error));
    }
  }
  return out;
}

/** Folder formats claim their folders first; everything left is a file on its own. */
async function planUnits(
  sources: ImportSource[],
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

function countPoints(batch: ImportedBatch): number {
  return batch.runs.reduce((s, r) => s + r.metrics.reduce((t, m) => t + m.values.length, 0), 0);
}

function isContainer(importer: Importer): importer is ContainerImporter {
  return 'parseContainer' in importer;
}

/** A bundle's runs, one batch per original format (so keys survive), its views on the first. */
async function containerBatches(
  importer: ContainerImporter,
  source: ImportSource,
  ctx: ImportContext,
  file: string
): Promise<BatchFromFile[]> {
  const { batches, views } = await importer.parseContainer(source, ctx);
  const out: BatchFromFile[] = batches.map(({ format, batch }) => ({ file, format, batch }));
  const first = out[0] ?? { file, format: importer.id, batch: { experiments: [], runs: [] } };
  if (views.length > 0) {
    first.views = views;
    if (out.length === 0) out.push(first);
  }
  return out;
}

/** Reads and parses every file; throws ImportCancelled when cancelled. */
export async function parseFiles(
  files: readonly SourceFile[],
  importers: readonly Importer[],
  checkCancelled: () => void,
  report: (progress: ReadProgress) => void,
  folderImporters: readonly FolderImporter[] = FOLDER_IMPORTERS
): Promise<ParsedFiles> {
  const parsed: BatchFromFile[] = [];
  const errors: FileError[] = [];
  const skipped: SkippedFile[] = [];
  const warnings: ImportWarning[] = [];
  const sources = await expandInputs(files, checkCancelled, errors);
  const tree = new FileTree(sources);
  const units = await planUnits(sources, tree, folderImporters);
  const progress: ReadProgress = {
    filesDone: 0,
    filesTotal: sources.length,
    bytesDone: 0,
    bytesTotal: units.reduce((n, u) => n + u.bytes, 0),
    runs: 0,
    points: 0,
    file: null
  };
  for (const unit of units) {
    checkCancelled();
    const name = unit.kind === 'folder' ? unit.claim.root : unit.source.path;
    const before = progress.points;
    Object.assign(progress, { file: name });
    report({ ...progress });
    const ctx = {
      checkCancelled,
      reportPoints: (n: number) => report({ ...progress, points: before + n }),
      warn: (warning: ImportWarning) => warnings.push(warning),
      skip: (file: string, reason: string) => skipped.push({ file, reason })
    };
    try {
      if (unit.kind === 'folder') {
        const { batch, problems } = await unit.importer.parseFolder(unit.claim, tree, ctx);
        errors.push(...problems);
        parsed.push({ file: name, format: unit.importer.id, batch });
        progress.runs += batch.runs.length;
        progress.points = before + countPoints(batch);
      } else {
        const importer = await detectImporter(unit.source, importers);
        const batches = isContainer(importer)
          ? await containerBatches(importer, unit.source, ctx, name)
          : [{ file: name, format: importer.id, batch: await importer.parse(unit.source, ctx) }];
        parsed.push(...batches);
        progress.runs += batches.reduce((n, b) => n + b.batch.runs.length, 0);
        progress.points = before + batches.reduce((n, b) => n + countPoints(b.batch), 0);
      }
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      progress.points = before;
      const fromFolder = unit.kind === 'file' && unit.source.file.fromFolder;
      if (error instanceof UnrecognisedFile && fromFolder)
        skipped.push({ file: name, reason: error.detail });
      else errors.push(toFileError(name, error));
    }
    progress.filesDone += unit.kind === 'folder' ? unit.claim.files.length : 1;
    progress.bytesDone += unit.bytes;
  }
  report({ ...progress, file: null });
  return { parsed, errors, skipped, warnings };
}
