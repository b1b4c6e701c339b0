/**
 * Runlens bundles (`.runlens`): a zip whose first entry is `runlens-bundle.json`, written by
 * ../bundle/write-bundle.ts and specified in docs/bundle-format.md. The bundle is not an archive
 * of loose files: the pipeline hands it here whole (see isRunlensBundle in parse-files.ts), and
 * each run goes back under the format that first read it, so its key is the one it had.
 */
import { HEADER_ENTRY } from '../bundle/bundle-format';
import { readBundle } from '../bundle/read-bundle';
import { ImportError } from './errors';
import type { ContainerImporter, ImportContext } from './importer';
import type { ImportSource } from './source';

const HEADER_NAME = new TextEncoder().encode(HEADER_ENTRY);

/** Does the file start with a zip local header for `runlens-bundle.json` (a bundle's first entry)? */
export async function isRunlensBundle(source: ImportSource): Promise<boolean> {
  const h = await source.head();
  if (h.length < 30 + HEADER_NAME.length) return false;
  if (h[0] !== 0x50 || h[1] !== 0x4b || h[2] !== 3 || h[3] !== 4) return false;
  const nameLength = h[26]! | (h[27]! << 8);
  if (nameLength !== HEADER_NAME.length) return false;
  return HEADER_NAME.every((b, i) => h[30 + i] === b);
}

/** The header of an unpacked bundle, dropped on its own: recognised, so the message can say so. */
const LOOSE_HEADER = /^\s*\{\s*"format"\s*:\s*"runlens-bundle"/;

export const runlensBundleImporter: ContainerImporter = {
  id: 'runlens-bundle',
  label: 'Runlens bundle',
  extensions: ['.runlens'],

  async sniff(source: ImportSource) {
    if (await isRunlensBundle(source)) return 1;
    return LOOSE_HEADER.test(await source.headText()) ? 1 : null;
  },

  async parseContainer(source: ImportSource, ctx: ImportContext) {
    if (!(await isRunlensBundle(source))) {
      throw new ImportError(
        source.path,
        `is the header of an unpacked Runlens bundle; import the .runlens file itself`
      );
    }
    return readBundle(source, { checkCancelled: () => ctx.checkCancelled() });
  },

  /** Every run in one batch; runs keep their original format in `source` (CLI summaries). */
  async parse(source: ImportSource, ctx: ImportContext) {
    const { batches } = await this.parseContainer(source, ctx);
    return {
      experiments: batches.flatMap((b) => b.batch.experiments),
      runs: batches.flatMap((b) => b.batch.runs)
    };
  }
};
