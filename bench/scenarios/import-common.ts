/**
 * What scenarios 1 and 2 share: one app import and one baseline import in the same page, and the
 * interleaved pairs around them (a fresh on-disk profile per pair, the order alternating).
 */
import type { Page } from '@playwright/test';
import { openApp, openSession } from '../lib/browser';
import { median } from '../lib/stats';
import {
  INSTALL_BASELINE,
  STORAGE_USAGE,
  WAIT_BASELINE,
  longTasksBetween,
  waitAppImport,
  waitRunCount
} from '../page/scripts';

const TIMEOUT_MS = 15 * 60_000;

export interface LongTaskSummary {
  count: number;
  longest_ms: number;
  /**
   * The task in which the picked files arrived (the input's change event), left out of `count`:
   * the browser builds the FileList in it, which on a bare input with no listener takes 60-100 ms
   * for 382 files here (2026-12-06). 0 when it was not a long task.
   */
  picker_task_ms: number;
  /** The page's own change handlers in that task; 50 ms or more counts as a long task. */
  change_handler_ms: number;
  /** The scripts Chromium blamed for the long animation frames in the window, longest first. */
  scripts: string[];
}

export interface SideSample {
  ms: number;
  parse_ms: number | null;
  write_ms: number | null;
  /** navigator.storage.estimate() usage growth over this side (meaningful when it ran first). */
  storage_bytes: number;
  first: boolean;
  longTasks: LongTaskSummary | null;
}

interface AppWait {
  state: string;
  start: number;
  writing: number | null;
  end: number;
  errors: string[];
}

interface BaselineWait {
  ok: boolean;
  start: number;
  error?: string;
  parse_ms: number;
  write_ms: number;
  points: number;
}

interface Frame {
  start: number;
  duration: number;
  scripts: { invoker: string; source: string; fn: string; duration: number }[];
}

interface FoundTasks {
  tasks: { start: number; duration: number }[];
  frames: Frame[];
  changes: number[];
}

/** A long task is the page's unless it is the picker's (see LongTaskSummary.picker_task_ms). */
function summarise({ tasks, frames, changes }: FoundTasks): LongTaskSummary {
  const change = changes[0];
  const within = (t: { start: number; duration: number }) =>
    change !== undefined && t.start <= change && change <= t.start + t.duration;
  const picker = tasks.find(within);
  const handlerMs = frames
    .filter(within)
    .flatMap((f) => f.scripts)
    .filter((s) => /onchange$/.test(s.invoker))
    .reduce((sum, s) => sum + s.duration, 0);
  const counted = tasks.filter((t) => t !== picker).map((t) => t.duration);
  if (picker && handlerMs >= 50) counted.push(handlerMs);
  const blame = new Map<string, number>();
  for (const f of frames) {
    for (const s of f.scripts) {
      const file = s.source.split('/').pop() ?? s.source;
      const key = `${s.invoker}${s.fn ? ` → ${s.fn}` : ''} (${file || 'no source'})`;
      blame.set(key, Math.max(blame.get(key) ?? 0, s.duration));
    }
  }
  return {
    count: counted.length,
    longest_ms: Math.round(Math.max(0, ...counted)),
    picker_task_ms: Math.round(picker?.duration ?? 0),
    change_handler_ms: Math.round(handlerMs),
    scripts: [...blame.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, ms]) => `${k}: ${Math.round(ms)} ms`)
  };
}

const usage = (page: Page) => page.evaluate<number>(STORAGE_USAGE);

/** Imports `path` through the app's picker; resolves when the run list shows `runs` runs. */
export async function appImport(
  page: Page,
  testId: string,
  path: string,
  runs: number
): Promise<{ sample: Omit<SideSample, 'first' | 'storage_bytes'>; wait: AppWait }> {
  const wait = page.evaluate<AppWait>(waitAppImport(TIMEOUT_MS));
  const t0 = performance.now();
  await page.getByTestId(testId).setInputFiles(path);
  const result = await wait;
  const ms = performance.now() - t0;
  if (result.state !== 'done') return { sample: emptySample(ms), wait: result };
  // Long tasks are counted until the imported runs are listed (the refresh is part of the import).
  await page.waitForFunction(waitRunCount(runs), undefined, {
    timeout: TIMEOUT_MS,
    polling: 'raf'
  });
  await page.waitForTimeout(300);
  const until = await page.evaluate<number>('performance.now()');
  const found = await page.evaluate<FoundTasks>(longTasksBetween(result.start, until));
  const parse = result.writing === null ? null : result.writing - result.start;
  return {
    sample: {
      ms,
      parse_ms: parse,
      write_ms: result.writing === null ? null : result.end - result.writing,
      longTasks: summarise(found)
    },
    wait: result
  };
}

function emptySample(ms: number): Omit<SideSample, 'first' | 'storage_bytes'> {
  return { ms, parse_ms: null, write_ms: null, longTasks: null };
}

/** The same files through the baseline worker's hidden input; `points`: how many it must read. */
export async function baselineImport(
  page: Page,
  inputId:
    | 'bench-baseline-folder'
    | 'bench-baseline-file'
    | 'bench-baseline-tfevents'
    | 'bench-baseline-sqlite'
    | 'bench-baseline-wandb',
  path: string,
  points?: number
): Promise<Omit<SideSample, 'first' | 'storage_bytes'>> {
  await page.evaluate(INSTALL_BASELINE);
  const wait = page.evaluate<BaselineWait>(WAIT_BASELINE);
  const t0 = performance.now();
  await page.locator(`#${inputId}`).setInputFiles(path);
  const result = await wait;
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(`the baseline failed: ${result.error}`);
  if (points !== undefined && result.points !== points)
    throw new Error(`the baseline read ${result.points} points, not ${points}`);
  // The same window as the app's: what the browser itself costs on the main thread (FileList).
  await page.waitForTimeout(300);
  const until = await page.evaluate<number>('performance.now()');
  const found = await page.evaluate<FoundTasks>(longTasksBetween(result.start, until));
  return {
    ms,
    parse_ms: result.parse_ms,
    write_ms: result.write_ms,
    longTasks: summarise(found)
  };
}

export interface PairRun {
  app: SideSample[];
  baseline: SideSample[];
  ratios: number[];
}

export interface PairPlan {
  label: string;
  baseURL: string;
  outDir: string;
  /** Measured pairs; one warm-up pair runs first and is dropped. */
  pairs: number;
  app(page: Page): Promise<Omit<SideSample, 'first' | 'storage_bytes'>>;
  baseline(page: Page): Promise<Omit<SideSample, 'first' | 'storage_bytes'>>;
}

/**
 * A B, B A, A B … in fresh profiles: whichever goes second finds the other's rows already on
 * disk (and LevelDB compacting them), so the order alternates to give both sides the same share.
 */
export async function runPairs(plan: PairPlan): Promise<PairRun> {
  const out: PairRun = { app: [], baseline: [], ratios: [] };
  for (let i = 0; i <= plan.pairs; i++) {
    const session = await openSession(plan.baseURL, plan.outDir);
    try {
      await openApp(session.page);
      await session.page.evaluate(INSTALL_BASELINE);
      const appFirst = i % 2 === 0;
      const sides = appFirst ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const);
      const got: Partial<Record<'app' | 'baseline', SideSample>> = {};
      for (const [k, side] of sides.entries()) {
        const before = await usage(session.page);
        const sample = await (side === 'app' ? plan.app : plan.baseline)(session.page);
        const storage = (await usage(session.page)) - before;
        got[side] = { ...sample, first: k === 0, storage_bytes: storage };
      }
      const app = got.app!;
      const baseline = got.baseline!;
      const ratio = app.ms / baseline.ms;
      const tag = i === 0 ? 'warm-up' : `pair ${i}/${plan.pairs}`;
      console.log(
        `  ${plan.label} ${tag} (${appFirst ? 'app first' : 'baseline first'}): app ${Math.round(app.ms)} ms, baseline ${Math.round(baseline.ms)} ms, ratio ${ratio.toFixed(2)}` +
          (app.longTasks ? `, long tasks ${app.longTasks.count}` : '')
      );
      if (i === 0) continue;
      out.app.push(app);
      out.baseline.push(baseline);
      out.ratios.push(ratio);
    } finally {
      await session.close();
    }
  }
  return out;
}

/** Median of a field over samples, ignoring nulls. */
export function medianOf(samples: SideSample[], pick: (s: SideSample) => number | null): number {
  return median(samples.map(pick).filter((v): v is number => v !== null));
}

/** One import scenario's pairs: the app picks `path` on its input, the baseline as `baseline` says. */
export interface ImportPlan {
  label: string;
  baseURL: string;
  outDir: string;
  pairs: number;
  /** The app's picker: a folder or a file. */
  appInput: 'import-folder-input' | 'import-input';
  path: string;
  /** Runs the import must list before it counts as done. */
  runs: number;
  /** What is imported, in the error when the app does not import it ("mlruns/"). */
  what: string;
  baseline(page: Page): Promise<Omit<SideSample, 'first' | 'storage_bytes'>>;
}

/** Runs an import scenario's pairs (`runPairs`) and the medians every import scenario reports. */
export async function importPairs(
  plan: ImportPlan
): Promise<{ pairs: PairRun; ratio: number; appMs: number; baselineMs: number }> {
  const pairs = await runPairs({
    label: plan.label,
    baseURL: plan.baseURL,
    outDir: plan.outDir,
    pairs: plan.pairs,
    async app(page) {
      const { sample, wait } = await appImport(page, plan.appInput, plan.path, plan.runs);
      if (wait.state !== 'done') {
        throw new Error(
          `the app did not import ${plan.what} (${wait.state}): ${wait.errors.join('; ')}`
        );
      }
      return sample;
    },
    baseline: plan.baseline
  });
  return {
    pairs,
    ratio: median(pairs.ratios),
    appMs: medianOf(pairs.app, (s) => s.ms),
    baselineMs: medianOf(pairs.baseline, (s) => s.ms)
  };
}
