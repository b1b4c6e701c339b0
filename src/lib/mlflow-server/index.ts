/** Reading a live MLflow tracking server: REST client, mapping, filter split, pull. */
export { authFromEnv, authFromUrl, authorizationHeader, serverAddress } from './auth';
export type { ServerAuth } from './auth';
export { MlflowServerError, classifyResponse, classifyThrown } from './errors';
export type { FailureContext, ServerErrorKind } from './errors';
export { finishLocally } from './finish-locally';
export { splitFilterText, splitQuery } from './filter-split';
export type { PushedTerm, SplitQuery } from './filter-split';
export {
  SERVER_FORMAT,
  mapExperiment,
  mapRun,
  restoreInfinity,
  runPage,
  serverOfRun
} from './map-json';
export { pullRuns } from './pull-runs';
export type { PullOptions, PullProgress, PullResult } from './pull-runs';
export {
  DEFAULT_SAMPLED_POINTS,
  MAX_BULK_RUNS,
  MAX_RUNS_PAGE,
  MlflowServerClient
} from './rest-client';
export { allRuns, runPages } from './run-pages';
export type {
  FetchLike,
  FetchedHistory,
  MlflowClientOptions,
  Page,
  SearchRunsRequest,
  ServerVersion,
  ViewType
} from './rest-client';
