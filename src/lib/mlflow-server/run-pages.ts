/**
 * Paging runs/search, the one loop for it: the listing of a server's runs (pull, connect,
 * refresh) and the refresh's list of deleted runs both walk the pages here.
 */
import type { Run } from '../model';
import type { MlflowServerClient, Page, SearchRunsRequest } from './rest-client';

/**
 * The pages of runs/search, in order, from `request.pageToken` on. With `prefetch`, the next
 * page is asked for as soon as a page's token is read, before its runs (up to 50,000) are
 * mapped, so the mapping and the caller's work overlap the server's next answer. A caller that
 * may stop early (a limit) passes false: it would have asked for one page too many.
 */
export async function* runPages(
  client: MlflowServerClient,
  request: SearchRunsRequest,
  prefetch: boolean
): AsyncGenerator<Page<Run>> {
  let following: Promise<Page<Run>> | null = null;
  const ask = (pageToken: string | null): Promise<Page<Run>> =>
    client.searchRuns({ ...request, pageToken }, (next) => {
      if (!prefetch || next === null) return;
      following = ask(next);
      // Handled here so a caller that stops in between (a cancel, a failed page) leaves no
      // unhandled rejection behind.
      following.catch(() => undefined);
    });
  let current = ask(request.pageToken ?? null);
  for (;;) {
    const page: Page<Run> = await current;
    // The token's callback may have set it: a type annotation keeps TypeScript from narrowing
    // it to null.
    const asked: Promise<Page<Run>> | null = following;
    following = null;
    yield page;
    if (!page.nextPageToken) return;
    current = asked ?? ask(page.nextPageToken);
  }
}

/** Every run the search matches, every page asked for ahead (`onPage` after each page). */
export async function allRuns(
  client: MlflowServerClient,
  request: SearchRunsRequest,
  onPage?: (runs: number) => void
): Promise<Run[]> {
  const out: Run[] = [];
  for await (const page of runPages(client, request, true)) {
    out.push(...page.items);
    onPage?.(out.length);
  }
  return out;
}
