import { UnrecognisedFile } from './errors';
import type { FolderImporter, Importer } from './importer';
import { mlflowFileStoreImporter } from './mlflow-filestore/mlflow-filestore';
import { sacredImporter } from './sacred';
import { jsonLogsImporter } from './json-logs/json-logs';
import { mlflowCsvImporter } from './mlflow-csv';
import { mlflowExportImportImporter } from './mlflow-export-import';
import { mlflowRestImporter } from './mlflow-rest';
import { runlensBundleImporter } from './runlens-bundle';
import { runlensJsonImporter } from './runlens-json';
import type { ImportSource } from './source';

/** Every importer, in detection order: on equal confidence the earlier one wins. */
export const IMPORTERS: readonly Importer[] = [
  runlensJsonImporter,
  // Never claims what Runlens JSON claims: a zip, or JSON whose format is "runlens-bundle".
  runlensBundleImporter,
  mlflowExportImportImporter,
  mlflowRestImporter,
  mlflowCsvImporter,
  // Hand-written shapes have no marker; they come last and sniff with lower confidence.
  jsonLogsImporter
];

/** Formats that live in folders; they claim their folders before file importers see any file. */
export const FOLDER_IMPORTERS: readonly FolderImporter[] = [
  mlflowFileStoreImporter,
  sacredImporter
];

/** Asks every importer to sniff the source and returns the most confident one. */
export async function detectImporter(
  source: ImportSource,
  importers: readonly Importer[] = IMPORTERS
): Promise<Importer> {
  if (source.file.size === 0) throw new UnrecognisedFile(source.path, 'is empty');
  // Read the head first, so a file that cannot be read is reported as such, not as unknown.
  await source.head();
  let best: Importer | undefined;
  let bestScore = 0;
  for (const importer of importers) {
    // A sniffer that trips over a file it does not understand simply does not claim it.
    const score = await importer.sniff(source).catch(() => null);
    if (score !== null && score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  if (!best) {
    const known = [...importers, ...FOLDER_IMPORTERS].map((i) => i.label).join(', ');
    throw new UnrecognisedFile(
      source.path,
      `is not in a format Runlens can read (it reads: ${known})`
    );
  }
  return best;
}

/** Looks an importer up by id (stored rows and the CLI name them this way). */
export function importerById(id: string): Importer | undefined {
  return IMPORTERS.find((i) => i.id === id);
}
