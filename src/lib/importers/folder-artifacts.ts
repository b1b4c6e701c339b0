import type { Artifact } from '../model';
import type { FileTree } from './file-tree';
import { isPreviewable, mediaTypeOf, PREVIEW_LIMIT_BYTES } from './media-types';

/**
 * The files under a run's artifact folder as Artifacts: what the run page can preview is kept
 * whole up to the size limit, the rest (model weights, pickles) is listed with its size only.
 */
export async function readFolderArtifacts(
  tree: FileTree,
  dir: string,
  skip: (relative: string) => boolean = () => false
): Promise<Artifact[]> {
  const out: Artifact[] = [];
  for (const { relative, source } of tree.under(dir)) {
    if (skip(relative)) continue;
    const mediaType = mediaTypeOf(relative);
    const keep = isPreviewable(mediaType) && source.file.size <= PREVIEW_LIMIT_BYTES;
    out.push({
      path: relative,
      size: source.file.size,
      mediaType,
      content: keep ? await source.bytes() : null
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
