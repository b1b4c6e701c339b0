/**
 * Regenerates the figures tables of docs/reliability.md (between their markers): the hostile
 * corpus run through the CLI's pipeline, counted by category and outcome, with the slowest case
 * and any crash, pollution or mismatch; and the browser figures the last Playwright run left in
 * test-results/ (the guard's tally of every test, and each reliability spec's measure). Run it
 * after a whole `npx playwright test`: a run of one spec leaves only that spec's figures, and
 * the browser table is then left as it is. Fuzz figures come from the last `npm run fuzz`,
 * written by hand (they take minutes to produce). The numbers table (NaN, ±Infinity, -0 and
 * subnormals along every path) is measured here by the same code its unit test asserts, and its
 * browser rows come from tests/e2e/numbers.spec.ts's figure whenever the last run left one.
 *
 *   node --import tsx scripts/reliability-report.ts
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadSqliteEngine } from '../src/lib/importers/readers/sqlite/engine';
import { mismatches, outcomeOf, readManifest, runCase } from '../tests/fixtures/hostile/run-case';
import { EDGE_VALUES, measureRoundTrips } from '../tests/fixtures/numbers/round-trip';

const DOC = new URL('../docs/reliability.md', import.meta.url);
const START = '<!-- reliability-figures:start -->';
const END = '<!-- reliability-figures:end -->';

async function main() {
  await loadSqliteEngine();
  const manifest = readManifest();
  const rows = new Map<
    string,
    { imported: number; rejected: number; skipped: number; bad: number; ms: number }
  >();
  let crashes = 0;
  let pollution = 0;
  let wrong = 0;
  for (const c of manifest.cases) {
    const run = await runCase(c.path);
    const row = rows.get(c.category) ?? { imported: 0, rejected: 0, skipped: 0, bad: 0, ms: 0 };
    row[outcomeOf(run)] += 1;
    const bad =
      mismatches(c.path, c.expect, run).length > 0 ||
      run.crashes.length > 0 ||
      run.pollution.length > 0;
    if (bad) row.bad += 1;
    row.ms = Math.max(row.ms, run.ms);
    rows.set(c.category, row);
    crashes += run.crashes.length;
    pollution += run.pollution.length;
    wrong += bad ? 1 : 0;
  }
  const lines = [
    '| Category | What | Cases | Imported | Rejected (ImportError) | Skipped | Not as expected | Slowest |',
    '|---|---|---:|---:|---:|---:|---:|---:|'
  ];
  const total = { n: 0, imported: 0, rejected: 0, skipped: 0, bad: 0 };
  for (const [category, about] of Object.entries(manifest.categories)) {
    const r = rows.get(category);
    if (!r) continue;
    const n = r.imported + r.rejected + r.skipped;
    total.n += n;
    total.imported += r.imported;
    total.rejected += r.rejected;
    total.skipped += r.skipped;
    total.bad += r.bad;
    lines.push(
      `| ${category} | ${about} | ${n} | ${r.imported} | ${r.rejected} | ${r.skipped} | ${r.bad} | ${Math.round(r.ms)} ms |`
    );
  }
  lines.push(
    `| **all** | | **${total.n}** | ${total.imported} | ${total.rejected} | ${total.skipped} | ${total.bad} | |`
  );
  lines.push(
    '',
    `Crashes (a throw that is not an ImportError): ${crashes}. Built-in prototypes changed: ${pollution}. Cases not as their manifest says: ${wrong}.`
  );
  replaceBetween(START, END, lines);
  console.log(lines.join('\n'));
  const numbers = await numberFigures();
  replaceBetween(NUMBERS_START, NUMBERS_END, numbers);
  console.log(numbers.join('\n'));
  const numbersBrowser = numberBrowserFigures();
  if (numbersBrowser) {
    replaceBetween(NUMBERS_BROWSER_START, NUMBERS_BROWSER_END, numbersBrowser);
    console.log(numbersBrowser.join('\n'));
  } else {
    console.log('No numbers figure in test-results/: its browser table is left as it is.');
  }
  const browser = browserFigures();
  if (browser) {
    replaceBetween(BROWSER_START, BROWSER_END, browser);
    console.log(browser.join('\n'));
  } else {
    console.log('No complete browser run in test-results/: the browser table is left as it is.');
  }
}

function replaceBetween(start: string, end: string, lines: string[]): void {
  const doc = readFileSync(DOC, 'utf8');
  const at = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (at < 0 || to < 0) throw new Error(`docs/reliability.md has no ${start} marker`);
  writeFileSync(DOC, `${doc.slice(0, at + start.length)}\n${lines.join('\n')}\n${doc.slice(to)}`);
  // Formatted as the repository's Prettier config says, so `npm run check` stays clean.
  execFileSync('npx', ['prettier', '--write', fileURLToPath(DOC)], { stdio: 'ignore' });
}

const NUMBERS_START = '<!-- reliability-numbers:start -->';
const NUMBERS_END = '<!-- reliability-numbers:end -->';
const NUMBERS_BROWSER_START = '<!-- reliability-numbers-browser:start -->';
const NUMBERS_BROWSER_END = '<!-- reliability-numbers-browser:end -->';

const spell = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** Each path's figures from tests/fixtures/numbers/round-trip.ts, as the unit test checks them. */
async function numberFigures(): Promise<string[]> {
  const trips = await measureRoundTrips();
  const of = (n: number, total: number) => (total === 0 ? '—' : `${n} of ${total}`);
  const lines = [
    '| Path | Values back bit for bit | Steps back bit for bit | Summaries back bit for bit | What it keeps |',
    '|---|---:|---:|---:|---|'
  ];
  for (const f of trips.figures) {
    lines.push(
      `| ${f.path} | ${of(f.exact, f.values)} | ${of(f.stepsExact, f.values)} | ${of(f.summariesExact, f.summaries)} | ${f.keeps} |`
    );
  }
  const halfLevel = trips.share.range / 65_532 / 2;
  lines.push(
    '',
    `Values sent, as MLflow writes them: ${EDGE_VALUES.map((e) => `${e.name} \`${e.mlflow}\``).join(', ')}. ` +
      `In the share link the finite values span ${spell(trips.share.range)}, so half a level is ${halfLevel.toPrecision(3)}; ` +
      `the largest move of one was ${spell(trips.share.maxError)} (over a range that wide, every small value falls on the lowest level).`
  );
  return lines;
}

/** The browser rows, from the figure tests/e2e/numbers.spec.ts left, or null without one. */
function numberBrowserFigures(): string[] | null {
  const file = `${RESULTS}/reliability/numbers.json`;
  if (!existsSync(file)) return null;
  const n = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  const test = '`tests/e2e/numbers.spec.ts`';
  return [
    '| Figure | Value | Test |',
    '|---|---|---|',
    `| Edge values in an mlruns zip, imported and stored | ${n.importedExact} of ${n.values} bit for bit | ${test} |`,
    `| Run page table cells checked in words (NaN, ∞, −∞, -0, 4.9407e-324), none blank or "null" | ${n.tableCells} | ${test} |`,
    `| Run page chart (the test fails on any page error): NaN, +∞ and −∞ marked at their steps; pixels of line drawn | ${n.chartMarks} marks; ${n.chartLinePixels} px | ${test} |`,
    `| The run page's CSV of the metric, imported again (W&B chart layout) | values ${n.csvReimportedExact} of ${n.values}, steps ${n.csvStepsExact} of ${n.values} bit for bit | ${test} |`
  ];
}

const BROWSER_START = '<!-- reliability-browser:start -->';
const BROWSER_END = '<!-- reliability-browser:end -->';
const RESULTS = 'test-results';
const FIGURES = [
  'xss-views',
  'rejected-store',
  'quota',
  'persist',
  'interrupt',
  'tabs-upgrade-during-import',
  'tabs-upgrade-idle',
  'tabs-two-imports',
  'tabs-update-during-import'
] as const;

/** The browser table from the last Playwright run, or null when it was not a whole run. */
function browserFigures(): string[] | null {
  const tallyFile = `${RESULTS}/guard-tally.jsonl`;
  if (!existsSync(tallyFile)) return null;
  const figures = new Map<string, Record<string, number | boolean | string>>();
  for (const name of FIGURES) {
    const file = `${RESULTS}/reliability/${name}.json`;
    if (!existsSync(file)) return null;
    figures.set(name, JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>);
  }
  const tally = readFileSync(tallyFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { test: string; pages: number; problems: number });
  const f = (name: (typeof FIGURES)[number]) => figures.get(name)!;
  const pages = tally.reduce((n, t) => n + t.pages, 0);
  const problems = tally.reduce((n, t) => n + t.problems, 0);
  const built = existsSync('build')
    ? readdirSync('build').filter((n) => n.endsWith('.html')).length
    : 0;
  const [xss, rejected, quota, persist, cut] = [
    f('xss-views'),
    f('rejected-store'),
    f('quota'),
    f('persist'),
    f('interrupt')
  ];
  const during = f('tabs-upgrade-during-import');
  return [
    '| Figure | Value | Test |',
    '|---|---|---|',
    `| Browser tests run under the guard (CSP listener, uncaught errors, dialogs, \`__pwned\` sentinel) | ${tally.length} tests, ${pages} pages | every spec, \`tests/e2e/fixtures.ts\` |`,
    `| CSP violations, page errors and executed payloads over those tests | **${problems}** | same |`,
    `| Built pages whose CSP meta and inline-script hashes are checked | ${built} | \`tests/e2e/csp-build.spec.ts\`, \`hostile.spec.ts\` |`,
    `| Corpus cases with script in every field, imported in the browser | ${xss.cases} cases, ${xss.runs} runs, ${xss.views} views opened, ${xss.executed} payloads run | \`hostile.spec.ts\` |`,
    `| Rejected corpus cases, store digest (SHA-256 of every table) unchanged | ${rejected.unchanged} of ${rejected.cases} | \`hostile.spec.ts\` |`,
    `| Quota error injected at each write of an import in turn | ${quota.faults} of ${quota.writes} writes; stores changed: ${quota.changedStore}; next import lands | \`quota.spec.ts\` |`,
    `| \`navigator.storage.persist()\` | asked ${persist.askedOnLoad} times on load, ${persist.askedAfterFirstImport} after the first import; answer shown in Settings | \`quota.spec.ts\` |`,
    `| Imports cut at seeded random moments (worker killed or tab closed) | ${cut.trials} trials: ${cut.cut} cut (${cut.cutByWorker} by the worker, ${cut.cutByTab} by the tab, ${cut.cutWhileWriting} while writing), ${cut.committedFirst} committed first; partial runs ${cut.partial}, orphan rows ${cut.orphans}; every cut one named at the next start | \`interrupt.spec.ts\` |`,
    `| Schema upgrade in another tab during an import | upgrade ${during.blocked ? 'waited' : 'did not wait'} ${during.waitedMs} ms for the import; writes lost ${during.lost}; old tab reloaded after it | \`tabs.spec.ts\` |`,
    `| Schema upgrade in another tab, this one idle | reloaded at once; lost ${f('tabs-upgrade-idle').lost} | \`tabs.spec.ts\` |`,
    `| Two imports at once from two tabs | ${f('tabs-two-imports').landed} of ${f('tabs-two-imports').imports} landed | \`tabs.spec.ts\` |`,
    `| New version applied in another tab during an import | reloads during the import: ${f('tabs-update-during-import').reloadsDuringImport} | \`tabs.spec.ts\` |`
  ];
}

await main();
