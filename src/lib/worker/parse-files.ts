/**
 * The reading half of an import, a thin driver over the registry (importers/registry.ts): every
 * dropped file ends up read into runs, rejected with an error, or skipped with a reason. Zips are
 * unpacked first, folder formats (mlruns/) claim their folders, each remaining file goes to the
 * most confident file importer, and recognisers name the files no importer read. Pure: no store,
 * no DOM, so the CLI and tests run it as is.
 */
import type { BatchFromFile } from '../db/prepare';
import {
  ImportCancelled,
  toFileError,
  type FileError,
  type ImportWarning,
  type SkippedFile
} from '../importers/errors';
import type { FileTree } from '../importers/file-tree';
import type {
  ContainerImporter,
  FolderImporter,
  ImportContext,
  Importer,
  StreamingImporter
} from '../importers/importer';
import {
  EMPTY_FILE,
  aloneMessage,
  factsOf,
  reasonOf,
  recognise
} from '../importers/recognise/recogniser';
import {
  FOLDER_IMPORTERS,
  IMPORTERS,
  REGISTRY,
  findImporter,
  formatsRead,
  isContainer,
  type Registry
} from '../importers/registry';
import type { ImportSource, SourceFile } from '../importers/source';
import { examineFiles, type Unit } from './examine-files';
import type { ImportChoices } from './reading-choices';

/** One file or folder an importer read, and how many runs came out of it. */
export interface ReadUnit {
  file: string;
  /** Id of the importer that read it. */
  format: string;
  runs: number;
}

export interface ParsedFiles {
  parsed: BatchFromFile[];
  errors: FileError[];
  /** Files that were neither read into a run nor rejected, each with the reason. */
  skipped: SkippedFile[];
  /** Files read only in part (records skipped, kinds of data not shown); their runs imported. */
  warnings: ImportWarning[];
  /** Every file or folder an importer read (with runs or experiments), in reading order. */
  read: ReadUnit[];
  /** Files a tolerant reading read (their warnings carry the reading), kept to be read again. */
  rereadable: Map<string, SourceFile>;
}

export interface ReadProgress {
  /** 'examining': heads are read, archives opened, folders claimed; 'reading': files parsed. */
  phase: 'examining' | 'reading';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  runs: number;
  points: number;
  file: string | null;
}

function countPoints(b: BatchFromFile): number {
  const { runs } = b.batch;
  const read = runs.reduce((s, r) => s + r.metrics.reduce((t, m) => t + m.values.length, 0), 0);
  return read + (b.scanned?.points ?? 0);
}

/** Runs of a unit, read or scanned (written later, in the transaction). */
const countRuns = (b: BatchFromFile) => b.batch.runs.length + (b.scanned?.runs ?? 0);

/**
 * A bundle's runs, one batch per original format (so keys survive), its views and its runs' edits
 * on the first.
 */
async function containerBatches(
  importer: ContainerImporter,
  source: ImportSource,
  ctx: ImportContext,
  file: string
): Promise<BatchFromFile[]> {
  const { batches, views, edits } = await importer.parseContainer(source, ctx);
  const out: BatchFromFile[] = batches.map(({ format, batch }) => ({ file, format, batch }));
  const first = out[0] ?? { file, format: importer.id, batch: { experiments: [], runs: [] } };
  if (views.length > 0) {
    first.views = views;
    if (out.length === 0) out.push(first);
  }
  // Edits only with runs: an edit of a run the bundle does not hold would show nowhere.
  if (edits && edits.length > 0 && out.length > 0) out[0]!.edits = edits;
  return out;
}

function isStreaming(importer: Importer): importer is StreamingImporter {
  return 'scan' in importer;
}

function unitIsFolder(importer: object): importer is FolderImporter {
  return 'claim' in importer;
}

/** Did reading give anything to store (runs, experiments, registered models or saved views)? */
function holdsAnything(batches: readonly BatchFromFile[]): boolean {
  return batches.some(
    (b) =>
      countRuns(b) > 0 ||
      b.batch.experiments.length > 0 ||
      (b.batch.registry?.length ?? 0) > 0 ||
      (b.views?.length ?? 0) > 0
  );
}

/** The pipeline's state while it reads: results so far and the progress it reports. */
class Reading {
  readonly result: ParsedFiles = {
    parsed: [],
    errors: [],
    skipped: [],
    warnings: [],
    read: [],
    rereadable: new Map()
  };
  readonly progress: ReadProgress;

  constructor(
    readonly registry: Registry,
    readonly tree: FileTree,
    readonly checkCancelled: () => void,
    readonly report: (progress: ReadProgress) => void,
    filesTotal: number,
    bytesTotal: number,
    readonly choices: ImportChoices | undefined,
    readonly streaming: boolean
  ) {
    this.progress = {
      phase: 'reading',
      filesDone: 0,
      filesTotal,
      bytesDone: 0,
      bytesTotal,
      runs: 0,
      points: 0,
      file: null
    };
  }

  context(pointsBefore: number): ImportContext {
    return {
      checkCancelled: this.checkCancelled,
      reportPoints: (n) => this.report({ ...this.progress, points: pointsBefore + n }),
      warn: (warning) => this.result.warnings.push(warning),
      skip: (file, reason) => this.result.skipped.push({ file, reason })
    };
  }

  /**
   * Keeps what a unit gave. One without runs is listed as skipped, but what else it holds
   * (experiment names, saved views) still counts when other files bring the runs.
   */
  keep(name: string, importer: { id: string; label: string }, batches: BatchFromFile[]) {
    const runs = batches.reduce((n, b) => n + countRuns(b), 0);
    const something = holdsAnything(batches);
    if (something) this.result.parsed.push(...batches);
    if (runs === 0 && batches.some((b) => b.batch.registry?.length)) {
      // A registry alone (mlruns/models/ without runs) was read: its models are in the Models view.
      this.result.read.push({ file: name, format: importer.id, runs });
      return;
    }
    if (runs === 0) {
      const what = unitIsFolder(importer) ? importer.label : `${importer.label} file`;
      const only = batches.some((b) => b.views?.length) ? 'saved views' : 'experiment details';
      const why = something ? `no runs, only ${only}` : 'no runs';
      this.result.skipped.push({ file: name, reason: `${what}: ${why}` });
      return;
    }
    this.result.read.push({ file: name, format: importer.id, runs });
    this.progress.runs += runs;
    this.progress.points += batches.reduce((n, b) => n + countPoints(b), 0);
  }

  async readFolder(unit: Extract<Unit, { kind: 'folder' }>, ctx: ImportContext) {
    // Count the claimed files as the importer reads them, so a big folder shows progress.
    for (const source of unit.claim.files) {
      source.whenRead(() => {
        this.progress.filesDone += 1;
        this.progress.bytesDone += source.file.size;
        this.report({ ...this.progress });
      });
    }
    const { batch, problems } = await unit.importer.parseFolder(unit.claim, this.tree, ctx);
    this.result.errors.push(...problems);
    this.keep(unit.claim.root, unit.importer, [
      { file: unit.claim.root, format: unit.importer.id, batch }
    ]);
  }

  async readFile(source: ImportSource, ctx: ImportContext) {
    const name = source.path;
    const importer =
      source.file.size === 0 ? null : await findImporter(source, this.registry.files);
    if (!importer) return this.leaveOut(source);
    const chosen = await this.choices?.lookup(source);
    const fileCtx = chosen ? { ...ctx, choices: new Map([[name, chosen]]) } : ctx;
    const warned = this.result.warnings.length;
    const scanned =
      this.streaming && isStreaming(importer) ? await importer.scan(source, fileCtx) : null;
    const batches: BatchFromFile[] = scanned
      ? [
          {
            file: name,
            format: importer.id,
            batch: { experiments: scanned.experiments, runs: [] },
            scanned
          }
        ]
      : isContainer(importer)
        ? await containerBatches(importer, source, fileCtx, name)
        : [{ file: name, format: importer.id, batch: await importer.parse(source, fileCtx) }];
    this.keep(name, importer, batches);
    if (this.result.warnings.slice(warned).some((w) => w.reading?.file === name)) {
      this.result.rereadable.set(name, source.file);
    }
  }

  /**
   * A file no importer reads: skipped with what it is, when it was found in a folder; an error
   * naming what it looks like, when the person named it on its own.
   */
  async leaveOut(source: ImportSource) {
    const found =
      source.file.size === 0
        ? EMPTY_FILE
        : recognise(await factsOf(source, this.tree), this.registry.recognisers);
    if (source.file.fromFolder)
      this.result.skipped.push({ file: source.path, reason: reasonOf(found) });
    else {
      const reads = formatsRead(this.registry.files, this.registry.folders);
      this.result.errors.push({ file: source.path, message: aloneMessage(found, reads) });
    }
  }

  async readUnit(unit: Unit) {
    this.checkCancelled();
    const name = unit.kind === 'folder' ? unit.claim.root : unit.source.path;
    const before = { points: this.progress.points, runs: this.progress.runs };
    const start = { files: this.progress.filesDone, bytes: this.progress.bytesDone };
    this.progress.file = name;
    this.report({ ...this.progress });
    try {
      if (unit.kind === 'folder') await this.readFolder(unit, this.context(before.points));
      else await this.readFile(unit.source, this.context(before.points));
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      Object.assign(this.progress, before);
      this.result.errors.push(toFileError(name, error));
    }
    // Done with the unit, read or not: its files all count (a folder's were counted as read).
    this.progress.filesDone = start.files + (unit.kind === 'folder' ? unit.claim.files.length : 1);
    this.progress.bytesDone = start.bytes + unit.bytes;
  }
}

/**
 * Reads and parses every file; throws ImportCancelled when cancelled. With `streaming`, files a
 * StreamingImporter can scan are only scanned (BatchFromFile.scanned): their runs are read again
 * while the store writes them, so only a caller that commits them (the import pipeline) asks.
 */
export async function parseFiles(
  files: readonly SourceFile[],
  importers: readonly Importer[] = IMPORTERS,
  checkCancelled: () => void,
  report: (progress: ReadProgress) => void,
  folderImporters: readonly FolderImporter[] = FOLDER_IMPORTERS,
  choices?: ImportChoices,
  streaming = false
): Promise<ParsedFiles> {
  const registry: Registry = { ...REGISTRY, files: importers, folders: folderImporters };
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const examining = (done: number, total: number) =>
    report({
      phase: 'examining',
      filesDone: done,
      filesTotal: total,
      bytesDone: 0,
      bytesTotal,
      runs: 0,
      points: 0,
      file: null
    });
  const errors: FileError[] = [];
  const { sources, tree, units } = await examineFiles(
    files,
    registry,
    checkCancelled,
    errors,
    examining
  );
  const bytes = units.reduce((n, u) => n + u.bytes, 0);
  const reading = new Reading(
    registry,
    tree,
    checkCancelled,
    report,
    sources.length,
    bytes,
    choices,
    streaming
  );
  reading.result.errors.push(...errors);
  for (const unit of units) await reading.readUnit(unit);
  report({ ...reading.progress, file: null });
  return reading.result;
}
