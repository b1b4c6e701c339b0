import { NewestWins } from '../async/newest-wins';
import { defaultChartOrder, runSetSignature } from '../compare/chart-list';
import { fitCompareSettings, panelChoice } from '../compare/compare-settings';
import type {
  ChartFrame,
  ChartLine,
  ChartRequest,
  CompareRun,
  CompareSet,
  DiffRow
} from '../compare/compare-types';
import { resolveTargetMetric } from '../compare/target-metric';
import { panelRunKeys, runRef, setHidden, withoutHidden } from '../compare/run-visibility';
import { RUN_PALETTE } from '../explorer/run-colors';
import type { ShareLinkRequest, ShareLinkResult } from '../worker/share-api';
import { runlensWorker } from '../worker/client';
import { afterFirstChart, holdTablesForFirstChart, releaseTables } from './charts-first';
import { takeEarlyFirstChart } from './compare-early';
import { compareSettings } from './compare-settings.svelte';
import { CompareStage } from './compare-stage.svelte';
import { PanelAsking } from './panel-asks';
import { colorOf, runColors } from './run-colors.svelte';
import { serverHistories } from './server-histories.svelte';

/**
 * The comparison page's one state (issue 16, item 8): the runs asked for and the run list the
 * worker answered, the runs the brushes keep, the baseline, the charts shown, the runs' colours,
 * and the worker requests behind them, each newest-wins. Panels read from here and call its
 * verbs; the page wires the address and the effects, and resets it when it opens.
 */
class Comparison extends PanelAsking {
  #names = $state.raw<string[]>([]);
  #set = $state.raw<CompareSet | null>(null);
  #diffRows = $state.raw<DiffRow[]>([]);
  #labels = $state.raw<ReadonlyMap<string, string>>(new Map());
  #opens = new NewestWins();
  #diffs = new NewestWins();
  #labelRequests = new NewestWins();
  /** Bumps when the store changed under the page, so every chart asks again (refreshInPlace). */
  #storeVersion = $state(0);
  readonly #stage = new CompareStage();
  /**
   * The first panel's metric as the worker's prefetch found it, while the run list is on its
   * way: the default grid's first panel is asked for before the run list arrives, as a picked
   * chart is (bench scenario 18).
   */
  #provisionalFirst = $state.raw<string | null>(null);

  /** Runs kept by the brushes on the parallel coordinates (null: nothing brushed). */
  activeKeys = $state.raw<string[] | null>(null);

  /**
   * The pinned run (its key) every chart marks and the tables measure deltas from: kept in the
   * settings by runRef, so saved views and share links carry it. A hidden baseline is not in
   * effect until it is shown again.
   */
  get baseline(): string | null {
    const ref = compareSettings.value.baselineRun;
    if (ref === null) return null;
    const run = this.#set?.runs.find((r) => runRef(r.key) === ref);
    return run && !this.hiddenKeys.has(run.key) ? run.key : null;
  }
  set baseline(key: string | null) {
    compareSettings.value.baselineRun = key === null ? null : runRef(key);
  }

  /** Run keys or bare ids from the address, in order. */
  get names(): string[] {
    return this.#names;
  }
  /** The run list the worker answered for the names; null while it loads. */
  get set(): CompareSet | null {
    return this.#set;
  }
  get diffRows(): DiffRow[] {
    return this.#diffRows;
  }

  /**
   * The runs every view asks for: the brushed ones, else the names from the address (the worker
   * takes keys or ids), so the charts can be requested before the run list has arrived.
   */
  readonly runKeys = $derived(
    withoutHidden(this.activeKeys ?? this.#names, compareSettings.value.hiddenRuns)
  );
  /** The runs a share link or a bundle carries: hidden ones too (the link says which). */
  readonly shareKeys = $derived(this.activeKeys ?? this.#names);
  readonly runByKey = $derived(new Map((this.#set?.runs ?? []).map((r) => [r.key, r])));
  /** Keys of the runs the person hid (side list): out of every chart and table. */
  readonly hiddenKeys = $derived.by(() => {
    const hidden = new Set(compareSettings.value.hiddenRuns);
    return new Set(
      (this.#set?.runs ?? []).filter((r) => hidden.has(runRef(r.key))).map((r) => r.key)
    );
  });
  /** The runs not hidden (the hyperparameter views draw these). */
  readonly visibleRuns = $derived(
    (this.#set?.runs ?? []).filter((r) => !this.hiddenKeys.has(r.key))
  );
  readonly shownRuns = $derived.by(() => {
    const kept = this.activeKeys ? new Set(this.activeKeys) : null;
    return this.visibleRuns.filter((r) => !kept || kept.has(r.key));
  });
  /** The runs a panel can draw (its own choice of runs picks among them), named and coloured. */
  readonly panelRunChoices = $derived(
    this.shownRuns.map((r) => ({
      key: r.key,
      id: r.id,
      name: r.name,
      label: this.#labels.get(r.key) ?? r.name ?? r.id,
      color: this.runColorOf(r)
    }))
  );
  /** Each run's line name under the label template (worked out in the worker). */
  get labels(): ReadonlyMap<string, string> {
    return this.#labels;
  }
  /** The target metric: the person's choice when these runs have it, else a guess. */
  readonly target = $derived(
    this.#set ? resolveTargetMetric(this.#set.metricKeys, compareSettings.value.target) : null
  );
  /** The runs the chart picks would be made for (see chart-list.ts). */
  readonly signature = $derived(
    this.#set ? runSetSignature(this.#set.runs.map((r) => r.key)) : null
  );
  /** The metrics charted, in order: the person's picks for these runs, else every metric. */
  readonly charts = $derived.by(() => {
    const set = this.#set;
    const picks = compareSettings.value;
    // Before the run list arrives, only charts the person picked, or the default's first, can
    // be drawn.
    if (!set) return picks.charts ?? (this.#provisionalFirst ? [this.#provisionalFirst] : []);
    if (picks.charts === null || (picks.chartsFor !== null && picks.chartsFor !== this.signature)) {
      return defaultChartOrder(set.metricKeys, set.metricRunCounts, this.target);
    }
    const available = new Set(set.metricKeys);
    return picks.charts.filter((k) => available.has(k));
  });
  /** The metrics a share link draws: the charts and the overlay panels' metrics. */
  readonly drawnMetrics = $derived([
    ...new Set([...this.charts, ...compareSettings.value.overlays.flat()])
  ]);
  /** The runs' colours in the library, kept distinct among the compared runs. */
  readonly colors = $derived(runColors.forRuns((this.#set?.runs ?? []).map((r) => r.key)));
  /** What the x axis measures, in words. */
  readonly xLabel = $derived.by(() => {
    const x = compareSettings.value.xAxis;
    return x.kind === 'metric'
      ? x.key
      : x.kind === 'wall'
        ? 'time'
        : x.kind === 'relative'
          ? 'seconds'
          : 'step';
  });

  /** Whether the page's parts other than its first panel are mounted (compare-stage). */
  get restShown(): boolean {
    return this.#stage.restShown;
  }
  showRest(): void {
    this.#stage.showRest();
  }

  /** Forgets the last comparison: a page that opens starts with no brushes and no baseline. */
  reset(): void {
    this.#stage.reset();
    this.#opens.ticket();
    this.#diffs.ticket();
    this.dropAllAsks();
    this.#names = [];
    this.#set = null;
    this.#provisionalFirst = null;
    this.#diffRows = [];
    this.#labels = new Map();
    this.activeKeys = null;
  }

  /**
   * Opens the runs named (keys or ids); the answer of the newest call wins. The brushes' panel
   * is drawn anew for every run list, so what they kept is cleared; the baseline and the hidden
   * runs stay while the runs do (fitSettings forgets those of other runs).
   */
  open(names: string[]): void {
    this.activeKeys = null;
    if (!sameList(names, this.#names)) this.#diffRows = [];
    this.#names = names;
    this.#set = null;
    holdTablesForFirstChart();
    const isNewest = this.#opens.ticket();
    this.#provisionalFirst = null;
    const settings = compareSettings.value;
    if (settings.charts === null) {
      const first =
        takeEarlyFirstChart(names) ??
        runlensWorker().comparePrefetch([...names], null, settings.target);
      void first.then((metric) => {
        if (isNewest() && !this.#set) this.#provisionalFirst = metric;
      });
    }
    void runlensWorker()
      .compareOpen([...names])
      .then((set) => {
        if (!isNewest()) return;
        this.#set = set;
        if (set.metricKeys.length === 0) {
          releaseTables();
          this.showRest();
        }
        this.#stage.showRestSoon();
      });
  }

  /**
   * The store changed under the page (a followed folder grew, library.version): the run list is
   * read again and every chart asks again, keeping what is drawn until the answers arrive.
   */
  refreshInPlace(): void {
    if (!this.#set) return;
    const isNewest = this.#opens.ticket();
    void runlensWorker()
      .compareOpen([...this.#names])
      .then((set) => {
        if (!isNewest()) return;
        this.#set = set;
        this.#storeVersion++;
      });
  }

  /**
   * Settings kept from another comparison that name what these runs lack fall back to the
   * defaults once the run list arrives, so every control shows what is in effect.
   */
  fitSettings(): void {
    if (!this.#set) return;
    const current = compareSettings.value;
    const fitted = fitCompareSettings(current, this.#set);
    if (fitted !== current) compareSettings.value = fitted;
  }

  /** Asks for the table's rows (after the run list: the charts' first requests go first). */
  loadDiff(): void {
    if (!this.#set) return;
    const settings = compareSettings.value;
    const request = {
      runKeys: [...this.runKeys],
      baseline: this.baseline,
      onlyDifferences: settings.onlyDifferences,
      directions: { ...settings.directions }
    };
    const isNewest = this.#diffs.ticket();
    void afterFirstChart()
      .then(() => runlensWorker().compareDiff(request))
      .then((rows) => {
        if (isNewest()) this.#diffRows = rows;
      });
  }

  /** Asks the worker for the runs' line names (the side list shows them). */
  loadLabels(): void {
    const set = this.#set;
    if (!set) return;
    const keys = set.runs.map((r) => r.key);
    const isNewest = this.#labelRequests.ticket();
    void runlensWorker()
      .compareRunLabels(keys, compareSettings.value.labelTemplate)
      .then((labels) => {
        if (isNewest()) this.#labels = new Map(keys.map((k, i) => [k, labels[i] ?? k]));
      });
  }

  /**
   * One chart's frame: a server's sampled overview first where runs are a server's (see
   * server-histories), else the stored lines. The first answer lets the tables ask and the rest
   * of the page mount.
   */
  readonly loadChart = (request: ChartRequest): Promise<ChartFrame> =>
    serverHistories
      .chartLoad(request, (r) => runlensWorker().compareChart(r))
      .finally(() => {
        releaseTables();
        this.showRest();
      });

  /** The shown runs packed as a bundle (sampled server histories completed first). */
  async bundle(): Promise<{ blob: Blob; runs: number }> {
    const keys = this.shownRuns.map((r) => r.key);
    await serverHistories.complete({ kind: 'runs', keys }, null);
    const blob = await runlensWorker().exportBundle({ kind: 'runs', keys }, { artifacts: false });
    return { blob, runs: keys.length };
  }

  /** A share link's fragment for the comparison as drawn. */
  shareLink(request: ShareLinkRequest): Promise<ShareLinkResult> {
    return runlensWorker().createShareLink(request);
  }

  /** "Load every point" of a chart drawn from a server's sampled overview. */
  loadEvery(sampled: NonNullable<ChartFrame['sampled']>): Promise<void> {
    return serverHistories.complete({ kind: 'runs', keys: sampled.runKeys }, sampled.metrics);
  }

  /** Hides (or shows) runs in every chart and table; they stay in the comparison. */
  setHidden(keys: readonly string[], hide: boolean): void {
    compareSettings.value.hiddenRuns = setHidden(compareSettings.value.hiddenRuns, keys, hide);
  }

  /** Pins a run as the baseline (shown if it was hidden), or unpins it. */
  pin(key: string | null): void {
    if (key !== null && this.hiddenKeys.has(key)) this.setHidden([key], false);
    this.baseline = key;
  }

  /** Draws only these runs in one panel; null (or every run) draws all of them again. */
  choosePanelRuns(panel: string, keys: readonly string[] | null): void {
    const all = keys !== null && this.visibleRuns.every((r) => keys.includes(r.key));
    // Entries, not assignment: a metric from a file may be called `__proto__`.
    const next = Object.entries(compareSettings.value.panelRuns).filter(([p]) => p !== panel);
    if (keys !== null && !all) next.push([panel, keys.map(runRef)]);
    compareSettings.value.panelRuns = Object.fromEntries(next);
  }

  pickCharts(next: string[]): void {
    compareSettings.value.charts = next;
    compareSettings.value.chartsFor = this.signature;
  }

  readonly runColorOf = (run: CompareRun): string =>
    colorOf(this.colors, run.key) ?? RUN_PALETTE[0];

  readonly lineColor = (line: Pick<ChartLine, 'id' | 'kind' | 'source'>, index: number): string => {
    if (line.kind === 'group') return RUN_PALETTE[index % RUN_PALETTE.length]!;
    const run = this.runByKey.get(line.source ?? line.id);
    return run ? this.runColorOf(run) : RUN_PALETTE[0];
  };

  /**
   * A chart's request: everything but the width and the zoom, which the chart owns. `panel` names
   * the panel whose own choice of runs applies (an overlay's is not its first metric's).
   */
  readonly chartRequest = (
    metric: string,
    panel: string = metric
  ): Omit<ChartRequest, 'columns' | 'xRange' | 'fullY'> => {
    const s = compareSettings.value;
    return {
      runKeys: panelRunKeys(this.runKeys, panelChoice(s, panel)),
      metric,
      xAxis: s.xAxis,
      logX: s.logX,
      logY: s.logY,
      smoothing: s.smoothing,
      group: s.group,
      ignoreOutliers: s.ignoreOutliers,
      labelTemplate: s.labelTemplate,
      storeVersion: this.#storeVersion
    };
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const comparison = new Comparison();
