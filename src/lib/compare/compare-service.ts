/**
 * The comparison's engine, in the worker: it reads the compared runs' histories once, keeps
 * them (within a memory budget) with their lines per x axis and their smoothed values, and
 * answers chart, table, statistics and hyperparameter requests sized for the screen.
 */
import { defaultChartOrder } from './chart-list';
import { ComparedRuns } from './compared-runs';
import { LineCache } from './line-cache';
import { resolveTargetMetric } from './target-metric';
import { runPanelEngine, type PanelAnswer, type PanelInput, type PanelKind } from './panel-engines';
import { labelFromTemplate } from './label-template';
import type { RunRow } from '../db/rows';
import type { MetricSeries } from '../model';
import { chosenDirection, type MetricDirection } from '../model/metric-direction';
import { bootstrapDifferenceCi } from '../stats/bootstrap';
import { describe } from '../stats/describe';
import { parameterImportance, type ImportanceResult } from '../stats/importance';
import type { RunSummaryKind } from '../stats/summary-choice';
import { welchTTest } from '../stats/welch';
import type { HyperTable } from '../charts/hyper/hyper-types';
import { chartOfRuns } from './chart-requests';
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
} from './compare-types';
import { diffTable } from './diff-table';
import { suggestAliasGroups } from './metric-aliases';
import { metricAxis, paramAxis } from './hyper-table';
import { bestStepOf, groupOf, keysOf, runValue, type RunValue } from './run-values';
import { buildResultsTable, suggestLayout } from '../results-table/build-table';
import type { ResultsLayout, ResultsTable, ResultsTableRequest } from '../results-table/types';

export interface CompareSource {
  /** Runs by key, straight from the store (undefined where a key is not stored). */
  readRuns(keys: readonly string[]): Promise<(RunRow | undefined)[]>;
  readExperimentNames(keys: readonly string[]): Promise<Map<string, string>>;
  /** Runs named by key or by bare id (this loads the whole library; only ids need it). */
  resolveRuns(
    names: readonly string[]
  ): Promise<{ runs: RunRow[]; missing: string[]; experimentNames: Map<string, string> }>;
  readSeries(runKey: string, metric: string): Promise<MetricSeries>;
  /** The same for many runs at once (one read transaction). */
  readSeriesOfRuns(runKeys: readonly string[], metric: string): Promise<MetricSeries[]>;
}

export class CompareService {
  #source: CompareSource;
  #lines: LineCache;
  #compared: ComparedRuns;

  constructor(source: CompareSource) {
    this.#source = source;
    this.#compared = new ComparedRuns(source);
    this.#lines = new LineCache(source);
  }

  /** Forget everything read (after an import or a delete). */
  invalidate(): void {
    this.#lines.clear();
    this.#compared.clear();
  }

  async #runs(keys: readonly string[]): Promise<RunRow[]> {
    return (await this.#compared.resolve(keys)).runs;
  }

  /**
   * Starts reading the histories of the chart the page will draw first: the metric the person
   * picked first, else the first of the default order. Called as the app boots on a comparison's
   * address, before the page asks for anything (issue 19, item 1), and again by `open`; reads in
   * flight or done are not repeated.
   */
  async prefetchFirstChart(
    names: readonly string[],
    picked: string | null,
    target: string | null = null
  ): Promise<string | null> {
    const { runs } = await this.#compared.resolve(names);
    return this.#prefetchFirst(
      runs,
      picked,
      keysOf(runs, (r) => r.metrics),
      target
    );
  }

  /** Starts reading the first chart's histories; answers its metric (what the page charts first). */
  #prefetchFirst(
    runs: readonly RunRow[],
    picked: string | null,
    metricKeys: string[],
    target: string | null
  ): string | null {
    if (picked !== null && metricKeys.includes(picked)) {
      this.#lines.prefetch(runs, picked);
      return picked;
    }
    const counts = metricKeys.map((k) => runs.filter((r) => r.metrics.has(k)).length);
    const first = defaultChartOrder(metricKeys, counts, resolveTargetMetric(metricKeys, target))[0];
    if (first === undefined) return null;
    this.#lines.prefetch(runs, first);
    return first;
  }

  /** The compared runs and every key they have. */
  async open(names: readonly string[]): Promise<CompareSet> {
    const { runs, missing } = await this.#compared.resolve(names);
    const experimentNames = await this.#source.readExperimentNames(
      runs.map((r) => r.experimentKey)
    );
    const keys = (pick: (r: RunRow) => Map<string, unknown>) => keysOf(runs, pick);
    const metricKeys = keys((r) => r.metrics);
    const metricRunCounts = metricKeys.map((k) => runs.filter((r) => r.metrics.has(k)).length);
    // The page charts this metric first unless the person picked others: its histories are read
    // now, while the page boots, and the first chart request finds them.
    this.#prefetchFirst(runs, null, metricKeys, null);
    return {
      runs: runs.map((r) => ({
        key: r.key,
        id: r.id,
        name: r.name,
        experimentName: experimentNames.get(r.experimentKey) ?? r.experimentId,
        status: r.status,
        startTime: r.startTime
      })),
      missing,
      metricKeys,
      metricRunCounts,
      aliasSuggestions: suggestAliasGroups(
        runs.map((r) => [...r.metrics.keys()]),
        []
      ),
      paramKeys: keys((r) => r.params),
      tagKeys: keys((r) => r.tags)
    };
  }

  /** Each run's line name under the template, in the order asked (the side list's names). */
  async runLabels(runKeys: readonly string[], template: string): Promise<string[]> {
    const runs = await this.#runs(runKeys);
    const names = template.includes('{experiment}')
      ? await this.#source.readExperimentNames([...new Set(runs.map((r) => r.experimentKey))])
      : null;
    const byKey = new Map(runs.map((r) => [r.key, r]));
    return runKeys.map((k) => {
      const run = byKey.get(k);
      return run ? labelFromTemplate(template, run, names?.get(run.experimentKey) ?? null) : k;
    });
  }

  async diff(request: DiffRequest): Promise<DiffRow[]> {
    return diffTable(await this.#runs(request.runKeys), request);
  }

  /** One metric chart, sized for the plot (chart-requests.ts). */
  async chart(request: ChartRequest): Promise<ChartFrame> {
    return chartOfRuns(request, await this.#runs(request.runKeys), this.#lines, this.#source);
  }

  /** One value per run for a metric (runs without it are left out). */
  async #values(
    runs: readonly RunRow[],
    metric: string,
    kind: RunSummaryKind,
    direction: MetricDirection,
    k: number
  ): Promise<{ run: RunRow; value: RunValue }[]> {
    const out: { run: RunRow; value: RunValue }[] = [];
    // The mean of the last k points reads every history: in one transaction, not one per run.
    if (kind === 'mean-last-k') this.#lines.prefetch(runs, metric);
    for (const run of runs) {
      const value = await runValue(run, metric, kind, direction, k, async () => {
        return (await this.#lines.line(run, metric, { kind: 'step' }))!;
      });
      if (value) out.push({ run, value });
    }
    return out;
  }

  /** Statistics of each metric across the runs, or per group. */
  async stats(request: StatsRequest): Promise<MetricStatsRow[]> {
    const runs = await this.#runs(request.runKeys);
    const rows: MetricStatsRow[] = [];
    for (const metric of request.metrics) {
      const direction = chosenDirection(request.directions, metric);
      const values = await this.#values(runs, metric, request.summary, direction, request.k);
      const groups = new Map<string | null, typeof values>();
      for (const v of values) {
        const g = request.groupBy ? groupOf(v.run, request.groupBy) : null;
        let members = groups.get(g);
        if (!members) groups.set(g, (members = []));
        members.push(v);
      }
      for (const [group, members] of groups) {
        const d = describe(members.map((m) => m.value.value));
        let best = members[0];
        for (const m of members) {
          const better =
            direction === 'higher'
              ? m.value.value > best!.value.value
              : m.value.value < best!.value.value;
          if (better) best = m;
        }
        let bestStep = best ? best.value.step : NaN;
        if (best && Number.isNaN(bestStep)) {
          const line = await this.#lines.line(best.run, metric, { kind: 'step' });
          if (line) bestStep = bestStepOf(line, direction);
        }
        rows.push({
          metric,
          group,
          n: d.n,
          mean: d.mean,
          std: d.std,
          min: d.min,
          max: d.max,
          median: d.median,
          bestRun: best?.run.key ?? null,
          bestRunLabel: best ? (best.run.name ?? best.run.id) : null,
          bestStep: Number.isFinite(bestStep) ? bestStep : null,
          bestValue: best?.value.value ?? NaN
        });
      }
    }
    rows.sort(
      (a, b) =>
        a.metric.localeCompare(b.metric) ||
        (a.group ?? '').localeCompare(b.group ?? '', undefined, { numeric: true })
    );
    return rows;
  }

  /** A metric summary per run, grouped (box plots). */
  async groupValues(request: {
    runKeys: string[];
    metric: string;
    summary: RunSummaryKind;
    k: number;
    direction: MetricDirection;
    groupBy: GroupBy | null;
  }): Promise<GroupValues[]> {
    const runs = await this.#runs(request.runKeys);
    const values = await this.#values(
      runs,
      request.metric,
      request.summary,
      request.direction,
      request.k
    );
    const groups = new Map<string, { runKeys: string[]; values: number[] }>();
    for (const { run, value } of values) {
      const label = request.groupBy ? groupOf(run, request.groupBy) : 'all runs';
      let g = groups.get(label);
      if (!g) groups.set(label, (g = { runKeys: [], values: [] }));
      g.runKeys.push(run.key);
      g.values.push(value.value);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
      .map(([label, g]) => ({ label, runKeys: g.runKeys, values: Float64Array.from(g.values) }));
  }

  /** Welch's t-test and bootstrap intervals between two groups' run summaries. */
  async groupTest(request: GroupTestRequest): Promise<GroupTestResult> {
    const runs = await this.#runs(request.runKeys);
    const values = await this.#values(
      runs,
      request.metric,
      request.summary,
      request.direction,
      request.k
    );
    const of = (label: string) =>
      values.filter((v) => groupOf(v.run, request.groupBy) === label).map((v) => v.value.value);
    const a = of(request.groupA);
    const b = of(request.groupB);
    return {
      metric: request.metric,
      groupA: request.groupA,
      groupB: request.groupB,
      valuesA: a,
      valuesB: b,
      welch: welchTTest(a, b),
      bootstrapMean: bootstrapDifferenceCi(a, b, 'mean', { seed: 1 }),
      bootstrapMedian: bootstrapDifferenceCi(a, b, 'median', { seed: 1 })
    };
  }

  /** The hyperparameter table (colours are the page's to fill in). */
  async hyperTable(request: HyperRequest): Promise<HyperTable> {
    const runs = await this.#runs(request.runKeys);
    const axes = keysOf(runs, (r) => r.params)
      .map((key) => paramAxis(runs, key))
      .filter((a) => a !== null);
    for (const metric of request.metrics) {
      const direction = chosenDirection(request.directions, metric);
      const values = new Float64Array(runs.length).fill(NaN);
      const index = new Map(runs.map((r, i) => [r.key, i]));
      for (const v of await this.#values(runs, metric, request.summary, direction, request.k)) {
        values[index.get(v.run.key)!] = v.value.value;
      }
      const label = request.summary === 'last' ? metric : `${metric} (${request.summary})`;
      axes.push(metricAxis(metric, label, values));
    }
    return {
      runKeys: runs.map((r) => r.key),
      runNames: runs.map((r) => r.name ?? r.id),
      colors: [],
      axes
    };
  }

  /**
   * How much each param (and each metric in `request.metrics`, such as a logged schedule)
   * explains the target: rank correlation and forest permutation importance. Feature ids are
   * axis ids (`param:lr`, `metric:lr`).
   */
  async importance(request: ImportanceRequest): Promise<ImportanceResult> {
    const inputs = request.metrics.filter((m) => m !== request.target);
    const table = await this.hyperTable({ ...request, metrics: [...inputs, request.target] });
    const targetId = `metric:${request.target}`;
    const target = table.axes.find((a) => a.id === targetId)!;
    const features = table.axes
      .filter((a) => a.id !== targetId)
      .map((a) => ({ id: a.id, kind: a.kind, values: a.values }));
    return parameterImportance(features, target.values, { seed: 1 });
  }

  /** A results table for papers over the runs' summaries (see results-table/). */
  async resultsTable(request: ResultsTableRequest): Promise<ResultsTable> {
    return buildResultsTable(await this.#runs(request.runKeys), request.spec);
  }

  /** A panel worked out from the runs' rows alone (panel-engines.ts). */
  async panel<K extends PanelKind>(
    kind: K,
    runKeys: readonly string[],
    input: PanelInput<K>
  ): Promise<PanelAnswer<K>> {
    return runPanelEngine(kind, await this.#runs(runKeys), input);
  }

  /** A first layout of the results table for these runs, or null when no param groups them. */
  async resultsLayout(request: {
    runKeys: string[];
    target: string | null;
  }): Promise<ResultsLayout | null> {
    return suggestLayout(await this.#runs(request.runKeys), request.target);
  }
}
