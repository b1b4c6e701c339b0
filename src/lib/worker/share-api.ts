/**
 * The worker's side of share links: packing the compared runs into a link, and opening a link
 * into this worker's database (the shared space: it is emptied first, so a link never mixes with
 * what another link opened, and the library is another database altogether).
 */
import type { RunlensDb } from '../db/db';
import { prepareImport } from '../db/prepare';
import { commitImport } from '../db/commit-import';
import { deleteEverything, readSeries } from '../db/repo';
import type { ExplorerService } from '../explorer/explorer-service';
import { buildSharePayload, payloadToBatch, SHARE_FORMAT } from '../share/share-build';
import { decodeShareLink, encodeShareLink, LINK_COMFORT_CHARS } from '../share/share-codec';
import { SPACE_DATABASES } from './space';

export interface ShareLinkRequest {
  runKeys: string[];
  /** Metrics whose charts the link carries points for. */
  charts: string[];
  settings: unknown;
  /** The x axis is a time: carry each point's timestamp too. */
  withTimes: boolean;
}

export interface ShareLinkResult {
  /** The fragment's value, to append as `#share=…`. */
  fragment: string;
  /** Above LINK_COMFORT_CHARS: the page offers a bundle instead. */
  tooLong: boolean;
  runs: number;
  points: number;
}

export interface OpenedShare {
  runKeys: string[];
  settings: unknown;
}

export function shareMethods(db: RunlensDb, explorer: ExplorerService, invalidate: () => void) {
  return {
    async createShareLink(request: ShareLinkRequest): Promise<ShareLinkResult> {
      const { runs, experimentNames } = await explorer.resolveRuns(request.runKeys);
      const payload = await buildSharePayload(
        runs,
        experimentNames,
        request.charts,
        request.settings,
        request.withTimes,
        { readSeries: (runKey, metric) => readSeries(db, runKey, metric) }
      );
      const fragment = encodeShareLink(payload);
      let points = 0;
      for (const r of payload.runs) for (const s of r.series) points += s.steps.length;
      return {
        fragment,
        tooLong: fragment.length > LINK_COMFORT_CHARS,
        runs: payload.runs.length,
        points
      };
    },

    /** Replaces this database's content with the link's runs (throws ShareLinkError if bad). */
    async openShareLink(fragment: string): Promise<OpenedShare> {
      // Opening empties the database first: never the person's library.
      if (db.name === SPACE_DATABASES.library) {
        throw new Error('share links open in the shared space, never in the library');
      }
      const payload = decodeShareLink(fragment);
      const prepared = prepareImport(
        crypto.randomUUID(),
        [{ file: 'share link', format: SHARE_FORMAT, batch: payloadToBatch(payload) }],
        Date.now()
      );
      await deleteEverything(db);
      await commitImport(db, prepared, { checkCancelled: () => {}, onRowsWritten: () => {} });
      invalidate();
      return { runKeys: prepared.runs.map((r) => r.key), settings: payload.settings };
    }
  };
}
