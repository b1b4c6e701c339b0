/**
 * Scenario 9: main-thread long tasks (> 50 ms, PerformanceObserver 'longtask' from an init
 * script) while the app imports in scenarios 1 and 2, from the start of setInputFiles until the
 * imported runs are listed. Long animation frames name the scripts that ran in them. The task
 * that delivers the picked files is the browser's (it builds the FileList) and is set apart; the
 * page's change handler in it counts when it alone takes 50 ms (import-common.ts summarise).
 */
import { median } from '../lib/stats';
import { statusOf, type ScenarioResult } from '../lib/results';
import type { SideSample } from './import-common';

function countsOf(samples: SideSample[]): number[] {
  return samples.map((s) => s.longTasks?.count ?? 0);
}

export function longTaskResult(
  mlruns: SideSample[],
  exportJson: SideSample[],
  exportBuilt: boolean,
  baselines: SideSample[]
): ScenarioResult {
  const all = [...mlruns, ...exportJson];
  const perScenario = [
    median(countsOf(mlruns)),
    ...(exportJson.length ? [median(countsOf(exportJson))] : [])
  ];
  const count = Math.max(...perScenario);
  const longest = Math.max(0, ...all.map((s) => s.longTasks?.longest_ms ?? 0));
  const blamed = [...new Set(all.flatMap((s) => s.longTasks?.scripts ?? []))].slice(0, 5);
  const result: ScenarioResult = {
    id: 9,
    name: `main-thread long tasks during the imports (scenario 1${exportBuilt ? ' and 2' : ''})`,
    ratio: count,
    target: 0,
    status: statusOf(count, 0),
    absolute: {
      count,
      longest_ms: longest,
      per_import_counts_scenario_1: countsOf(mlruns),
      ...(exportBuilt ? { per_import_counts_scenario_2: countsOf(exportJson) } : {}),
      blamed_scripts: blamed,
      // The baseline's imports in the same pages: what picking the files costs by itself.
      baseline_counts: countsOf(baselines),
      baseline_longest_ms: Math.max(0, ...baselines.map((s) => s.longTasks?.longest_ms ?? 0)),
      // The task that delivered the picked files (the browser builds the FileList), not counted;
      // the page's change handler in it, counted when 50 ms or more.
      picker_task_ms: Math.max(0, ...all.map((s) => s.longTasks?.picker_task_ms ?? 0)),
      change_handler_ms: Math.max(0, ...all.map((s) => s.longTasks?.change_handler_ms ?? 0)),
      baseline_change_handler_ms: Math.max(
        0,
        ...baselines.map((s) => s.longTasks?.change_handler_ms ?? 0)
      )
    },
    display: {
      app: `${count} (longest ${longest} ms)`,
      baseline: `${median(countsOf(baselines))} in the baseline`
    }
  };
  if (count > 0 && blamed.length > 0) result.reason = `long frames ran: ${blamed.join('; ')}`;
  if (!exportBuilt) {
    result.reason = [result.reason, 'scenario 2 is not built, so only scenario 1 is counted']
      .filter(Boolean)
      .join('; ');
  }
  return result;
}
