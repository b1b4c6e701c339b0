/**
 * The whole detection order, in one place. For every import the pipeline (worker/parse-files.ts)
 * walks it top to bottom:
 *   1. ARCHIVES open zips into their entries (a zip a container importer reads whole, such as a
 *      Runlens bundle, or a zip-based format a recogniser names, such as a PyTorch checkpoint,
 *      stays one file);
 *   2. FOLDER_IMPORTERS claim the folders they own (mlruns/, Sacred runs, mlflow-export-import
 *      runs with their artifacts/, TensorBoard logdirs);
 *   3. IMPORTERS sniff each remaining file; the most confident one reads it;
 *   4. RECOGNISERS name every file no importer read, so the report says what it is and why it
 *      was left out (a format not supported yet, not run data, no runs in it).
 * Adding a format is one line here (see docs/adding-an-importer.md).
 */
import { UnrecognisedFile } from './errors';
import { dvcliveImporter } from './dvc/dvclive';
import { dvcExpShowImporter } from './dvc/exp-show';
import type { ArchiveFormat, ContainerImporter, FolderImporter, Importer } from './importer';
import { hfTrainerImporter } from './hf-trainer/importer';
import { mlflowFileStoreImporter } from './mlflow-filestore/mlflow-filestore';
import { sacredImporter } from './sacred';
import { wandbFolderImporter, wandbLogImporter } from './wandb/importer';
import { wandbCsvImporter } from './wandb-csv/importer';
import { tensorboardFileImporter, tensorboardFolderImporter } from './tensorboard/importer';
import { tensorboardDevFileImporter, tensorboardDevFolderImporter } from './tensorboard/dev-export';
import { jsonLogsImporter } from './json-logs/json-logs';
import { kerasCsvImporter } from './keras-csv';
import { lightningCsvFileImporter, lightningCsvFolderImporter } from './lightning-csv/importer';
import { kerasTunerImporter } from './keras-tuner/keras-tuner';
import { mlflowCsvImporter } from './mlflow-csv';
import {
  mlflowExportImportFolderImporter,
  mlflowExportImportImporter
} from './mlflow-export-import';
import { mlflowRestImporter } from './mlflow-rest';
import { mlflowSqliteImporter } from './mlflow-sqlite/importer';
import { ultralyticsImporter } from './ultralytics/importer';
import { mlflowRunDumpImporter } from './mlflow-run-dump';
import { neptuneFileImporter, neptuneFolderImporter } from './neptune/importer';
import { optunaJournalImporter } from './optuna-journal';
import { optunaRdbImporter } from './optuna-rdb/importer';
import { trackioImporter } from './trackio/importer';
import { zipArchive } from './readers/zip';
import { GENERIC_RECOGNISERS } from './recognise/generic';
import { NOT_RUN_DATA_RECOGNISERS } from './recognise/not-run-data';
import type { Recogniser } from './recognise/recogniser';
import { TRACKER_RECOGNISERS } from './recognise/trackers';
import { TRAINING_LOG_RECOGNISERS } from './recognise/training-logs';
import { runlensBundleImporter } from './runlens-bundle';
import { runlensJsonImporter } from './runlens-json';
import type { ImportSource } from './source';

/** Files that hold other files, opened before anything else. */
export const ARCHIVES: readonly ArchiveFormat[] = [zipArchive];

/** Every importer, in detection order: on equal confidence the earlier one wins. */
export const IMPORTERS: readonly Importer[] = [
  runlensJsonImporter,
  // Never claims what Runlens JSON claims: a zip, or JSON whose format is "runlens-bundle".
  runlensBundleImporter,
  tensorboardFileImporter,
  tensorboardDevFileImporter,
  wandbLogImporter,
  mlflowExportImportImporter,
  mlflowRestImporter,
  mlflowRunDumpImporter,
  mlflowCsvImporter,
  wandbCsvImporter,
  mlflowSqliteImporter,
  lightningCsvFileImporter,
  kerasCsvImporter,
  dvcExpShowImporter,
  optunaJournalImporter,
  optunaRdbImporter,
  trackioImporter,
  neptuneFileImporter,
  // Hand-written shapes have no marker; they come last and sniff with lower confidence.
  jsonLogsImporter
];

/** Formats that live in folders; they claim their folders before file importers see any file. */
export const FOLDER_IMPORTERS: readonly FolderImporter[] = [
  mlflowFileStoreImporter,
  sacredImporter,
  // A run.json with an artifacts/ folder beside it; a run.json alone is a file importer's.
  mlflowExportImportFolderImporter,
  // Before TensorBoard: event files W&B synced into a run's files/ are that run's artifacts.
  wandbFolderImporter,
  tensorboardFolderImporter,
  tensorboardDevFolderImporter,
  hfTrainerImporter,
  ultralyticsImporter,
  lightningCsvFolderImporter,
  dvcliveImporter,
  kerasTunerImporter,
  neptuneFolderImporter
];

/**
 * What files no importer read are, most specific first: tracker files Runlens cannot read yet,
 * framework training logs, files that are not run data, then plain data and text. An importer
 * for one of these formats, once added above, reads the files before a recogniser sees them.
 */
export const RECOGNISERS: readonly Recogniser[] = [
  ...TRACKER_RECOGNISERS,
  ...TRAINING_LOG_RECOGNISERS,
  ...NOT_RUN_DATA_RECOGNISERS,
  ...GENERIC_RECOGNISERS
];

/** The detection order as one value, so tests and tools can run the pipeline over another. */
export interface Registry {
  archives: readonly ArchiveFormat[];
  folders: readonly FolderImporter[];
  files: readonly Importer[];
  recognisers: readonly Recogniser[];
}

export const REGISTRY: Registry = {
  archives: ARCHIVES,
  folders: FOLDER_IMPORTERS,
  files: IMPORTERS,
  recognisers: RECOGNISERS
};

/** Asks every importer to sniff the source; the most confident one, or null when none claims it. */
export async function findImporter(
  source: ImportSource,
  importers: readonly Importer[] = IMPORTERS
): Promise<Importer | null> {
  // Read the head first, so a file that cannot be read is reported as such, not as unknown.
  await source.head();
  let best: Importer | null = null;
  let bestScore = 0;
  for (const importer of importers) {
    // A sniffer that trips over a file it does not understand simply does not claim it.
    const score = await importer.sniff(source).catch(() => null);
    if (score !== null && score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  return best;
}

/** Like findImporter, but an empty or unclaimed file is an UnrecognisedFile error. */
export async function detectImporter(
  source: ImportSource,
  importers: readonly Importer[] = IMPORTERS
): Promise<Importer> {
  if (source.file.size === 0) throw new UnrecognisedFile(source.path, 'is empty');
  const best = await findImporter(source, importers);
  if (!best) {
    throw new UnrecognisedFile(
      source.path,
      `is not in a format Runlens can read (it reads: ${formatsRead(importers)})`
    );
  }
  return best;
}

/** The formats Runlens reads, for messages: "Runlens JSON, Runlens bundle, ...". */
export function formatsRead(
  importers: readonly Importer[] = IMPORTERS,
  folders: readonly FolderImporter[] = FOLDER_IMPORTERS
): string {
  return [...importers, ...folders].map((i) => i.label).join(', ');
}

/** Is this importer a container (it reads a file holding runs of other formats, a bundle)? */
export function isContainer(importer: Importer): importer is ContainerImporter {
  return 'parseContainer' in importer;
}

/** Looks an importer up by id (stored rows and the CLI name them this way). */
export function importerById(id: string): Importer | undefined {
  return IMPORTERS.find((i) => i.id === id);
}
