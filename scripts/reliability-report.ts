/**
 * Regenerates the figures table at the top of docs/reliability.md (between the markers): the
 * hostile corpus run through the CLI's pipeline, counted by category and outcome, with the
 * slowest case and any crash, pollution or mismatch. Fuzz figures come from the last
 * `npm run fuzz`, written by hand below the table (they take minutes to produce).
 *
 *   node --import tsx scripts/reliability-report.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { loadSqliteEngine } from '../src/lib/importers/readers/sqlite/engine';
import { mismatches, outcomeOf, readManifest, runCase } from '../tests/fixtures/hostile/run-case';

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
  const doc = readFileSync(DOC, 'utf8');
  const at = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (at < 0 || end < 0) throw new Error('docs/reliability.md has no figure markers');
  // Formatted as the repository's Prettier config says, so `npm run check` stays clean.
  const text = `${doc.slice(0, at + START.length)}\n${lines.join('\n')}\n${doc.slice(end)}`;
  writeFileSync(DOC, await format(text, { ...((await resolveConfig(DOC)) ?? {}), filepath: DOC }));
  console.log(lines.join('\n'));
}

await main();
