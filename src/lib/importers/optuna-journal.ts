/**
 * Optuna's journal file (`JournalStorage(JournalFileBackend(path))`): one JSON object per line,
 * each an operation `{"op_code": n, "worker_id": ..., ...}` (optuna/storages/journal/_storage.py
 * and _file.py, 5.0.0, read 2026-11; the format is the same since 3.1). Replaying it gives the
 * studies (experiments) and their trials (runs): params decoded by their distribution, the
 * objective value(s) as metrics `value` or `values/<i>`, reported intermediate values as the
 * history `intermediate_value` on their steps. Replay rules: optuna-journal-replay.ts; studies and
 * trials become experiments and runs in optuna-trial-run.ts, shared with the RDB importer.
 */
import type { ImportedBatch } from '../model';
import { isJsonObject } from '../model/json';
import type { ImportContext, Importer } from './importer';
import { JournalReplay } from './optuna-journal-replay';
import { studiesToBatch } from './optuna-trial-run';
import { JsonReader } from './readers/json-reader';
import { parseTolerantJson } from './readers/tolerant-json';
import type { ImportSource } from './source';

export const OPTUNA_JOURNAL_ID = 'optuna-journal';

/** Does this first line look like a journal operation (normally CREATE_STUDY)? */
function looksLikeOperation(line: string): number | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isJsonObject(o) || typeof o.worker_id !== 'string' || typeof o.op_code !== 'number')
    return null;
  if (o.op_code === 0 && typeof o.study_name === 'string' && Array.isArray(o.directions))
    return 0.95;
  return Number.isInteger(o.op_code) && o.op_code >= 0 && o.op_code <= 10 ? 0.6 : null;
}

/** Replays the journal text; a last line without its newline is left out, as Optuna does. */
export function replayJournal(text: string, file: string, ctx: ImportContext): JournalReplay {
  const r = new JsonReader(file);
  const replay = new JournalReplay(r);
  const lines = text.split('\n');
  // Optuna writes each op with its newline; a last line without one is a write cut short.
  const torn = lines.pop()!;
  if (torn.trim() !== '') {
    ctx.warn({
      file,
      message:
        `line ${lines.length + 1} is cut off (the writer stopped mid-line); ` +
        `the ${lines.length.toLocaleString('en-US')} whole lines before it were read, as Optuna reads them`
    });
  }
  for (const [i, raw] of lines.entries()) {
    if (i % 10_000 === 0) ctx.checkCancelled();
    const line = raw.trim();
    if (line === '') continue;
    const at = `line ${i + 1}`;
    let o: unknown;
    try {
      o = parseTolerantJson(line);
    } catch (e) {
      r.fail(at, `is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    replay.apply(r.object(o, at), at);
  }
  if (replay.discarded > 0) {
    ctx.warn({
      file,
      message: `${replay.discarded} DISCARD_TRIALS operation(s) (written by Rustuna) were ignored, as Optuna ignores them`
    });
  }
  return replay;
}

export const optunaJournalImporter: Importer = {
  id: OPTUNA_JOURNAL_ID,
  label: 'Optuna journal',
  extensions: ['.log', '.jsonl'],

  async sniff(source: ImportSource) {
    const head = await source.headText();
    const end = head.indexOf('\n');
    return looksLikeOperation((end < 0 ? head : head.slice(0, end)).replace(/^\uFEFF/, '').trim());
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const file = source.path;
    const replay = replayJournal(await source.text(), file, ctx);
    return studiesToBatch(OPTUNA_JOURNAL_ID, file, replay.studies, (n) => ctx.reportPoints(n));
  }
};
