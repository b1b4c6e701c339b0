/**
 * The comparison's view of the store with metric aliases applied: every run's metrics carry
 * their group's name (metric-aliases.ts), and a history asked for under that name is read from
 * the key the run recorded. The comparison engine then charts, tabulates and tests aliased
 * metrics like any other, without knowing aliases exist.
 */
import type { RunRow } from '../db/rows';
import type { MetricSeries } from '../model';
import type { CompareSource } from './compare-service';
import { aliasTable, renameRunMetrics, type AliasGroup } from './metric-aliases';

export function withMetricAliases(
  source: CompareSource,
  groups: readonly AliasGroup[]
): CompareSource {
  if (groups.length === 0) return source;
  const table = aliasTable(groups);
  /** Per run: shown name → recorded key, filled as runs are read (every read goes through it). */
  const recorded = new Map<string, Map<string, string>>();

  const rename = (row: RunRow): RunRow => {
    const names = renameRunMetrics(row.metrics.keys(), groups, table);
    recorded.set(row.key, names);
    const metrics = new Map<string, RunRow['metrics'] extends Map<string, infer S> ? S : never>();
    for (const [name, key] of names) metrics.set(name, row.metrics.get(key)!);
    return { ...row, metrics };
  };
  const keyIn = (runKey: string, name: string) => recorded.get(runKey)?.get(name) ?? name;
  const shownAs = (series: MetricSeries, name: string): MetricSeries =>
    series.key === name ? series : { ...series, key: name };

  return {
    readExperimentNames: (keys) => source.readExperimentNames(keys),
    async readRuns(keys) {
      return (await source.readRuns(keys)).map((r) => (r ? rename(r) : r));
    },
    async resolveRuns(names) {
      const resolved = await source.resolveRuns(names);
      return { ...resolved, runs: resolved.runs.map(rename) };
    },
    async readSeries(runKey, name) {
      return shownAs(await source.readSeries(runKey, keyIn(runKey, name)), name);
    },
    async readSeriesOfRuns(runKeys, name) {
      // Runs that recorded the metric under the same key are still read in one go.
      const byKey = new Map<string, number[]>();
      runKeys.forEach((runKey, i) => {
        const key = keyIn(runKey, name);
        const list = byKey.get(key);
        if (list) list.push(i);
        else byKey.set(key, [i]);
      });
      const out = new Array<MetricSeries>(runKeys.length);
      await Promise.all(
        [...byKey].map(async ([key, at]) => {
          const series = await source.readSeriesOfRuns(
            at.map((i) => runKeys[i]!),
            key
          );
          at.forEach((i, j) => (out[i] = shownAs(series[j]!, name)));
        })
      );
      return out;
    }
  };
}
