/**
 * A client for MLflow's 2.0 REST API (mlflow/protos/service.proto; handlers read in MLflow 3.17.2,
 * 2026-12) over an injected `fetch`, so the same code runs in the browser, the worker and Node.
 * It pages (experiments/search, runs/search, metrics/get-history, artifacts/list follow
 * `next_page_token`), pushes filters and sorting down to the server, and turns every failure
 * into an MlflowServerError that names the cause and the fix (errors.ts).
 */
import type { Artifact, Experiment, MetricSeries, Run } from '../model';
import { parseTolerantJson } from '../importers/readers/tolerant-json';
import { authorizationHeader, serverAddress, type ServerAuth } from './auth';
import { MlflowServerError, classifyResponse, classifyThrown } from './errors';
import {
  appendPoints,
  emptyColumns,
  mapArtifact,
  mapExperiment,
  mapRun,
  toSeries,
  type HistoryColumns
} from './map-json';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface MlflowClientOptions {
  /** The server's address, e.g. `http://127.0.0.1:5000` (a path prefix is kept). */
  url: string;
  /** `globalThis.fetch` by default; tests and the worker pass their own. */
  fetch?: FetchLike;
  auth?: ServerAuth | null;
  /** The page's origin in a browser, for telling CORS refusals apart; null (default) in Node. */
  pageOrigin?: string | null;
  signal?: AbortSignal;
}

/** MLflow's caps (handlers.py): runs/search takes up to 50,000 a page, bulk-interval 100 runs. */
export const MAX_RUNS_PAGE = 50_000;
export const MAX_BULK_RUNS = 100;
/** Points per sampled line (bulk-interval allows 1–2,500; MLflow's own UI asks for 320). */
export const DEFAULT_SAMPLED_POINTS = 320;
/** Points per get-history page: big pages, few round trips. */
export const HISTORY_PAGE = 25_000;

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextPageToken: string | null;
}

export interface SearchRunsRequest {
  experimentIds: string[];
  /** MLflow's filter grammar; see filter-split.ts for what a Runlens query can push down. */
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string | null;
  runViewType?: ViewType;
}

export interface ServerVersion {
  /** What `/version` answered (e.g. `3.17.2`), or null when the server has no such endpoint. */
  version: string | null;
}

/** A metric's history and how complete it is. */
export interface FetchedHistory {
  series: MetricSeries;
  /** `full`: every point (get-history); `sampled`: at most N points (get-history-bulk-interval). */
  completeness: 'full' | 'sampled';
}

type Query = Record<string, string | number | readonly string[] | null | undefined>;

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class MlflowServerClient {
  /** The address shown and stored: no credentials, no trailing slash. */
  readonly address: string;
  private readonly fetchImpl: FetchLike;
  private readonly authorization: string | null;
  private readonly pageOrigin: string | null;
  private readonly signal: AbortSignal | undefined;

  constructor(options: MlflowClientOptions) {
    this.address = serverAddress(options.url);
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.authorization = authorizationHeader(options.auth);
    this.pageOrigin = options.pageOrigin ?? null;
    this.signal = options.signal;
  }

  /** Sends one request; resolves to the body text of a 2xx answer, else throws MlflowServerError. */
  private async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<string> {
    const headers: Record<string, string> = {};
    if (this.authorization) headers.Authorization = this.authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const url = `${this.address}${path}`;
    const ctx = { server: this.address, pageOrigin: this.pageOrigin, method };
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.signal
      });
    } catch (error) {
      throw classifyThrown(error, {
        ...ctx,
        reachableWithoutCors: await this.reachableWithoutCors(url, error)
      });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw classifyThrown(error, ctx);
    }
    if (!response.ok) throw classifyResponse(response.status, text, ctx);
    return text;
  }

  /**
   * In a browser on another origin, a refused request and a dead server both end in a TypeError;
   * a `no-cors` request tells them apart (it resolves, opaque, when anything answered).
   */
  private async reachableWithoutCors(url: string, error: unknown): Promise<boolean | undefined> {
    if (this.pageOrigin === null || !(error instanceof TypeError)) return undefined;
    try {
      await this.fetchImpl(url, { method: 'GET', mode: 'no-cors', signal: this.signal });
      return true;
    } catch {
      return false;
    }
  }

  private async json(method: 'GET' | 'POST', path: string, body?: unknown) {
    const text = await this.send(method, path, body);
    let doc: unknown;
    try {
      // NaN and ±Infinity come as strings from protobuf JSON; a proxy re-encoding with Python's
      // json module could write them bare, which JSON.parse rejects and this accepts.
      doc = parseTolerantJson(text);
    } catch {
      throw new MlflowServerError(
        'not-mlflow',
        this.address,
        `${path} answered something that is not JSON (${text.slice(0, 80).replace(/\s+/g, ' ')}…).`,
        'Give the address the MLflow UI is served at, without /api.'
      );
    }
    return (doc ?? {}) as Record<string, unknown>;
  }

  /** `/version` (the MLflow release), falling back to `/health` for servers without it. */
  async probe(): Promise<ServerVersion> {
    try {
      const text = (await this.send('GET', '/version')).trim();
      if (/^\d+\.\d+/.test(text)) return { version: text };
    } catch (error) {
      if (!(error instanceof MlflowServerError) || error.kind !== 'not-mlflow') throw error;
    }
    await this.send('GET', '/health');
    return { version: null };
  }

  /** One page of experiments/search. */
  async searchExperiments(
    request: {
      maxResults?: number;
      pageToken?: string | null;
      filter?: string;
      viewType?: ViewType;
    } = {}
  ): Promise<Page<Experiment>> {
    const doc = await this.json('POST', '/api/2.0/mlflow/experiments/search', {
      max_results: request.maxResults ?? 1000,
      page_token: request.pageToken ?? undefined,
      filter: request.filter || undefined,
      view_type: request.viewType ?? 'ACTIVE_ONLY'
    });
    const list = Array.isArray(doc.experiments) ? doc.experiments : [];
    return {
      items: list.map((e) => mapExperiment(e, this.address)),
      nextPageToken: nextToken(doc)
    };
  }

  /** Every experiment, page after page. */
  async allExperiments(viewType: ViewType = 'ACTIVE_ONLY'): Promise<Experiment[]> {
    const out: Experiment[] = [];
    let pageToken: string | null = null;
    do {
      const page = await this.searchExperiments({ pageToken, viewType });
      out.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  }

  /**
   * One page of runs/search; each run carries the latest value of each metric only. `onToken`
   * hears the next page's token before this page's runs are mapped.
   */
  async searchRuns(
    request: SearchRunsRequest,
    onToken?: (next: string | null) => void
  ): Promise<Page<Run>> {
    const doc = await this.json('POST', '/api/2.0/mlflow/runs/search', {
      experiment_ids: request.experimentIds,
      filter: request.filter || undefined,
      order_by: request.orderBy?.length ? request.orderBy : undefined,
      max_results: Math.min(request.maxResults ?? 1000, MAX_RUNS_PAGE),
      page_token: request.pageToken ?? undefined,
      run_view_type: request.runViewType ?? 'ACTIVE_ONLY'
    });
    const nextPageToken = nextToken(doc);
    onToken?.(nextPageToken);
    const list = Array.isArray(doc.runs) ? doc.runs : [];
    return { items: list.map((r) => mapRun(r, this.address)), nextPageToken };
  }

  /** A metric's full history: every point, through as many get-history pages as it takes. */
  async fullHistory(runId: string, key: string, pageSize = HISTORY_PAGE): Promise<FetchedHistory> {
    const cols = emptyColumns();
    let pageToken: string | null = null;
    do {
      const doc = await this.json(
        'GET',
        `/api/2.0/mlflow/metrics/get-history${queryString({
          run_id: runId,
          metric_key: key,
          max_results: pageSize,
          page_token: pageToken
        })}`
      );
      appendPoints(doc.metrics, this.address, () => cols);
      pageToken = nextToken(doc);
    } while (pageToken);
    return { series: toSeries(key, cols), completeness: 'full' };
  }

  /**
   * A sampled overview of one metric for up to 100 runs (get-history-bulk-interval): at most
   * `maxResults` points per run, evenly spread over the history, first and last point included.
   * Runs without the metric are absent from the result.
   *
   * A run's answer is known to hold every point, and is marked `full`, when it has fewer than
   * `maxResults` points and the call's runs together have fewer than `maxResults` distinct steps:
   * a SQL store samples each run's rows (fewer rows than asked means all of them), the file store
   * samples the steps of every run in the call together (fewer distinct steps than asked means
   * none was left out). Everything else is `sampled`. (Both stores start at step 0, so a history
   * logged at negative steps would lose them here: MLflow's own UI has the same limit.)
   */
  async sampledHistories(
    runIds: readonly string[],
    key: string,
    maxResults = DEFAULT_SAMPLED_POINTS
  ): Promise<Map<string, FetchedHistory>> {
    const out = new Map<string, FetchedHistory>();
    for (let i = 0; i < runIds.length; i += MAX_BULK_RUNS) {
      const byRun = new Map<string, HistoryColumns>();
      const doc = await this.json(
        'GET',
        `/api/2.0/mlflow/metrics/get-history-bulk-interval${queryString({
          run_ids: runIds.slice(i, i + MAX_BULK_RUNS),
          metric_key: key,
          max_results: maxResults
        })}`
      );
      appendPoints(doc.metrics, this.address, (runId) => {
        const id = runId ?? '';
        let cols = byRun.get(id);
        if (!cols) byRun.set(id, (cols = emptyColumns()));
        return cols;
      });
      const steps = new Set<number>();
      for (const cols of byRun.values()) for (const s of cols.steps) steps.add(s);
      const fewSteps = steps.size < maxResults;
      for (const [runId, cols] of byRun) {
        const whole = fewSteps && cols.values.length < maxResults;
        out.set(runId, {
          series: toSeries(key, cols),
          completeness: whole ? 'full' : 'sampled'
        });
      }
    }
    return out;
  }

  /** The files of a run's artifacts, folders walked (artifacts/list, paged where the store pages). */
  async listArtifacts(runId: string, path = ''): Promise<Artifact[]> {
    const out: Artifact[] = [];
    const folders = [path];
    while (folders.length > 0) {
      const folder = folders.shift()!;
      let pageToken: string | null = null;
      do {
        const doc = await this.json(
          'GET',
          `/api/2.0/mlflow/artifacts/list${queryString({
            run_id: runId,
            path: folder || undefined,
            page_token: pageToken
          })}`
        );
        const files = Array.isArray(doc.files) ? (doc.files as unknown[]) : [];
        for (const f of files) {
          if (!f || typeof f !== 'object') continue;
          const file = f as { path?: unknown; is_dir?: unknown; file_size?: unknown };
          if (typeof file.path !== 'string' || file.path === '' || file.path === folder) continue;
          if (file.is_dir === true) folders.push(file.path);
          else out.push(mapArtifact(file.path, numberOrNull(file.file_size)));
        }
        pageToken = nextToken(doc);
      } while (pageToken);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The URL an artifact's bytes are served at (MLflow's UI endpoint `get-artifact`). */
  artifactUrl(runId: string, path: string): string {
    return `${this.address}/get-artifact${queryString({ path, run_uuid: runId })}`;
  }

  /**
   * An artifact's bytes through `get-artifact` (the endpoint MLflow's UI previews with), failures
   * named like every other request. `maxBytes` guards memory: a larger answer is refused.
   */
  async fetchArtifact(runId: string, path: string, maxBytes: number): Promise<Blob> {
    const url = this.artifactUrl(runId, path);
    const headers = this.requestHeaders();
    const ctx = { server: this.address, pageOrigin: this.pageOrigin, method: 'GET' };
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method: 'GET', headers, signal: this.signal });
    } catch (error) {
      throw classifyThrown(error, {
        ...ctx,
        reachableWithoutCors: await this.reachableWithoutCors(url, error)
      });
    }
    if (!response.ok) throw classifyResponse(response.status, await response.text(), ctx);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      void response.body?.cancel();
      throw new MlflowServerError(
        'server',
        this.address,
        `${path} is ${declared.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} a preview reads.`,
        null,
        response.status
      );
    }
    try {
      const blob = await response.blob();
      if (blob.size > maxBytes) {
        throw new MlflowServerError(
          'server',
          this.address,
          `${path} is larger than the ${maxBytes.toLocaleString('en-US')} bytes a preview reads.`,
          null
        );
      }
      return blob;
    } catch (error) {
      if (error instanceof MlflowServerError) throw error;
      throw classifyThrown(error, ctx);
    }
  }

  /** The headers a caller needs to fetch `artifactUrl` itself (credentials, if any). */
  requestHeaders(): Record<string, string> {
    return this.authorization ? { Authorization: this.authorization } : {};
  }
}

function nextToken(doc: Record<string, unknown>): string | null {
  const token = doc.next_page_token;
  return typeof token === 'string' && token !== '' ? token : null;
}

function numberOrNull(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}
