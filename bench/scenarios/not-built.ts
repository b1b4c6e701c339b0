/** Scenarios whose capability does not exist yet: listed, never skipped silently. */
import { notBuilt, type ScenarioResult } from '../lib/results';

export function notBuiltScenarios(): ScenarioResult[] {
  return [
    notBuilt(
      4,
      'time to first chart: 100 runs × 10,000 steps of one metric, warm store',
      1.5,
      'there is no chart comparing runs yet (only the one-run page draws its own metrics)'
    ),
    notBuilt(
      5,
      'change the smoothing on that chart',
      3,
      'there is no comparison chart and no smoothing control yet'
    ),
    notBuilt(
      7,
      'group statistics for 100 runs × 10,000 steps',
      5,
      'there is no grouping of runs or group statistics yet'
    ),
    notBuilt(
      8,
      'parallel coordinates with 10,000 runs × 20 axes',
      2,
      'there is no parallel-coordinates view yet'
    )
  ];
}
