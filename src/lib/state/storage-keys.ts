/**
 * Where the comparison keeps its settings and the metric aliases in this browser's storage, in a
 * module of their own: the app's boot (compare-early.ts) reads them without loading the states
 * that own them, which the start page does not need.
 */

/** The person's comparison settings (localStorage). */
export const COMPARE_SETTINGS_KEY = 'runlens.compare.v1';
/** Settings of a comparison opened from a share link (this tab's sessionStorage). */
export const SHARED_COMPARE_SETTINGS_KEY = 'runlens.compare.shared';
/** The person's metric aliases (localStorage). */
export const METRIC_ALIASES_KEY = 'runlens.metric-aliases.v1';
