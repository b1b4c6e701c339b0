/**
 * The message contract between the page and the worker, types only. The page holds a
 * `Remote<WorkerApi>` from client.ts; the worker exposes an object built by worker-api.ts.
 */
import type { FileError, ImportWarning } from '../importers/errors';
import type { ReadingChoices, TolerantReading } from '../importers/column-roles';
import type { MetricSeries } from '../model';
import type { ArtifactRow, ProvenanceRow, RunEditRow, RunRow, SavedViewRow } from '../db/rows';
import type { RunEditChange } from '../run-edits/run-edits';
import type { ChartSeries } from './chart-data';
import type { RunDiff } from '../provenance/diff';
import type { LineageGraph } from '../provenance/lineage';
import type { WalkHandle } from './handle-walk';
import type { ModelView, Registration } from '../provenance/registry-view';

/** Two runs and what changed between them. */
export interface RunDiffView {
  a: RunLink & { experimentKey: string };
  b: RunLink & { experimentKey: string };
  diff: RunDiff;
}
import type {
  ColumnCatalog,
  ColumnRef,
  ExplorerRequest,
  ExplorerView,
  LibrarySummary,
  RowView,
  RunFamily,
  RunLink
} from '../explorer/explorer-types';
import type { DeleteTarget } from '../db/repo';
import type { BundleTarget } from '../bundle/from-store';
import type {
  ChartFrame,
  ChartRequest,
  CompareSet,
  DiffRequest,
  DiffRow,
  GroupBy,
  GroupTestRequest,
  GroupTestResult,
  GroupValues,
  HyperRequest,
  ImportanceRequest,
  MetricStatsRow,
  StatsRequest
} from '../compare/compare-types';
import type { AliasGroup } from '../compare/metric-aliases';
import type { HyperTable } from '../charts/hyper/hyper-types';
import type { ImportanceResult } from '../stats/importance';
import type { MetricDirection } from '../model/metric-direction';
import type { RunSummaryKind } from '../stats/summary-choice';
import type { OpenedShare, ShareLinkRequest, ShareLinkResult } from './share-api';
import type { ServerAuth } from '../mlflow-server/auth';
import type { ResultsLayout, ResultsTable, ResultsTableRequest } from '../results-table/types';
import type { PanelAnswer, PanelInput, PanelKind } from '../compare/panel-engines';
import type { ArtifactRef, MediaCatalog, MediaCell } from '../media/media-series';
import type { MediaAtRequest, MediaFile } from './media-api';
import type { ServerRefreshOutcome, ServerRefreshRequest } from './server-refresh';
import type { FullHistoriesOutcome, FullHistoriesRequest } from './server-full-histories';
import type { OverviewsRequest } from './server-overviews';
import type { ServerArtifactsRequest } from './server-artifacts';
import type { FollowedFolder, FollowPoll } from './follow-api';

/** Runs to fetch from a live MLflow tracking server (server-import.ts). */
export interface ServerImportRequest {
  /** The server's address, e.g. `http://127.0.0.1:5000`. */
  url: string;
  /** Held in memory by the page and sent with each request; never stored with the runs. */
  auth: ServerAuth | null;
  /** The page's origin (`location.origin`), to tell a CORS refusal from a dead server. */
  pageOrigin: string | null;
  /** Experiment ids (or names) to fetch; every active experiment when empty. */
  experimentIds: string[];
  /** A Runlens filter: MLflow's part pushed to runs/search, the rest finished in the worker. */
  filter?: string;
  /** runs/search `order_by` clauses (e.g. `metrics.loss ASC`), pushed down as they are. */
  orderBy?: string[];
  /** At most this many runs, the first in `orderBy`'s order; all when absent. */
  maxRuns?: number;
  /**
   * `latest` (the app's choice): only the latest value of each metric, as runs/search lists it;
   * a metric's overview is fetched when it is charted (loadServerOverviews), every point on
   * demand (loadFullServerHistories). `sampled`: every metric's overview now. `full` (default):
   * every point now.
   */
  histories?: 'full' | 'sampled' | 'latest';
  /**
   * List each run's artifacts now (default true); the app passes false: a run's artifacts are
   * listed when its page is opened (listServerArtifacts).
   */
  artifacts?: boolean;
}

/** A dropped or picked file: the Blob is structured-cloned by reference and read in the worker. */
export interface ImportFile {
  path: string;
  blob: Blob;
  /** Came from a dropped or picked folder (unrecognised files there are skipped, not errors). */
  fromFolder: boolean;
}

export interface ImportProgress {
  /**
   * In order: 'listing' (the page walks a dropped folder and hands files over), 'downloading'
   * (only for an import from a URL), 'fetching' (only from a tracking server: runs listed, then
   * runs whose histories arrived, as filesDone of filesTotal), 'examining' (heads read, zips opened, folders claimed),
   * 'reading' (files parsed), 'writing' (rows stored), 'done'.
   */
  phase: 'listing' | 'downloading' | 'fetching' | 'examining' | 'reading' | 'writing' | 'done';
  /** Files to list, examine or read (0 while the page is still finding them). */
  filesTotal: number;
  /**
   * Bytes of all files, and of the files already read: the reading half of the bar. While
   * downloading: bytes received, and the announced size (0 while the server has not said).
   */
  bytesTotal: number;
  bytesDone: number;
  /** Files listed, examined or read so far, by phase. */
  filesDone: number;
  /** Runs parsed so far. */
  runs: number;
  /** Metric points parsed (while reading) or written (while writing) so far. */
  points: number;
  /** Total points to write, known once reading is over (0 before). */
  pointsTotal: number;
  /** The file being read (the URL, while downloading), when there is one. */
  file: string | null;
}

/** Files left out for one reason: how many, and the first of them (the list is capped). */
export interface SkippedGroup {
  reason: string;
  count: number;
  files: string[];
}

export interface ImportOutcome {
  /**
   * 'done': runs (or registered models) were stored. 'empty': nothing was rejected, but no run came out of the files
   * (the skipped groups say why; experiment records or saved views they held were stored).
   * 'error': a file was rejected (runs from the others may still have been stored).
   * 'cancelled': nothing was stored.
   */
  state: 'done' | 'empty' | 'error' | 'cancelled';
  importId: string | null;
  /** Files dropped or picked (a zip counts once); 0 for runs fetched from a tracking server. */
  files: number;
  /** Files neither read into a run nor rejected, grouped by reason, largest group first. */
  skipped: SkippedGroup[];
  /** Files read only in part; their runs were stored. The first 100 (warningCount has them all). */
  warnings: ImportWarning[];
  warningCount: number;
  /**
   * Files read by a tolerant reading, each with its columns' roles (the person may change them
   * and read the file again: WorkerApi.rereadFile). The first 100 (readingCount has them all);
   * their sentences are not among the warnings.
   */
  readings: TolerantReading[];
  readingCount: number;
  experiments: number;
  runs: number;
  points: number;
  /** Registered models stored (a model registry read, with or without runs). */
  models: number;
  errors: FileError[];
  /**
   * Keys of the runs this import stored, new or replaced (every one of them also carries
   * `importId`), so the page can show them and highlight them.
   */
  runKeys: string[];
  /** The browser refused to store more (a quota error): nothing was saved; room must be made. */
  storageFull?: boolean;
}

export interface WorkerApi {
  /**
   * Hands files over for the next import, a batch at a time: cloning thousands of File objects
   * in one message blocks the page for most of a second.
   */
  stageFiles(files: ImportFile[]): Promise<number>;
  /** Reads, detects, parses and stores the staged files as one import; resolves when it is over. */
  importStaged(onProgress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  /**
   * Imports folders and files given as File System Access handles (a picked or dropped folder):
   * the worker walks them ('listing' phase), so the page lists nothing. FileSystemHandles are
   * cloned to the worker; WalkHandle is the part of them it uses.
   */
  importHandles(
    handles: readonly WalkHandle[],
    onProgress: (p: ImportProgress) => void
  ): Promise<ImportOutcome>;
  /**
   * Downloads a file by URL (the bundled sample, `/?src=`) with progress, then imports it like a
   * dropped file. Relative URLs resolve against the app's origin; see fetch-source.ts for the rules.
   */
  importUrl(url: string, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  /**
   * Reads a file of the last import again with the column roles a person chose (null: back to
   * the guess), as an import of that one file: its runs are replaced in one transaction (same
   * run ids), and the choice is remembered for the file (path, size, content hash) with them.
   */
  rereadFile(
    file: string,
    choices: ReadingChoices | null,
    onProgress: (p: ImportProgress) => void
  ): Promise<ImportOutcome>;
  /**
   * Fetches runs from a live MLflow tracking server (every metric's full history, artifact
   * listings) and stores them as one import named by the server's address; fetching the same
   * server again replaces its runs. Cancelled by cancelImport.
   */
  importMlflowServer(
    request: ServerImportRequest,
    onProgress: (p: ImportProgress) => void
  ): Promise<ImportOutcome>;
  /**
   * Refreshes runs fetched from a tracking server (server-refresh.ts): only what changed since is
   * fetched and stored into the same import; `runKeys` limits it to those runs (live-follow).
   */
  refreshMlflowServer(request: ServerRefreshRequest): Promise<ServerRefreshOutcome>;
  /**
   * Replaces sampled server histories of these runs (of `metrics`, or all) with every point
   * (server-full-histories.ts), in one transaction; nothing to do for runs stored whole.
   */
  loadFullServerHistories(request: FullHistoriesRequest): Promise<FullHistoriesOutcome>;
  /**
   * MLflow's sampled overview of `metrics` for those of the runs stored with the latest value
   * only (server-overviews.ts): what a chart of them fetches before it draws.
   */
  loadServerOverviews(request: OverviewsRequest): Promise<FullHistoriesOutcome>;
  /** Lists a server run's artifacts if its import did not (server-artifacts.ts). */
  listServerArtifacts(request: ServerArtifactsRequest): Promise<FullHistoriesOutcome>;
  /**
   * Follows a folder given as a handle (docs/follow-folder.md): reads it whole as the import
   * `importId` (the picker's import, or an earlier visit's; new when null), then keeps each
   * file's state for followPoll. The folder is remembered for the next visit.
   */
  followFolder(handle: WalkHandle, importId: string | null): Promise<FollowPoll>;
  /** One poll of a followed folder: grown files appended, anything else read again whole. */
  followPoll(id: string): Promise<FollowPoll>;
  /** Stops polling a folder (still remembered). */
  followStop(id: string): void;
  /** Stops and forgets a followed folder; its runs stay. */
  followForget(id: string): Promise<void>;
  /** Followed folders, remembered ones included, newest first (handles cloned to the page). */
  followedFolders(): Promise<FollowedFolder[]>;
  /** Cancels the running import; nothing of it is left in the store. */
  cancelImport(): void;
  /** Experiments with run counts and the import history (never every run row). */
  readLibrarySummary(): Promise<LibrarySummary>;
  readRun(key: string): Promise<RunRow | null>;
  /** A person's edit of the run (name, note, tags; ../run-edits/), or null when it has none. */
  readRunEdit(key: string): Promise<RunEditRow | null>;
  /** Changes the run's edit (null when the edit is gone: everything back to the import). */
  editRun(key: string, change: RunEditChange): Promise<RunEditRow | null>;
  /** A run's parent, children and experiment name. */
  readRunFamily(key: string): Promise<RunFamily>;
  /** A full metric history; its arrays are transferred, not copied. */
  readSeries(runKey: string, metric: string): Promise<MetricSeries>;
  /** A history ordered for drawing; its arrays are transferred, not copied. */
  readChartSeries(runKey: string, metric: string): Promise<ChartSeries>;
  readArtifacts(runKey: string): Promise<ArtifactRow[]>;
  /** A run's code, data, environment and models; null when its export stated none. */
  readProvenance(runKey: string): Promise<ProvenanceRow | null>;
  /** Every registered model with its versions, each linked to its stored run (the Models view). */
  readRegistry(): Promise<ModelView[]>;
  /** The registered versions a run produced ("Registered as model X v3"). */
  readRegistrations(runKey: string): Promise<Registration[]>;
  /** Data in, the run under its parent, models out, registry versions; null when not stored. */
  readRunLineage(runKey: string): Promise<LineageGraph | null>;
  /** Model key → data in, the runs that made its versions, the versions. */
  readModelLineages(): Promise<Map<string, LineageGraph>>;
  /** The other runs of a run's experiment, for "Diff with…". */
  readSiblingRuns(runKey: string): Promise<RunLink[]>;
  /** What changed from run `a` to run `b` (null when either is not stored). */
  diffRuns(a: string, b: string): Promise<RunDiffView | null>;
  deleteEverything(): Promise<void>;

  /**
   * Filters, sorts and nests the library's runs; later calls replace earlier views, and a call
   * overtaken by a newer one in the queue answers `view: null` without computing. The first
   * rows come back with it, with the view's default columns when `columns` is null.
   */
  explorerView(
    request: ExplorerRequest,
    firstRows?: { start: number; end: number; columns: ColumnRef[] | null }
  ): Promise<{ view: ExplorerView | null; rows: RowView[] }>;
  /** Rows [start, end) of a view (null when a newer view replaced it). */
  explorerRows(
    generation: number,
    start: number,
    end: number,
    columns: ColumnRef[]
  ): Promise<RowView[] | null>;
  /** Keys of every matching run of a view. */
  explorerMatchingKeys(generation: number): Promise<string[]>;
  /** Every param, tag and metric key, with how many runs have it. */
  explorerCatalog(): Promise<ColumnCatalog>;
  /** Deletes runs, experiments or imports; the returned token undoes it while the worker lives. */
  deleteRows(target: DeleteTarget): Promise<{ token: number; runs: number }>;
  undoDelete(token: number): Promise<void>;

  /**
   * The metric aliases every later comparison request reads through (metric-aliases.ts). Sent
   * before compareOpen; messages are handled in order, so no request sees the old list.
   */
  compareSetAliases(groups: AliasGroup[]): void;
  /**
   * Starts reading the first chart's histories of a comparison (the `picked` metric, else the
   * default first, led by `target` when these runs have it), as the app boots on its address or
   * a comparison opens; answers, once the reads have started, with the metric being read (the
   * page's first panel before the run list arrives), or null.
   */
  comparePrefetch(
    names: string[],
    picked: string | null,
    target?: string | null
  ): Promise<string | null>;
  /** The compared runs (named by key, or by id) and every key they have. */
  compareOpen(names: string[]): Promise<CompareSet>;
  compareDiff(request: DiffRequest): Promise<DiffRow[]>;
  /** The compared runs' line names under a label template (label-template.ts), in order. */
  compareRunLabels(runKeys: string[], template: string): Promise<string[]>;
  /** One chart's lines, reduced to the plot's pixel columns. */
  compareChart(request: ChartRequest): Promise<ChartFrame>;
  compareStats(request: StatsRequest): Promise<MetricStatsRow[]>;
  compareGroupValues(request: {
    runKeys: string[];
    metric: string;
    summary: RunSummaryKind;
    k: number;
    direction: MetricDirection;
    groupBy: GroupBy | null;
  }): Promise<GroupValues[]>;
  compareGroupTest(request: GroupTestRequest): Promise<GroupTestResult>;
  compareHyperTable(request: HyperRequest): Promise<HyperTable>;
  compareImportance(request: ImportanceRequest): Promise<ImportanceResult>;
  /** A results table for papers (results-table/), and a first layout for the runs. */
  compareResultsTable(request: ResultsTableRequest): Promise<ResultsTable>;
  compareResultsLayout(request: {
    runKeys: string[];
    target: string | null;
  }): Promise<ResultsLayout | null>;
  /** A panel worked out from the compared runs' rows (compare/panel-engines.ts), by its kind. */
  comparePanel<K extends PanelKind>(
    kind: K,
    runKeys: string[],
    input: PanelInput<K>
  ): Promise<PanelAnswer<K>>;

  /** The compared runs' media (../media/): keys, kinds and every step any run logged them at. */
  compareMedia(runKeys: string[]): Promise<MediaCatalog>;
  /** For a key and step, each run's newest file at or before it (paths only, no bytes). */
  compareMediaAt(request: MediaAtRequest): Promise<MediaCell[]>;
  /** The bytes of the media files on screen, as stored Blobs (cloned by reference). */
  readMediaFiles(refs: ArtifactRef[]): Promise<MediaFile[]>;

  listViews(): Promise<SavedViewRow[]>;
  /** Saves a view (replacing one of the same name). */
  saveView(view: SavedViewRow): Promise<void>;
  deleteView(id: string): Promise<void>;

  /**
   * Writes runs (a selection, an experiment, an import, or everything with the saved views) as a
   * `.runlens` bundle; artifact bytes only when asked. Restoring is importing the bundle.
   */
  exportBundle(target: BundleTarget, options: { artifacts: boolean }): Promise<Blob>;

  /** Packs the compared runs into a share link's fragment. */
  createShareLink(request: ShareLinkRequest): Promise<ShareLinkResult>;
  /** Opens a share link into this worker's database, replacing what it held (shared space). */
  openShareLink(fragment: string): Promise<OpenedShare>;
}
