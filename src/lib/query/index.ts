/** The runs filter language, quick search and sort: pure functions over RunColumns. */
export type * from './ast';
export { parseQuery } from './parser';
export {
  compileQuery,
  compileQueryInto,
  compileQueryNarrow,
  countMask,
  maskToRows
} from './evaluate';
export type { CompiledQuery, CompiledQueryInto, CompiledQueryNarrow } from './evaluate';
export { filterRuns } from './filter';
export { explainNoMatch } from './explain';
export { filterExamples } from './examples';
export type { FilterResult } from './filter';
export { quickSearchMask } from './quick-search';
export { sortRows, stepValuesKey } from './sort';
export type { ColumnRef, SortAttribute, SortKey } from './sort';
export { formatField, formatQuery } from './format';
export { naturalCompare } from './collate';
export type { QueryContext } from './sources';
export { loadRegexEngine, mayUseRegex } from './regex-engine';
