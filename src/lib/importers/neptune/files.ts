/**
 * File attributes as artifacts. neptune-exporter downloads them under
 * `<files-path>/<sanitized project>/` (plus `models/` or `model_versions/` for the model
 * registry) and stores the path relative to that folder in `file_value.path`; Neptune 2.x exports
 * put them at `<project id>/<run id>/<attribute path>` below it (exporters/neptune2.py, read
 * 2026-11). A `file_set` is a folder, an `artifact` a `files_list.json` describing files kept
 * elsewhere. When the files folder was not dropped, each file is listed without its bytes.
 */
import type { Artifact } from '../../model';
import { artifactPathProblem } from '../artifact-path';
import { joinPath, nameOf, type FileTree } from '../file-tree';
import { isPreviewable, mediaTypeOf, PREVIEW_LIMIT_BYTES } from '../media-types';
import type { ImportSource } from '../source';
import type { FileRow } from './export-rows';

/** The dropped folder that `file_value.path` is relative to. */
export interface FilesFolder {
  root: string;
  tree: FileTree;
}

export interface FileArtifacts {
  artifacts: Artifact[];
  /** File attributes whose file was not dropped (listed only). */
  missing: number;
  /** Paths of the dropped files used. */
  used: string[];
}

async function artifactOf(path: string, source: ImportSource): Promise<Artifact> {
  const mediaType = mediaTypeOf(path);
  const keep = isPreviewable(mediaType) && source.file.size <= PREVIEW_LIMIT_BYTES;
  return {
    path,
    size: source.file.size,
    mediaType,
    content: keep ? await source.bytes() : null
  };
}

function listed(path: string): Artifact {
  return { path, size: 0, mediaType: mediaTypeOf(path), content: null };
}

/** Where a row's file goes among the run's artifacts (as the exporter's MLflow loader puts it). */
function artifactPath(row: FileRow, name: string): string {
  return row.type === 'file_series'
    ? `${row.attribute}/step_${row.step ?? ''}/${name}`
    : `${row.attribute}/${name}`;
}

/** The artifacts of one run's file attributes. */
export async function artifactsOfFiles(
  rows: readonly FileRow[],
  folder: FilesFolder | null
): Promise<FileArtifacts> {
  const out: FileArtifacts = { artifacts: [], missing: 0, used: [] };
  const seen = new Set<string>();
  const add = (artifact: Artifact) => {
    // A path that would leave the run, or one already given, is not stored twice.
    if (artifactPathProblem(artifact.path) !== null || seen.has(artifact.path)) return;
    seen.add(artifact.path);
    out.artifacts.push(artifact);
  };
  for (const row of rows) {
    if (row.path === null || artifactPathProblem(row.path) !== null) {
      out.missing++;
      add(listed(row.attribute));
      continue;
    }
    const at = folder ? joinPath(folder.root, row.path) : null;
    const file = at ? folder!.tree.get(at) : undefined;
    if (at && file) {
      add(await artifactOf(artifactPath(row, nameOf(row.path)), file));
      out.used.push(at);
      continue;
    }
    const inside = at ? folder!.tree.under(at) : [];
    if (inside.length > 0) {
      // A file set (or a file series) downloaded as a folder: each file in it.
      for (const { relative, source } of inside) {
        add(await artifactOf(`${artifactPath(row, nameOf(row.path))}/${relative}`, source));
        out.used.push(source.path);
      }
      continue;
    }
    out.missing++;
    add(listed(artifactPath(row, nameOf(row.path))));
  }
  return out;
}
