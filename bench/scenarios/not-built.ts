/** Scenarios whose capability does not exist yet: listed, never skipped silently. */
import { notBuilt, type ScenarioResult } from '../lib/results';

export function notBuiltScenarios(): ScenarioResult[] {
  return [
    notBuilt(
      8,
      'parallel coordinates with 10,000 runs × 20 axes',
      2,
      'there is no parallel-coordinates view yet'
    )
  ];
}
