import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  afterFirstChart,
  holdTablesForFirstChart,
  releaseTables
} from '../../src/lib/state/charts-first';

/** Whether the gate has let its waiters through, after pending microtasks ran. */
async function passed(): Promise<boolean> {
  let through = false;
  void afterFirstChart().then(() => (through = true));
  await Promise.resolve();
  await Promise.resolve();
  return through;
}

afterEach(() => {
  releaseTables();
  vi.useRealTimers();
});

// The compare page's tables wait for its first chart (state/charts-first.ts).
describe('charts-first', () => {
  it('holds the tables until a chart is answered', async () => {
    holdTablesForFirstChart();
    expect(await passed()).toBe(false);
    releaseTables();
    expect(await passed()).toBe(true);
  });

  it('keeps holding through a second open during the page boot', async () => {
    holdTablesForFirstChart();
    let first = false;
    void afterFirstChart().then(() => (first = true));
    holdTablesForFirstChart();
    await Promise.resolve();
    expect(first).toBe(false);
    releaseTables();
    await Promise.resolve();
    expect(first).toBe(true);
  });

  it('lets the tables through when no chart comes', async () => {
    vi.useFakeTimers();
    holdTablesForFirstChart();
    vi.advanceTimersByTime(1000);
    expect(await passed()).toBe(false);
    vi.advanceTimersByTime(600);
    expect(await passed()).toBe(true);
  });
});
