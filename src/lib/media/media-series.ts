/**
 * Media series across the runs of a comparison: from each run's artifact paths, which keys were
 * logged, at which steps, and for a chosen key and step the file each run shows. Runs rarely log
 * media at the same steps (every 500 steps in one, every epoch in another), so each run shows its
 * newest file at or before the chosen step. Pure: the worker feeds it stored artifact keys.
 */
import { parseMediaPath, type MediaKind, type MediaLayout } from './media-paths';

/** One stored artifact, by its store key. */
export interface ArtifactRef {
  runKey: string;
  path: string;
}

/** One key's files in one run, by step (ascending); several files at a step in path order. */
interface RunSeries {
  steps: number[];
  paths: string[][];
}

interface KeySeries {
  kind: MediaKind;
  layouts: Set<MediaLayout>;
  /** Files logged once (no step in their name), by run. */
  unstepped: Map<string, string[]>;
  byRun: Map<string, RunSeries>;
}

/** What the key picker and the step slider offer for one key. */
export interface MediaKeySummary {
  key: string;
  kind: MediaKind;
  /** Every step any run logged it at, ascending; empty for a file logged once per run. */
  steps: number[];
  /** How many of the runs logged it. */
  runCount: number;
  /** Where the files came from (which trackers' layouts), sorted. */
  layouts: MediaLayout[];
}

export interface MediaCatalog {
  keys: MediaKeySummary[];
  /** Runs asked about, and those with any media. */
  runCount: number;
  runsWithMedia: number;
}

/** What one run shows for a key at a chosen step. */
export interface MediaCell {
  runKey: string;
  /** The artifact shown, or null when the run has none at or before the step. */
  path: string | null;
  /** The step of the file shown (at or before the chosen one); null for a file without step. */
  step: number | null;
  /** Files the run logged at that step (a batch of samples); the first is shown. */
  count: number;
  /** The run's first step for the key, when it logged it only after the chosen step. */
  firstStep: number | null;
}

/** The media of a set of runs, indexed once and asked many times (a slider moves often). */
export interface MediaIndex {
  readonly runKeys: readonly string[];
  readonly series: ReadonlyMap<string, KeySeries>;
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Keys as a person reads them: `sample_2` before `sample_10`, case aside. */
const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Indexes the runs' artifacts. A compressed copy (MLflow's `.webp`) is dropped when its run has
 * the full image; a run whose paths fit no layout simply has no media.
 */
export function indexMedia(
  runKeys: readonly string[],
  artifacts: readonly ArtifactRef[]
): MediaIndex {
  const present = new Set(artifacts.map((a) => `${a.runKey}\u0000${a.path}`));
  const byStep = new Map<
    string,
    { kind: MediaKind; layouts: Set<MediaLayout>; runs: Map<string, Map<number | null, string[]>> }
  >();
  for (const a of artifacts) {
    const media = parseMediaPath(a.path);
    if (!media) continue;
    if (media.copyOf !== null && present.has(`${a.runKey}\u0000${media.copyOf}`)) continue;
    let entry = byStep.get(media.key);
    if (!entry) {
      entry = { kind: media.kind, layouts: new Set(), runs: new Map() };
      byStep.set(media.key, entry);
    }
    // One key is one kind: a text file under an image key (a caption) is not drawn as an image.
    if (entry.kind !== media.kind) continue;
    entry.layouts.add(media.layout);
    let run = entry.runs.get(a.runKey);
    if (!run) entry.runs.set(a.runKey, (run = new Map()));
    const list = run.get(media.step);
    if (list) list.push(a.path);
    else run.set(media.step, [a.path]);
  }
  const series = new Map<string, KeySeries>();
  for (const [key, entry] of byStep) {
    const out: KeySeries = {
      kind: entry.kind,
      layouts: entry.layouts,
      unstepped: new Map(),
      byRun: new Map()
    };
    for (const [runKey, steps] of entry.runs) {
      const once = steps.get(null);
      if (once) out.unstepped.set(runKey, once.sort(byPath));
      const numbered = [...steps.keys()]
        .filter((s): s is number => s !== null)
        .sort((x, y) => x - y);
      if (numbered.length > 0) {
        out.byRun.set(runKey, {
          steps: numbered,
          paths: numbered.map((s) => steps.get(s)!.sort(byPath))
        });
      }
    }
    series.set(key, out);
  }
  return { runKeys: [...runKeys], series };
}

/** The keys with their steps, images first, then by name (numbers in names by value). */
export function mediaCatalog(index: MediaIndex): MediaCatalog {
  const withMedia = new Set<string>();
  const keys: MediaKeySummary[] = [];
  for (const [key, s] of index.series) {
    const runs = new Set([...s.unstepped.keys(), ...s.byRun.keys()]);
    for (const r of runs) withMedia.add(r);
    const steps = new Set<number>();
    for (const r of s.byRun.values()) for (const step of r.steps) steps.add(step);
    keys.push({
      key,
      kind: s.kind,
      steps: [...steps].sort((x, y) => x - y),
      runCount: runs.size,
      layouts: [...s.layouts].sort()
    });
  }
  keys.sort((a, b) =>
    a.kind === b.kind ? byName.compare(a.key, b.key) : a.kind === 'image' ? -1 : 1
  );
  return { keys, runCount: index.runKeys.length, runsWithMedia: withMedia.size };
}

/** Index of the last of ascending `steps` at or before `step`, or -1 when all are after it. */
export function stepIndexAtOrBefore(steps: readonly number[], step: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid]! <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * What each run (in the index's order) shows for `key` at `step`: its newest file at or before
 * the step; a file logged without a step whatever the step (null: the key's files have no step).
 */
export function mediaAt(index: MediaIndex, key: string, step: number | null): MediaCell[] {
  const s = index.series.get(key);
  return index.runKeys.map((runKey): MediaCell => {
    const none = { runKey, path: null, step: null, count: 0, firstStep: null };
    if (!s) return none;
    const stepped = s.byRun.get(runKey);
    if (stepped && step !== null) {
      const i = stepIndexAtOrBefore(stepped.steps, step);
      if (i >= 0) {
        const paths = stepped.paths[i]!;
        return {
          runKey,
          path: paths[0]!,
          step: stepped.steps[i]!,
          count: paths.length,
          firstStep: null
        };
      }
    }
    const once = s.unstepped.get(runKey);
    if (once) return { runKey, path: once[0]!, step: null, count: once.length, firstStep: null };
    return stepped ? { ...none, firstStep: stepped.steps[0]! } : none;
  });
}
