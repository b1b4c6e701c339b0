// What every writer's test needs: the manifest scripts/interop.js wrote, and `runlens summary`.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { SummaryDocument } from '../../src/lib/cli/summary';

/** The manifest of this interop run (seed, replay command, what each writer wrote). */
export function readInteropManifest<Writer>(): {
  seed: string;
  replay: string;
  writers: Writer[];
} {
  const path = process.env.RUNLENS_INTEROP_MANIFEST;
  if (!path) {
    throw new Error(
      'Run the interoperability suite with `node scripts/interop.js`: it writes the files.'
    );
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** `runlens summary --json` of a folder or file, as the CLI prints it. */
export async function runlensSummary(path: string): Promise<SummaryDocument> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/runlens.js', 'summary', '--json', path],
      { maxBuffer: 256 * 1024 * 1024 }
    );
    return JSON.parse(stdout) as SummaryDocument;
  } catch (error) {
    // Exit code 1 (a file rejected) still prints the document; the comparison names the file.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout) return JSON.parse(stdout) as SummaryDocument;
    throw error;
  }
}

/** What scripts/interop.js records of each writer it ran. */
export interface WriterEntry {
  name: string;
  format: string;
  logdir: string;
  view: string;
  covers: string[];
}

/** A failure message: how many differences, the replay command, then the first 80 lines. */
export function differencesReport(
  what: string,
  manifest: { seed: string; replay: string },
  lines: string[]
): string {
  const shown = lines.slice(0, 80).map((l) => `  ${l}`);
  if (lines.length > 80) shown.push(`  … and ${lines.length - 80} more`);
  return [
    `${what}: ${lines.length} difference(s)`,
    `seed ${manifest.seed}; replay with: ${manifest.replay}`,
    ...shown
  ].join('\n');
}
