/**
 * neptune-exporter exports (neptune-ai/neptune-exporter, read 2026-11; docs/neptune.md): the
 * Parquet files `neptune-exporter export` writes when Neptune.ai shut down (March 2026), one
 * long table of attribute rows per file, with downloaded files in a separate files folder:
 *
 *   exports/data/<project>-<digest>/<run>-<digest>_part_<n>.parquet   (one run per file, 2026)
 *   exports/data/<project>-<digest>/part_<n>.parquet                   (earlier: many runs per file)
 *   exports/data/<project>-<digest>/models/, model_versions/           (export-models)
 *   exports/files/<project>-<digest>/...                               (file attributes)
 *
 * A folder holding such files is read whole (a run's parts are gathered, its files found in the
 * files folder of the same project); a Parquet file dropped on its own is read by the file
 * importer. Files are told by their footer's column names, not by their names.
 */
import type { ImportedBatch } from '../../model';
import { ImportCancelled, ImportError, toFileError, type FileError } from '../errors';
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type {
  FolderClaim,
  FolderImporter,
  FolderResult,
  ImportContext,
  Importer
} from '../importer';
import { footerNames, readParquetFooter, startsAsParquet } from '../readers/parquet/footer';
import type { ImportSource } from '../source';
import { NEPTUNE_ID, buildRuns, readingSummary } from './build-runs';
import { ExportRows, type EntityScope } from './export-rows';
import type { FilesFolder } from './files';
import { readNeptuneFile } from './read-file';
import { KEY_COLUMNS } from './schema';

/** A part file the exporter was still writing (renamed to `.parquet` once the run was done). */
const UNFINISHED = /\.parquet\.tmp$/i;
const REGISTRY_SCOPES: ReadonlySet<string> = new Set(['models', 'model_versions']);

type Kind = 'export' | 'broken-parquet' | 'other';

/** Footer reads, cached per file: detection asks once per drop. */
const kinds = new WeakMap<ImportSource, Promise<Kind>>();

/** Is this a neptune-exporter Parquet file, a Parquet file with no footer, or something else? */
function kindOf(source: ImportSource): Promise<Kind> {
  let kind = kinds.get(source);
  if (!kind) {
    kind = (async (): Promise<Kind> => {
      if (source.file.size === 0 || !startsAsParquet(await source.head())) return 'other';
      const footer = readParquetFooter(await source.openRandomAccess(), source.file.size);
      if (!footer.ok) return 'broken-parquet';
      return footerNames(footer.tail, KEY_COLUMNS) ? 'export' : 'other';
    })().catch(() => 'other' as const);
    kinds.set(source, kind);
  }
  return kind;
}

/** The scope of a data folder (runs, or a registry subfolder) and its project folder. */
function scopeOf(dir: string): { scope: EntityScope; project: string } {
  const name = nameOf(dir);
  return REGISTRY_SCOPES.has(name) && parentOf(dir) !== ''
    ? { scope: name as EntityScope, project: parentOf(dir) }
    : { scope: 'runs', project: dir };
}

function allDirs(tree: FileTree, dir = '', out: string[] = []): string[] {
  for (const d of tree.dirs(dir)) {
    const path = joinPath(dir, d);
    out.push(path);
    allDirs(tree, path, out);
  }
  return out;
}

/**
 * The files folder of a project folder `data/<P>`: a folder of the same name elsewhere in the
 * drop (`files/<P>`; the name ends in a digest of the project id, so it is this project's), the
 * one in a folder called `files` first.
 */
function filesFolderOf(tree: FileTree, project: string, dataDirs: ReadonlySet<string>) {
  const name = nameOf(project);
  const found = allDirs(tree).filter(
    (d) => nameOf(d) === name && d !== project && !dataDirs.has(d)
  );
  return found.find((d) => nameOf(parentOf(d)) === 'files') ?? found[0] ?? null;
}

/** One claim per data folder; its files folder (when dropped) comes with it. */
async function claim(tree: FileTree): Promise<FolderClaim[]> {
  const byDir = new Map<string, { exports: ImportSource[]; others: ImportSource[] }>();
  const broken = new Map<string, ImportSource[]>();
  for (const { source } of tree.under('')) {
    const dir = parentOf(source.path);
    // A Parquet file dropped on its own is the file importer's.
    if (dir === '') continue;
    const kind = await kindOf(source);
    if (kind === 'export') {
      let entry = byDir.get(dir);
      if (!entry) byDir.set(dir, (entry = { exports: [], others: [] }));
      entry.exports.push(source);
    } else if (kind === 'broken-parquet' || UNFINISHED.test(source.path)) {
      const list = broken.get(dir) ?? [];
      broken.set(dir, [...list, source]);
    }
  }
  const dataDirs = new Set(byDir.keys());
  const claims: FolderClaim[] = [];
  for (const [dir, entry] of byDir) {
    const { scope, project } = scopeOf(dir);
    const filesDir = filesFolderOf(tree, project, dataDirs);
    const files = [...entry.exports, ...(broken.get(dir) ?? [])];
    if (filesDir !== null) {
      const root = scope === 'runs' ? filesDir : joinPath(filesDir, scope);
      // The registry's files sit in subfolders of the project's; they belong to those claims.
      const registry = [...REGISTRY_SCOPES].filter((s) => dataDirs.has(joinPath(project, s)));
      for (const { relative, source } of tree.under(root)) {
        if (scope === 'runs' && registry.some((s) => relative.startsWith(`${s}/`))) continue;
        files.push(source);
      }
    }
    claims.push({ root: dir, files });
  }
  return claims.sort((a, b) => (a.root < b.root ? -1 : 1));
}

/** Part files in the exporter's order: by run, then part number (`_part_2` before `_part_10`). */
function partOrder(a: ImportSource, b: ImportSource): number {
  return a.path.localeCompare(b.path, 'en', { numeric: true });
}

async function parseFolder(
  claim: FolderClaim,
  tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const { scope, project } = scopeOf(claim.root);
  const rows = new ExportRows();
  const problems: FileError[] = [];
  const inData = claim.files.filter((f) => parentOf(f.path) === claim.root);
  const parquet: ImportSource[] = [];
  for (const source of inData.sort(partOrder)) {
    if (UNFINISHED.test(source.path)) {
      ctx.skip(source.path, 'unfinished neptune-exporter part: its run was still being exported');
      continue;
    }
    try {
      await readNeptuneFile(source, rows, scope, ctx);
      parquet.push(source);
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      problems.push(toFileError(source.path, error));
    }
  }
  const inFiles = claim.files.filter((f) => parentOf(f.path) !== claim.root);
  const filesRoot = inFiles.length > 0 ? filesRootOf(tree, project, scope, inFiles) : null;
  const built = await buildRuns(rows, filesRoot, claim.root);
  for (const f of inFiles) {
    if (!built.usedFiles.has(f.path)) {
      ctx.skip(f.path, 'file in a Neptune export files folder: no attribute names it');
    }
  }
  if (parquet.length > 0)
    ctx.warn({ file: claim.root, message: readingSummary(rows, built, parquet.length) });
  return { batch: { experiments: built.experiments, runs: built.runs }, problems };
}

/** The folder the claimed files sit under (the claim took them from it). */
function filesRootOf(
  tree: FileTree,
  project: string,
  scope: EntityScope,
  files: readonly ImportSource[]
): FilesFolder | null {
  const dir = filesFolderOf(tree, project, new Set([project]));
  if (dir === null || files.length === 0) return null;
  return { root: scope === 'runs' ? dir : joinPath(dir, scope), tree };
}

export const neptuneFolderImporter: FolderImporter = {
  id: NEPTUNE_ID,
  label: 'Neptune export (neptune-exporter Parquet)',
  claim,
  parseFolder
};

const PART_NUMBER = /_part_(\d+)\.parquet$/i;

async function sniff(source: ImportSource): Promise<number | null> {
  const kind = await kindOf(source);
  if (kind === 'export') return 0.95;
  // A Parquet file cut short: no other importer can say more about it than this one.
  return kind === 'broken-parquet' ? 0.1 : null;
}

async function parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
  if ((await kindOf(source)) === 'other') {
    throw new ImportError(source.path, 'is not a neptune-exporter Parquet file');
  }
  const rows = new ExportRows();
  await readNeptuneFile(source, rows, 'runs', ctx);
  const built = await buildRuns(rows, null, source.path);
  ctx.warn({ file: source.path, message: readingSummary(rows, built, 1) });
  const part = PART_NUMBER.exec(source.path);
  if (part && part[1] !== '0') {
    ctx.warn({
      file: source.path,
      message:
        `is part ${part[1]} of a run the exporter split into several files; dropped on its own it ` +
        'replaces the other parts: drop the folder that holds them all to read the run whole'
    });
  }
  return { experiments: built.experiments, runs: built.runs };
}

export const neptuneFileImporter: Importer = {
  id: NEPTUNE_ID,
  label: 'Neptune export (neptune-exporter Parquet)',
  extensions: ['.parquet'],
  sniff,
  parse
};
