/**
 * The two spellings of the `runlens summary` document (summary.ts builds it): JSON exactly as
 * SUMMARY.md specifies it, and the short table a person reads in a terminal.
 */
import { describeGroup, groupSkipped, noRunsHeadline } from '../worker/import-report';
import type { SummaryDocument, SummaryRun } from './summary';

/**
 * JSON with two-space indents. Written by hand rather than with JSON.stringify so that -0 keeps
 * its sign (as the Runlens JSON writer does); non-finite numbers were already made strings.
 */
function writeJson(value: unknown, indent: string, out: string[]): void {
  if (typeof value === 'number') {
    out.push(Object.is(value, -0) ? '-0' : Number.isFinite(value) ? String(value) : 'null');
  } else if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    const inner = `${indent}  `;
    out.push('[');
    value.forEach((item: unknown, i) => {
      out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
      writeJson(item, inner, out);
    });
    out.push(`\n${indent}]`);
  } else if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) return void out.push('{}');
    const inner = `${indent}  `;
    out.push('{');
    keys.forEach((key, i) => {
      out.push(`${i === 0 ? '\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
      writeJson((value as Record<string, unknown>)[key], inner, out);
    });
    out.push(`\n${indent}}`);
  } else {
    out.push(JSON.stringify(value) ?? 'null');
  }
}

/** The summary as the JSON document of SUMMARY.md, newline-terminated. */
export function formatSummaryJson(doc: SummaryDocument): string {
  const out: string[] = [];
  writeJson(doc, '', out);
  return `${out.join('')}\n`;
}

function pointCount(run: SummaryRun): number {
  let n = 0;
  for (const key in run.metrics) n += run.metrics[key]!.points;
  return n;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Names come from files: a newline or tab in one must not break the table. */
function oneLine(text: string): string {
  return text.replace(/\p{Cc}/gu, ' ');
}

/**
 * The summary as a table for people: one line per run (or why there is none), the rejected files,
 * the skipped ones grouped and counted by reason, then totals. `inputs` is how many files were
 * named or found.
 */
export function formatSummaryTable(doc: SummaryDocument, inputs: number): string {
  const header = ['EXPERIMENT', 'RUN', 'STATUS', 'PARAMS', 'METRICS', 'POINTS'];
  const numeric = [false, false, false, true, true, true];
  let points = 0;
  const rows = doc.runs.map((run) => {
    const runPoints = pointCount(run);
    points += runPoints;
    return [
      oneLine(run.experiment.name),
      oneLine(run.name ?? run.id),
      run.deleted ? `${run.status} (deleted)` : run.status,
      String(Object.keys(run.params).length),
      String(Object.keys(run.metrics).length),
      String(runPoints)
    ];
  });
  const lines: string[] = [];
  if (rows.length > 0) {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    for (const row of [header, ...rows]) {
      const cells = row.map((cell, c) =>
        numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)
      );
      lines.push(cells.join('  ').trimEnd());
    }
  } else {
    lines.push(`${noRunsHeadline(inputs)}.`);
  }
  if (doc.errors.length > 0) {
    lines.push('', 'Could not read:');
    for (const e of doc.errors) lines.push(`  ${oneLine(e.file)}: ${oneLine(e.message)}`);
  }
  if (doc.skipped.length > 0) {
    lines.push('', 'Not read (the skipped list of --json names every file):');
    for (const group of groupSkipped(doc.skipped, 1)) {
      lines.push(`  ${oneLine(describeGroup(group))}, e.g. ${oneLine(group.files[0]!)}`);
    }
  }
  const experiments = doc.experiments.length;
  const deleted = doc.runs.filter((r) => r.deleted).length;
  lines.push(
    '',
    `${plural(doc.runs.length, 'run')}${deleted > 0 ? ` (${deleted} deleted)` : ''} in ` +
      `${plural(experiments, 'experiment')}, ${plural(points, 'metric point')}; ` +
      `${plural(doc.errors.length, 'file')} rejected` +
      (doc.skipped.length > 0 ? `, ${doc.skipped.length} skipped.` : '.')
  );
  return `${lines.join('\n')}\n`;
}
