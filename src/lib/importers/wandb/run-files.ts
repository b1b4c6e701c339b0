/**
 * The JSON files of a run folder (../shared/FORMATS.md §6): `wandb-summary.json` and
 * `wandb-metadata.json` (in `files/` since 0.10, in the run folder itself in 0.8), and 0.8's
 * `wandb-history.jsonl` (one history row per line) and `wandb-events.jsonl` (system metrics,
 * `system.<name>` keys). Lines are JSON with bare NaN and ±Infinity, as Python writes them.
 */
import { isJsonObject } from '../../model/json';
import { parseIsoTime } from '../../model/time';
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import { parseTolerantJson } from '../readers/tolerant-json';
import { environmentFromMetadata, type Environment } from './environment';
import type { RunLog } from './run-log';
import { systemLeaves } from './records';

/** A file that must hold one JSON object. */
export function readJsonObject(file: string, text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseTolerantJson(text);
  } catch (e) {
    throw new ImportError(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(doc)) throw new ImportError(file, 'is not a JSON object');
  return doc;
}

/** What `wandb-metadata.json` adds: the environment, and 0.8's project, state and times. */
export interface Metadata {
  environment: Environment;
  project: string;
  jobType: string;
  /** 0.8 only (later files keep the start's "running"): finished, failed, killed, crashed, running. */
  state: string;
  exitCode: number | null;
  /** 0.8's last heartbeat (epoch ms): about when the run ended. */
  heartbeatAt: number | null;
}

export function readMetadata(file: string, text: string): Metadata {
  const doc = readJsonObject(file, text);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    environment: environmentFromMetadata(doc, parseIsoTime),
    project: str(doc.project),
    jobType: str(doc.jobType),
    state: str(doc.state),
    exitCode: typeof doc.exitcode === 'number' ? doc.exitcode : null,
    heartbeatAt:
      typeof doc.heartbeatAt === 'string' ? (parseIsoTime(doc.heartbeatAt) ?? null) : null
  };
}

/** Calls `row` with every JSON object line; a cut-off last line or bad lines are warnings. */
function readJsonLines(
  file: string,
  text: string,
  ctx: ImportContext,
  row: (o: Record<string, unknown>) => void
): void {
  const lines = text.split('\n');
  let bad = 0;
  let firstBad = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let o: unknown;
    try {
      o = parseTolerantJson(line);
    } catch {
      o = undefined;
    }
    if (isJsonObject(o)) row(o);
    else if (bad++ === 0) firstBad = i + 1;
    if (i % 4096 === 0) ctx.checkCancelled();
  });
  if (bad === 0) return;
  const last = lines.length - (lines.at(-1) === '' ? 1 : 0);
  const message =
    bad === 1 && firstBad === last
      ? `line ${firstBad} is cut off (the run was stopped while writing it); the lines before it were read`
      : `${bad} line${bad === 1 ? '' : 's'} left out: not a JSON object (the first is line ${firstBad})`;
  ctx.warn({ file, message });
}

/** 0.8's `wandb-history.jsonl`: each line a history row. */
export function readHistoryJsonl(file: string, text: string, log: RunLog, ctx: ImportContext) {
  readJsonLines(file, text, ctx, (o) => {
    log.history.jsonRow(o);
    log.history.endRow(log.history.rows);
  });
}

/** 0.8's `wandb-events.jsonl`: each line one sample of the system metrics. */
export function readEventsJsonl(file: string, text: string, log: RunLog, ctx: ImportContext) {
  readJsonLines(file, text, ctx, (o) => {
    const ts = typeof o._timestamp === 'number' ? o._timestamp * 1000 : NaN;
    for (const [k, v] of Object.entries(o)) {
      if (k.startsWith('_')) continue;
      const name = k.startsWith('system.') ? k.slice('system.'.length) : k;
      systemLeaves(`system/${name}`, v, (key, x) => log.systemPoint(key.normalize('NFC'), x, ts));
    }
    log.systemSamples++;
  });
}
