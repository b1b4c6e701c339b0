/**
 * The comparison's panel engines that work from the compared runs' rows alone (params, tags,
 * each metric's summary values): one pure function each, `(runs, input) => answer`, run in the
 * worker by one call (`comparePanel(kind, runKeys, input)`), so a new panel of this kind is its
 * component and one entry here (docs/compare-workspace.md, "Adding a panel type"). Engines that
 * read whole histories (charts, statistics, the hyperparameter table) are CompareService methods.
 */
import type { RunRow } from '../db/rows';
import { buildParamLines, suggestParamAxes, type ParamLinesSpec } from './param-lines';

export const PANEL_ENGINES = {
  /** A metric against a hyperparameter, one line per value of another (param-lines.ts). */
  paramLines: (runs: readonly RunRow[], spec: ParamLinesSpec) => buildParamLines(runs, spec),
  /** The x and line params that chart starts with, or null when no param varies as a number. */
  paramAxes: (runs: readonly RunRow[], _input: null) => suggestParamAxes(runs)
};

export type PanelKind = keyof typeof PANEL_ENGINES;
export type PanelInput<K extends PanelKind> = Parameters<(typeof PANEL_ENGINES)[K]>[1];
export type PanelAnswer<K extends PanelKind> = ReturnType<(typeof PANEL_ENGINES)[K]>;

/** Runs one engine; the dispatch lives here so callers stay typed by the kind. */
export function runPanelEngine<K extends PanelKind>(
  kind: K,
  runs: readonly RunRow[],
  input: PanelInput<K>
): PanelAnswer<K> {
  const engine = PANEL_ENGINES[kind] as (r: readonly RunRow[], i: PanelInput<K>) => PanelAnswer<K>;
  return engine(runs, input);
}
