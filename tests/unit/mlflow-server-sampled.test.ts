/**
 * Which answers of get-history-bulk-interval hold every point: a run that got fewer points than
 * asked, in a call whose runs together have fewer distinct steps than asked, is whole (MLflow's
 * SQL store samples rows per run, its file store samples the steps of all the call's runs
 * together); everything else is sampled. Fake answers shaped as MLflow's.
 */
import { describe, expect, it } from 'vitest';
import { MlflowServerClient, type FetchLike } from '$lib/mlflow-server';

/** A server whose bulk-interval answer gives each run the given steps. */
function answering(steps: Record<string, number[]>) {
  const asked: string[] = [];
  const fetchLike: FetchLike = async (input) => {
    asked.push(input);
    const url = new URL(input);
    const ids = url.searchParams.getAll('run_ids');
    const metrics = ids.flatMap((id) =>
      (steps[id] ?? []).map((step) => ({
        key: 'loss',
        value: step / 10,
        timestamp: 1_700_000_000_000 + step,
        step,
        run_id: id
      }))
    );
    return new Response(JSON.stringify({ metrics }), {
      status: 200,
      headers: { 'content-type': 'application/json' }
    });
  };
  return {
    asked,
    client: new MlflowServerClient({ url: 'http://127.0.0.1:5000', fetch: fetchLike })
  };
}

const range = (n: number, every = 1) => Array.from({ length: n }, (_, i) => i * every);

describe('bulk-interval completeness', () => {
  it('short histories in a call with few steps are whole', async () => {
    const { client } = answering({ a: range(5), b: range(12) });
    const got = await client.sampledHistories(['a', 'b'], 'loss', 320);
    expect(got.get('a')!.completeness).toBe('full');
    expect(got.get('b')!.completeness).toBe('full');
    expect(Array.from(got.get('b')!.series.steps)).toEqual(range(12));
  });

  it('a run at the limit is sampled, and so is a short run beside it (its steps may be thinned)', async () => {
    const { client } = answering({ long: range(320, 31), short: range(10) });
    const got = await client.sampledHistories(['long', 'short'], 'loss', 320);
    expect(got.get('long')!.completeness).toBe('sampled');
    expect(got.get('short')!.completeness).toBe('sampled');
  });

  it('asks 100 runs a call and judges each call on its own', async () => {
    const ids = range(150).map((i) => `r${i}`);
    const steps: Record<string, number[]> = Object.fromEntries(ids.map((id) => [id, range(3)]));
    steps.r120 = range(320, 7);
    const { asked, client } = answering(steps);
    const got = await client.sampledHistories(ids, 'loss', 320);
    expect(asked.length).toBe(2);
    expect(new URL(asked[0]!).searchParams.getAll('run_ids').length).toBe(100);
    expect(got.get('r5')!.completeness).toBe('full');
    expect(got.get('r110')!.completeness).toBe('sampled');
    expect(got.get('r120')!.completeness).toBe('sampled');
  });
});
