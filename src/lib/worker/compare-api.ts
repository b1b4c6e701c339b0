/**
 * The comparison's part of the worker API: the comparison engine and the Media section's
 * service, each loaded with its first request (the worker's script is part of every page's first
 * JavaScript, bench scenario 10), and the metric aliases every comparison reads runs through.
 * Wired by worker-api.ts, which calls `invalidate` when imports or deletes change the store.
 */
import { applyRunEdit } from '../run-edits/run-edits';
import type { RunlensDb } from '../db/db';
import { readExperimentNames, readRunEdits, readRunsByKey, readSeries } from '../db/repo';
import { readSeriesOfRuns } from '../db/series-of-runs';
import type { CompareService, CompareSource } from '../compare/compare-service';
import { parseAliasGroups, type AliasGroup } from '../compare/metric-aliases';
import type { ExplorerService } from '../explorer/explorer-service';
import type { WorkerApi } from './api';
import type { MediaService } from './media-api';

type CompareMethods = Pick<
  WorkerApi,
  | 'compareSetAliases'
  | 'comparePrefetch'
  | 'compareOpen'
  | 'compareDiff'
  | 'compareRunLabels'
  | 'compareChart'
  | 'compareStats'
  | 'compareGroupValues'
  | 'compareGroupTest'
  | 'compareHyperTable'
  | 'compareImportance'
  | 'compareResultsTable'
  | 'compareResultsLayout'
  | 'comparePanel'
  | 'compareMedia'
  | 'compareMediaAt'
  | 'readMediaFiles'
>;

export function createCompareApi(
  db: RunlensDb,
  explorer: Pick<ExplorerService, 'resolveRuns'>
): { methods: CompareMethods; invalidate: () => void } {
  // The comparison engine (stats, smoothing, the forest) loads with the first comparison, not
  // with the start page: the worker is part of the start page's JavaScript.
  let compareService: CompareService | null = null;
  let compareLoading: Promise<CompareService> | null = null;
  /** The person's metric aliases: the comparison reads every run through them. */
  let metricAliases: AliasGroup[] = [];
  const compare = (): Promise<CompareService> =>
    (compareLoading ??= Promise.all([
      import('../compare/compare-service'),
      import('../compare/aliased-source')
    ]).then(([{ CompareService }, { withMetricAliases }]) => {
      const store: CompareSource = {
        readRuns: async (keys) => {
          const [runs, edits] = await Promise.all([
            readRunsByKey(db, keys),
            readRunEdits(db, keys)
          ]);
          const byKey = new Map(edits.map((e) => [e.runKey, e]));
          return runs.map((r) => r && applyRunEdit(r, byKey.get(r.key)));
        },
        readExperimentNames: (keys) => readExperimentNames(db, keys),
        resolveRuns: (names) => explorer.resolveRuns(names),
        readSeries: (runKey, metric) => readSeries(db, runKey, metric),
        readSeriesOfRuns: (runKeys, metric) => readSeriesOfRuns(db, runKeys, metric)
      };
      compareService = new CompareService(withMetricAliases(store, metricAliases));
      return compareService;
    }));
  // The Media section's service loads with its first request too.
  let mediaService: MediaService | null = null;
  let mediaLoading: Promise<MediaService> | null = null;
  const media = () =>
    (mediaLoading ??= import('./media-api').then(
      ({ MediaService }) => (mediaService = new MediaService(db))
    ));

  const methods: CompareMethods = {
    compareSetAliases(groups) {
      // Checked again here: the page read them from storage, which anyone can write.
      const next = parseAliasGroups(groups);
      // The same list again (the boot and the page both send it) keeps what was read under it.
      if (JSON.stringify(next) === JSON.stringify(metricAliases)) return;
      metricAliases = next;
      compareService = null;
      compareLoading = null;
    },
    comparePrefetch: async (names, picked, target) =>
      (await compare()).prefetchFirstChart(names, picked, target ?? null),
    compareOpen: async (names) => (await compare()).open(names),
    compareDiff: async (request) => (await compare()).diff(request),
    compareRunLabels: async (runKeys, template) => (await compare()).runLabels(runKeys, template),
    compareChart: async (request) => (await compare()).chart(request),
    compareStats: async (request) => (await compare()).stats(request),
    compareGroupValues: async (request) => (await compare()).groupValues(request),
    compareGroupTest: async (request) => (await compare()).groupTest(request),
    compareHyperTable: async (request) => (await compare()).hyperTable(request),
    compareImportance: async (request) => (await compare()).importance(request),
    comparePanel: async (kind, runKeys, input) => (await compare()).panel(kind, runKeys, input),
    compareResultsTable: async (request) => (await compare()).resultsTable(request),
    compareResultsLayout: async (request) => (await compare()).resultsLayout(request),
    compareMedia: async (runKeys) => (await media()).catalog(runKeys),
    compareMediaAt: async (request) => (await media()).at(request),
    readMediaFiles: async (refs) => (await media()).files(refs)
  };
  return {
    methods,
    invalidate: () => {
      compareService?.invalidate();
      mediaService?.invalidate();
    }
  };
}
