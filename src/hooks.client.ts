// Starts the app's worker as the app boots (issue 19, item 1): its script loads and compiles
// while the framework starts and the page mounts, instead of after the page's first request.
import { startComparisonEarly } from '$lib/state/compare-early';
import { runlensWorker } from '$lib/worker/client';

export function init(): void {
  runlensWorker();
  // On a comparison's address, its first chart's histories are read before the page mounts.
  startComparisonEarly(new URL(location.href));
}
