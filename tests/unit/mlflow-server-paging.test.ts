/**
 * Listing a server's runs page by page: every run once and in the server's order, the next page
 * asked for before this page's runs are mapped (opening 10,000 runs waits on ten pages, and the
 * mapping of each now hides under the wait for the next), and no page past a limit. Both
 * listings (the runs a filter matches, and every run, as the refresh's list of deleted runs) page
 * through the one loop.
 */
import { describe, expect, it } from 'vitest';
import { allRuns, MlflowServerClient, splitQuery, type FetchLike } from '$lib/mlflow-server';
import { listMatchingRuns } from '$lib/mlflow-server/pull-runs';
import type { Experiment } from '$lib/model';
import { parseQuery } from '$lib/query';

const EXPERIMENT: Experiment = { id: '1', name: 'scale', deleted: false, tags: new Map() };

function restRun(i: number) {
  return {
    info: {
      run_id: `run-${i}`,
      run_name: `trial-${i}`,
      experiment_id: '1',
      status: 'FINISHED',
      start_time: 1_700_000_000_000 + i,
      lifecycle_stage: 'active'
    },
    data: { metrics: [{ key: 'loss', value: 1 / (i + 1), timestamp: 1, step: 0 }] }
  };
}

/**
 * A server of `total` runs in pages of `size` that answers 500 for the page from `failAt`; `log`
 * records each request and each page seen.
 */
function server(total: number, size: number, failAt = -1) {
  const log: string[] = [];
  const fetchLike: FetchLike = async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as { page_token?: string; max_results: number };
    const from = body.page_token ? Number(body.page_token) : 0;
    log.push(`request ${from}`);
    // An answer takes a while, as a real server's does.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (from === failAt) return new Response('boom', { status: 500 });
    const to = Math.min(total, from + Math.min(size, body.max_results));
    const runs = Array.from({ length: to - from }, (_, k) => restRun(from + k));
    const doc = to < total ? { runs, next_page_token: String(to) } : { runs };
    return new Response(JSON.stringify(doc), {
      status: 200,
      headers: { 'content-type': 'application/json' }
    });
  };
  return {
    log,
    client: new MlflowServerClient({ url: 'http://127.0.0.1:5000', fetch: fetchLike })
  };
}

function split(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return splitQuery(parsed.ast);
}

/** 2,500 runs in pages of 1,000: each next page asked for before the one before is seen. */
const EACH_PAGE_ASKED_AHEAD = [
  'request 0',
  'request 1000',
  'page seen, 1000 runs',
  'request 2000',
  'page seen, 2000 runs',
  'page seen, 2500 runs'
];

describe('listing a server experiment page by page', () => {
  it('lists every run once, in order, asking for each page before the last one is mapped', async () => {
    const { log, client } = server(2_500, 1_000);
    const runs = await listMatchingRuns(client, [EXPERIMENT], split(''), {
      onPage: (seen) => log.push(`page seen, ${seen} runs`)
    });
    expect(runs.map((r) => r.id)).toEqual(Array.from({ length: 2_500 }, (_, i) => `run-${i}`));
    expect(log).toEqual(EACH_PAGE_ASKED_AHEAD);
  });

  it('asks for no page past a limit', async () => {
    const { log, client } = server(2_500, 1_000);
    const runs = await listMatchingRuns(client, [EXPERIMENT], split(''), {
      maxRuns: 1_000,
      pageSize: 1_000
    });
    expect(runs).toHaveLength(1_000);
    expect(log).toEqual(['request 0']);
  });

  it('a page that fails fails the listing, with the server named', async () => {
    const { client } = server(2_500, 1_000, 1_000);
    await expect(listMatchingRuns(client, [EXPERIMENT], split(''))).rejects.toThrow(
      /127\.0\.0\.1:5000/
    );
  });

  it('every run of a search (the deleted runs a refresh looks for) pages the same way', async () => {
    const { log, client } = server(2_500, 1_000);
    const runs = await allRuns(client, { experimentIds: ['1'], runViewType: 'DELETED_ONLY' }, (n) =>
      log.push(`page seen, ${n} runs`)
    );
    expect(runs.map((r) => r.id)).toEqual(Array.from({ length: 2_500 }, (_, i) => `run-${i}`));
    expect(log).toEqual(EACH_PAGE_ASKED_AHEAD);
  });
});
