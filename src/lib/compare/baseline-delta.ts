/**
 * Deltas to the pinned baseline at one x (issue 16, item 2): a chart's tooltip shows each run's
 * value minus the baseline's at the hovered step. In an overlay panel each metric has its own
 * baseline line, so a line is measured against the baseline's line of the same metric.
 */

/** The parts of a drawn line the deltas need. */
export interface DeltaLine {
  id: string;
  kind: 'run' | 'group';
  /** Overlay lines: the run's own line id, and the metric. */
  source?: string;
  metric?: string;
}

export interface WithDelta {
  /** The value minus the baseline's at this x; null for the baseline, or where it has no value. */
  delta: number | null;
  isBaseline: boolean;
}

/** The rows with their delta to the baseline run (`baseline` is its key; null: none). */
export function withBaselineDeltas<T extends { line: DeltaLine; value: number }>(
  rows: readonly T[],
  baseline: string | null
): (T & WithDelta)[] {
  const isBase = (line: DeltaLine) =>
    baseline !== null && line.kind === 'run' && (line.source ?? line.id) === baseline;
  const baseValue = new Map<string, number>();
  for (const r of rows) if (isBase(r.line)) baseValue.set(r.line.metric ?? '', r.value);
  return rows.map((r) => {
    const isBaseline = isBase(r.line);
    const base = baseValue.get(r.line.metric ?? '');
    const delta = isBaseline || base === undefined ? null : r.value - base;
    return { ...r, isBaseline, delta };
  });
}
