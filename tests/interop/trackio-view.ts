/**
 * What trackio's own SQLiteStorage sees in a folder of projects (read_trackio.py prints it), and
 * what Runlens should show for it (docs/trackio.md): an experiment per project file, a run per
 * run record with its plotted numbers, `system/` metrics, flattened config and `trackio.*` tags,
 * and one warning per file counting what trackio does not plot.
 */
import type { ExpectedImport, ExpectedRun, JsonNumber } from './compare-summary';

export interface TrackioRunView {
  id: string;
  name: string;
  start: number | null;
  metrics: Record<string, [number, number, JsonNumber][]>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface TrackioProjectView {
  file: string;
  name: string;
  runs: TrackioRunView[];
  /** Logged values trackio does not plot, by kind. */
  left_out: Record<string, number>;
  alerts: number;
}

export interface TrackioView {
  projects: TrackioProjectView[];
}

/** Runs keyed by trackio's run id (unique across projects). */
export function expectFromTrackio(view: TrackioView): ExpectedImport {
  const runs = new Map<string, ExpectedRun>();
  for (const project of view.projects) {
    for (const run of project.runs) {
      const from = `${project.file} › ${run.name}`;
      const metrics: ExpectedRun['metrics'] = new Map();
      for (const [key, points] of Object.entries(run.metrics))
        metrics.set(key, { points, from: [from] });
      runs.set(run.id, {
        id: run.id,
        sources: [from],
        metrics,
        params: new Map(Object.entries(run.params)),
        // trackio records neither an outcome nor an end.
        status: 'FINISHED',
        note: null,
        artifacts: 0,
        startTime: run.start,
        endTime: null
      });
    }
  }
  return { runs, truncated: [], readerProblems: [] };
}

/** The report's line for a project, or null when nothing was left out. */
export function expectedWarning(project: TrackioProjectView): string | null {
  const notes: string[] = [];
  const kinds = Object.entries(project.left_out).sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)
  );
  const total = kinds.reduce((n, [, c]) => n + c, 0);
  if (total > 0) {
    notes.push(
      `${total} logged value${total === 1 ? '' : 's'} that trackio does not plot as a number left out (${kinds
        .map(([kind, n]) => `${kind} ×${n}`)
        .join(', ')})`
    );
  }
  if (project.alerts > 0) notes.push(`not run data, left out: ${project.alerts} alerts rows`);
  return notes.length > 0 ? `trackio project: ${notes.join('; ')}` : null;
}

/** How many runs the projects hold and which kinds of data they reach. */
export function trackioFeatures(view: TrackioView): { runs: number; seen: Set<string> } {
  const seen = new Set<string>();
  let runs = 0;
  for (const project of view.projects) {
    if (project.alerts > 0) seen.add('alert');
    if (Object.keys(project.left_out).length > 0) seen.add('not-plotted');
    const names = new Map<string, number>();
    for (const run of project.runs) {
      runs++;
      names.set(run.name, (names.get(run.name) ?? 0) + 1);
      if (!/^run-\d+$|^resumed$|^twice$/.test(run.name)) seen.add('unnamed');
      if (Object.keys(run.params).some((k) => k.includes('\\.'))) seen.add('dotted-key');
      if (Object.keys(run.params).some((k) => /^model\.name$/.test(k))) seen.add('nested-config');
      if (run.tags['trackio.group']) seen.add('group');
      for (const [key, points] of Object.entries(run.metrics)) {
        if (key.startsWith('system/')) seen.add('system');
        if (points.some((p) => typeof p[2] === 'string')) seen.add('nonfinite');
        const steps = points.map((p) => p[0]);
        if (new Set(steps).size < steps.length) seen.add('repeated-step');
        if (steps.some((s, i) => i > 0 && s > steps[i - 1]! + 1)) seen.add('step-gap');
      }
      if (run.name === 'resumed' && (run.metrics.loss?.length ?? 0) === 2) seen.add('resumed');
    }
    if ([...names.values()].some((n) => n > 1)) seen.add('same-name');
  }
  return { runs, seen };
}
