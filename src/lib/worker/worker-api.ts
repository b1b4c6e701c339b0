/**
 * The worker's API as a plain object over a database: everything the page may ask of the store
 * and the import pipeline (its entry points in import-api.ts, the comparison's in compare-api.ts).
 * runlens.worker.ts exposes it; tests call it directly.
 */
import { applyRunEdits, changeEdit, isEmptyEdit } from '../run-edits/run-edits';
import type { RunlensDb } from '../db/db';
import {
  deleteEverything,
  deleteView,
  deleteWithUndo,
  listViews,
  readArtifacts,
  readLibrary,
  readLibraryInPages,
  readRunEdit,
  readRunEdits,
  writeRunEdit,
  readProvenance,
  readRegistry,
  readSiblingRuns,
  readRun,
  readRunsByKey,
  readSeries,
  restoreDeleted,
  saveView,
  type DeletedRows
} from '../db/repo';
import { ExplorerService } from '../explorer/explorer-service';
import type { WorkerApi } from './api';
import { toChartSeries } from './chart-data';
import { createCompareApi } from './compare-api';
import { createImportApi } from './import-api';
import { registrationsOf, registryView } from '../provenance/registry-view';
import type { Provenance } from '../model';
import type { RunRow } from '../db/rows';

/** Run rows per page when the explorer reads the library (~10 MB of rows at a time). */
const LIBRARY_PAGE_ROWS = 5_000;

export function createWorkerApi(db: RunlensDb): WorkerApi {
  const explorer = new ExplorerService({
    // People's edits (name, note, tags) laid over the imported runs: filters see what is shown.
    readLibrary: async () => {
      const library = await readLibrary(db);
      const runs = applyRunEdits(library.runs, await readRunEdits(db));
      return { ...library, runs, registry: await readRegistry(db) };
    },
    readSeries: (runKey, metric) => readSeries(db, runKey, metric),
    // The lean reading: pages of rows into columns, never the whole library's rows at once.
    readLibraryInPages: async (visit, stored) => {
      const edits = await readRunEdits(db);
      const registry = await readRegistry(db);
      return readLibraryInPages(
        db,
        LIBRARY_PAGE_ROWS,
        (count) => visit.begin(count, registry),
        (rows) => visit.runs(applyRunEdits(rows, edits)),
        stored
      );
    },
    readRuns: async (keys) => {
      const rows = await readRunsByKey(db, keys);
      const edits = await readRunEdits(db, keys);
      const edited = applyRunEdits(
        rows.filter((r): r is RunRow => r !== undefined),
        edits
      );
      const byKey = new Map(edited.map((r) => [r.key, r]));
      return keys.map((k) => byKey.get(k));
    }
  });
  const comparison = createCompareApi(db, explorer);
  /** Imports and deletes change what the engines hold. */
  const invalidate = (stored?: readonly RunRow[]) => {
    explorer.invalidate(stored);
    comparison.invalidate();
  };
  const undoable = new Map<number, DeletedRows>();
  let nextToken = 1;
  const imports = createImportApi(db, invalidate);

  return {
    ...imports.methods,

    readLibrarySummary: () => explorer.summary(),
    readRun: async (key) => (await readRun(db, key)) ?? null,
    readRunFamily: (key) => explorer.family(key),
    readRunEdit: async (key) => (await readRunEdit(db, key)) ?? null,
    async editRun(key, change) {
      const run = await readRun(db, key);
      if (!run) return null;
      const edit = changeEdit(run, await readRunEdit(db, key), change, Date.now());
      await writeRunEdit(db, edit);
      invalidate();
      return isEmptyEdit(edit) ? null : edit;
    },
    readSeries: (runKey, metric) => readSeries(db, runKey, metric),
    readChartSeries: async (runKey, metric) => toChartSeries(await readSeries(db, runKey, metric)),
    readArtifacts: (runKey) => readArtifacts(db, runKey),
    readProvenance: async (runKey) => (await readProvenance(db, runKey)) ?? null,
    readRegistry: async () => registryView(await readRegistry(db), await db.runs.toArray()),
    readRegistrations: async (runKey) => {
      const run = await readRun(db, runKey);
      return run ? registrationsOf(await readRegistry(db), run.id) : [];
    },
    // Lineage, the diff of two runs and fetching a ?src= file load on first use: the worker's
    // script is part of every page's first JavaScript (bench scenario 10).
    readRunLineage: async (runKey) =>
      (await import('./lineage-api')).readRunLineage(db, runKey, (key) => explorer.family(key)),
    readModelLineages: async () => (await import('./lineage-api')).readModelLineages(db),
    readSiblingRuns: async (runKey) =>
      (await readSiblingRuns(db, runKey)).map((r) => ({ key: r.key, id: r.id, name: r.name })),
    diffRuns: async (a, b) => {
      const [ra, rb] = await readRunsByKey(db, [a, b]);
      if (!ra || !rb) return null;
      const [pa, pb] = await Promise.all([readProvenance(db, a), readProvenance(db, b)]);
      const side = (r: RunRow, p: Provenance | undefined) => ({
        params: r.params,
        metrics: r.metrics,
        provenance: p ?? null
      });
      const link = (r: RunRow) => ({
        key: r.key,
        id: r.id,
        name: r.name,
        experimentKey: r.experimentKey
      });
      const { diffRuns } = await import('../provenance/diff');
      return { a: link(ra), b: link(rb), diff: diffRuns(side(ra, pa), side(rb, pb)) };
    },
    deleteEverything: async () => {
      await deleteEverything(db);
      await imports.stopFollows();
      undoable.clear();
      invalidate();
    },

    // The rows on screen come back with the view: one round trip instead of two. A request
    // that a newer one overtook in the queue answers null without computing.
    async explorerView(request, firstRows) {
      const view = await explorer.latestView(request);
      if (!view) return { view, rows: [] };
      const rows = firstRows
        ? ((await explorer.rows(
            view.generation,
            firstRows.start,
            firstRows.end,
            firstRows.columns
          )) ?? [])
        : [];
      return { view, rows };
    },
    explorerRows: (generation, start, end, columns) =>
      explorer.rows(generation, start, end, columns),
    explorerMatchingKeys: (generation) => explorer.matchingKeys(generation),
    explorerCatalog: () => explorer.catalog(),

    async deleteRows(target) {
      const removed = await deleteWithUndo(db, target);
      invalidate();
      const token = nextToken++;
      undoable.set(token, removed);
      return { token, runs: removed.runs.length };
    },

    async undoDelete(token) {
      const removed = undoable.get(token);
      if (!removed) return;
      undoable.delete(token);
      await restoreDeleted(db, removed);
      invalidate();
    },

    ...comparison.methods,

    // Share links load their codec (and its deflate) on first use.
    createShareLink: async (request) =>
      (await import('./share-api')).shareMethods(db, explorer, invalidate).createShareLink(request),
    openShareLink: async (fragment) =>
      (await import('./share-api')).shareMethods(db, explorer, invalidate).openShareLink(fragment),

    listViews: () => listViews(db),
    saveView: (view) => saveView(db, view),
    deleteView: (id) => deleteView(db, id),

    async exportBundle(target, options) {
      // The bundle writer (and fflate) load on first use, like the importers.
      const { collectBundle } = await import('../bundle/from-store');
      const { writeBundleBlob } = await import('../bundle/write-bundle');
      const contents = await collectBundle(db, target, options);
      return writeBundleBlob(contents, { ...options, createdBy: 'Runlens (browser)' }).blob;
    }
  };
}
