/** bench/results.json (the form issue 7 specifies) and bench/results.md (the table). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

export type Status = 'met' | 'missed' | 'not built';

export interface ScenarioResult {
  id: number;
  name: string;
  ratio: number | null;
  target: number;
  status: Status;
  absolute: Record<string, unknown>;
  /** Why a scenario is not built (or what to know about a miss). */
  reason?: string;
  /**
   * For the table: what the app and the baseline measured, in words with units; `ratio` and
   * `target` replace the plain ratio and target where one row has two (scenario 6).
   */
  display?: { app: string; baseline: string; ratio?: string; target?: string };
}

export interface Results {
  commit: string;
  quick: boolean;
  scenarios: ScenarioResult[];
}

export function statusOf(ratio: number, target: number): Status {
  return ratio <= target ? 'met' : 'missed';
}

export function notBuilt(id: number, name: string, target: number, reason: string): ScenarioResult {
  return { id, name, ratio: null, target, status: 'not built', absolute: {}, reason };
}

/** A scenario whose measurement broke: missed, with the error as the reason. */
export function failed(id: number, name: string, target: number, error: string): ScenarioResult {
  return {
    id,
    name,
    ratio: null,
    target,
    status: 'missed',
    absolute: {},
    reason: `failed: ${error}`
  };
}

export function formatMs(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function targetText(s: ScenarioResult): string {
  if (s.display?.target) return s.display.target;
  if (s.id === 9) return '0';
  if (s.id === 10) return '≤ 150 KB';
  return `≤ ${s.target}×`;
}

function ratioText(s: ScenarioResult): string {
  if (s.ratio === null) return '–';
  if (s.display?.ratio) return s.display.ratio;
  if (s.id === 9) return String(s.ratio);
  return `${s.ratio.toFixed(2)}×`;
}

export function markdownTable(results: Results): string {
  const rows = [
    '| # | scenario | app | baseline | ratio | target | status |',
    '|---|---|---|---|---|---|---|'
  ];
  for (const s of results.scenarios) {
    const app = s.display?.app ?? '–';
    const baseline = s.display?.baseline ?? '–';
    rows.push(
      `| ${s.id} | ${s.name} | ${app} | ${baseline} | ${ratioText(s)} | ${targetText(s)} | ${s.status} |`
    );
  }
  return rows.join('\n');
}

const num = (v: unknown) => (typeof v === 'number' ? v : NaN);

/** Where the time went (import scenarios) and what weighs most (initial JS), for results.md. */
export function details(results: Results): string[] {
  const lines: string[] = [];
  for (const s of results.scenarios) {
    const a = s.absolute;
    if ([1, 2, 12, 13, 14].includes(s.id) && s.ratio !== null) {
      lines.push(
        `#${s.id} split: app reading + parsing ${formatMs(a.app_parse_ms)}, writing ${formatMs(a.app_write_ms)}; ` +
          `baseline reading + parsing ${formatMs(a.baseline_parse_ms)}, writing ${formatMs(a.baseline_write_ms)} ` +
          `(${num(a.points).toLocaleString('en')} points, ${(num(a.bytes) / 1e6).toFixed(0)} MB; per-pair ratios ${JSON.stringify(a.ratios)}).`
      );
    }
    if (s.id === 12 && s.ratio !== null) {
      lines.push(
        `#12 rate: app ${(num(a.app_events_per_second) / 1e6).toFixed(2)} M scalar events/s (its own target ≥ 1 M, ${a.events_per_second_status}), ` +
          `baseline ${(num(a.baseline_events_per_second) / 1e6).toFixed(2)} M/s; every TFRecord's two CRCs checked on both sides.`
      );
    }
    if (s.id === 6 && s.status !== 'not built' && s.ratio !== null) {
      lines.push(
        `#6 filter (${num(a.matching).toLocaleString('en')} of ${num(a.runs).toLocaleString('en')} runs match): ` +
          `app ${formatMs(a.filter_ms)} = ${formatMs(a.filter_to_request_ms)} to the worker request + ` +
          `${formatMs(a.filter_worker_view_ms)} worker round trip + ${formatMs(a.filter_view_to_count_ms)} to the count in the DOM; ` +
          `baseline ${formatMs(a.filter_baseline_ms)} (per-pair ratios ${JSON.stringify(a.filter_ratios)}). ` +
          `Sort of all runs: app ${formatMs(a.sort_ms)} = ${formatMs(a.sort_to_request_ms)} to the request + ${formatMs(a.sort_worker_view_ms)} worker view + ` +
          `${formatMs(a.sort_view_to_first_row_ms)} to the first row (of which the row fetch ${formatMs(a.sort_worker_rows_ms)}); baseline ${formatMs(a.sort_baseline_ms)} ` +
          `(per-pair ratios ${JSON.stringify(a.sort_ratios)}). The same sort with the filter on: ${formatMs(a.sort_with_filter_on_ms)}.`
      );
    }
    if (s.id === 9) {
      lines.push(
        `#9 long tasks per app import: ${JSON.stringify(a.per_import_counts_scenario_1)} (scenario 1)` +
          (a.per_import_counts_scenario_2
            ? `, ${JSON.stringify(a.per_import_counts_scenario_2)} (scenario 2)`
            : '') +
          `; the baseline's imports in the same pages: ${JSON.stringify(a.baseline_counts)}, longest ${formatMs(a.baseline_longest_ms)}.`
      );
    }
    if (s.id === 10 && Array.isArray(a.biggest)) {
      const files = (a.biggest as { path: string; gzip_bytes: number }[])
        .slice(0, 4)
        .map((f) => `${f.path.split('/').pop()} ${(f.gzip_bytes / 1024).toFixed(1)} KB`);
      lines.push(`#10 biggest files (gzip): ${files.join(', ')}.`);
    }
  }
  return lines;
}

/** Writes `text` formatted as the repository's Prettier config says, so `prettier --check` passes. */
async function writeFormatted(path: string, text: string): Promise<void> {
  const config = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...config, filepath: path }));
}

/** Writes both files; `notes` are extra lines for results.md (machine, build, reasons). */
export async function writeResults(dir: string, results: Results, notes: string[]): Promise<void> {
  const json = {
    commit: results.commit,
    quick: results.quick,
    scenarios: results.scenarios.map(({ display: _display, ...s }) => s)
  };
  await writeFormatted(join(dir, 'results.json'), JSON.stringify(json, null, 2));
  const reasons = results.scenarios
    .filter((s) => s.reason)
    .map((s) => `- #${s.id} ${s.status === 'not built' ? 'not built' : 'note'}: ${s.reason}`);
  const md = [
    `# Benchmark results${results.quick ? ' (quick)' : ''}`,
    '',
    `Commit \`${results.commit}\`. Written by \`npm run bench${results.quick ? ' -- --quick' : ''}\`; see bench/README.md.`,
    '',
    markdownTable(results),
    '',
    ...notes.map((n) => `- ${n}`),
    ...details(results).map((d) => `- ${d}`),
    ...reasons,
    ''
  ];
  await writeFormatted(join(dir, 'results.md'), md.join('\n'));
}
