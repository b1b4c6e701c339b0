/** Imports small hand-made files through the whole pipeline and describes the runs briefly. */
import { IMPORTERS } from '../../../src/lib/importers/registry';
import { sourceFromBytes, type SourceFile } from '../../../src/lib/importers/source';
import type { Run } from '../../../src/lib/model';
import { parseFiles } from '../../../src/lib/worker/parse-files';

/** A file found in a dropped folder (or, with `fromFolder` false, dropped on its own). */
export function file(path: string, text: string, fromFolder = true): SourceFile {
  return { ...sourceFromBytes(path, new TextEncoder().encode(text)), fromFolder };
}

export async function importFiles(files: SourceFile[]) {
  const noop = () => {};
  const result = await parseFiles(files, IMPORTERS, noop, noop);
  const runs = result.parsed.flatMap((p) => p.batch.runs);
  const experiments = result.parsed.flatMap((p) => p.batch.experiments);
  const formats = [...new Set(result.parsed.map((p) => p.format))];
  return { ...result, runs, experiments, formats };
}

/** A metric as `step:value` pairs, the way a person reads a short curve. */
export function points(run: Run | undefined, key: string): string {
  const m = run?.metrics.find((s) => s.key === key);
  if (!m) return '(none)';
  return [...m.steps].map((s, i) => `${s}:${m.values[i]}`).join(' ');
}

export function metricKeys(run: Run | undefined): string[] {
  return (run?.metrics ?? []).map((m) => m.key);
}
