/**
 * One W&B run from everything read about it. What wins where sources disagree:
 * - histories: the transaction log when there is one (wandb-history.jsonl only in 0.8 folders);
 * - summary: the log's, but when the log has no exit record (cut off, or still being written)
 *   `wandb-summary.json` is newer and its values are laid over the log's; summary keys that
 *   have no history become one point each at the summary's `_step`;
 * - config: the log's, with `config.yaml` laid over it (the file W&B uploads), then a sweep's
 *   `config-<run>.yaml` for keys neither has;
 * - run facts: the log's run record, then `wandb-metadata.json`, then the folder's name.
 * Status: exit code 0 → FINISHED, any other → FAILED; no exit record in a log (or a 0.8 run
 * whose metadata says running) → KILLED, as W&B calls such a run "crashed": the files cannot
 * tell a crashed run from one still writing, and a folder on disk is almost always a run that
 * ended. A run known only from `files/` (no log) has nothing saying how it ended: FINISHED.
 */
import type { Artifact, MetricSeries, Run, RunStatus } from '../../model';
import { applyConfigChanges, configInternals, configParams } from './config';
import { environmentTags, fillEnvironment } from './environment';
import { wandbProvenance } from './provenance';
import { countNotShown, kindOfValue, type NotShown } from './history';
import type { ImportContext } from '../importer';
import type { Metadata } from './run-files';
import type { RunLog } from './run-log';
import { runIdFromFolder } from './run-folders';
import { isMedia, logSummary, overlaySummary, summaryNumber, type SummaryLeaves } from './summary';

export const WANDB_ID = 'wandb';

/** Everything read for one run. */
export interface RunSources {
  /** The run folder, or the log's path when it was dropped alone. */
  where: string;
  /** Name of the run folder ('' for a lone log): gives the run id and mode when nothing else does. */
  folderName: string;
  log: RunLog;
  /** A transaction log was read (possibly empty or cut off). */
  hasLog: boolean;
  /** 0.8 folder: status from the metadata. */
  flat: boolean;
  config: Map<string, unknown> | null;
  summaryFile: SummaryLeaves | null;
  metadata: Metadata | null;
  sweep: { id: string; config: Map<string, unknown> } | null;
  /** The `project` of the folder's `wandb/settings` (0.8), '' if none. */
  settingsProject: string;
  artifacts: Artifact[];
  /** Fallback experiment when no file names the project: the folder holding the runs. */
  fallbackExperiment: { id: string; name: string };
  /** The log file or folder warnings about the run as a whole are given against. */
  file: string;
}

export interface BuiltRun {
  run: Run;
  experiment: { id: string; name: string };
}

function statusOf(s: RunSources): { status: RunStatus; state: string } {
  const exit = s.log.exit;
  if (exit)
    return exit.code === 0
      ? { status: 'FINISHED', state: 'finished' }
      : { status: 'FAILED', state: 'failed' };
  if (s.hasLog) return { status: 'KILLED', state: 'crashed' };
  if (s.flat && s.metadata) {
    const { state, exitCode } = s.metadata;
    if (exitCode !== null && exitCode !== 0) return { status: 'FAILED', state: 'failed' };
    if (state === 'finished') return { status: 'FINISHED', state };
    if (state === 'failed') return { status: 'FAILED', state };
    if (state === 'running' || state === 'crashed' || state === 'killed')
      return { status: 'KILLED', state: state === 'killed' ? 'killed' : 'crashed' };
  }
  return { status: 'FINISHED', state: '' };
}

/** The summary that wins (see the top of the file). */
function chooseSummary(s: RunSources, ctx: ImportContext): SummaryLeaves {
  const fromLog = logSummary(s.log.keys);
  if (!s.summaryFile) return fromLog;
  if (!s.hasLog) return s.summaryFile;
  if (s.log.exit) return fromLog;
  const fileStep = summaryNumber(s.summaryFile, '_step');
  const logStep = s.log.history.lastStep;
  if (fileStep !== undefined && !Number.isNaN(logStep) && fileStep > logStep) {
    ctx.warn({
      file: s.file,
      message: `the log's history ends at step ${logStep} but wandb-summary.json was written later (step ${fileStep}): its summary values are used; the histories end where the log does`
    });
  }
  return overlaySummary(fromLog, s.summaryFile);
}

const SUMMARY_SPECIAL = new Set(['_step', '_runtime', '_timestamp']);

/** Summary leaves with no history: numbers become one point each, the rest is counted. */
function summaryOnlyMetrics(
  s: RunSources,
  summary: SummaryLeaves,
  notShown: NotShown
): MetricSeries[] {
  const step =
    summaryNumber(summary, '_step') ??
    (Number.isNaN(s.log.history.lastStep) ? 0 : s.log.history.lastStep);
  const ts = (summaryNumber(summary, '_timestamp') ?? NaN) * 1000;
  const out: MetricSeries[] = [];
  for (const [key, value] of summary) {
    if (SUMMARY_SPECIAL.has(key) || key === '_wandb' || key.startsWith('_wandb/')) continue;
    const entry = s.log.keys.byParts([key]);
    if (entry.inHistory || entry.media) continue;
    if (typeof value === 'number') {
      out.push({
        key,
        steps: Float64Array.of(step),
        values: Float64Array.of(value),
        timestamps: Float64Array.of(ts)
      });
      continue;
    }
    const kind = isMedia(value) ? String(value._type) : kindOfValue(value);
    if (kind !== null) countNotShown(notShown, kind);
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** One warning naming what was recognised and not plotted. */
function notShownMessage(notShown: NotShown): string | null {
  if (notShown.size === 0) return null;
  const parts = [...notShown]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([kind, n]) => plural(n, `${kind} value`));
  return `not plotted: ${parts.join(', ')} (only numbers are metrics; media files are listed with the run's artifacts)`;
}

function timeOf(
  s: RunSources,
  summary: SummaryLeaves
): { start: number | null; end: number | null } {
  const log = s.log;
  const env = log.environment;
  const start =
    log.run.startTime ??
    env.startedAt ??
    (Number.isNaN(log.history.firstTimestamp) ? null : log.history.firstTimestamp);
  if (log.exit && log.exit.runtime > 0 && start !== null)
    return { start, end: start + log.exit.runtime * 1000 };
  let end = -Infinity;
  const see = (t: number | null | undefined) => {
    if (t !== null && t !== undefined && Number.isFinite(t) && t > end) end = t;
  };
  see(log.history.lastTimestamp);
  for (const series of log.system.values()) see(series.timestamps[series.length - 1]);
  see(s.metadata?.heartbeatAt);
  const ts = summaryNumber(summary, '_timestamp');
  if (ts !== undefined) see(ts * 1000);
  const runtime = summaryNumber(summary, '_wandb/runtime') ?? summaryNumber(summary, '_runtime');
  if (start !== null && runtime !== undefined) see(start + runtime * 1000);
  if (log.exit && start !== null) see(start);
  return { start, end: Number.isFinite(end) ? Math.round(end) : null };
}

/** The run, its experiment, and warnings about what was not shown. */
export function buildRun(s: RunSources, ctx: ImportContext): BuiltRun {
  const log = s.log;
  const info = log.run;
  if (s.metadata) fillEnvironment(log.environment, s.metadata.environment);
  const summary = chooseSummary(s, ctx);
  const notShown: NotShown = new Map(log.history.notShown);
  const metrics: MetricSeries[] = [
    ...log.history.series().map((b) => b.finish()),
    ...[...log.system.values()].map((b) => b.finish()),
    ...summaryOnlyMetrics(s, summary, notShown)
  ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const message = notShownMessage(notShown);
  if (message) ctx.warn({ file: s.file, message });
  if (log.history.withoutStepMetric > 0) {
    ctx.warn({
      file: s.file,
      message: `${plural(log.history.withoutStepMetric, 'point')} left out: logged before the step metric chosen for them with define_metric had a value`
    });
  }
  if (s.hasLog && !log.exit && !log.truncated) {
    ctx.warn({
      file: s.file,
      message:
        'has no exit record: the run stopped without finishing (W&B calls it crashed) or was still running; it is shown as KILLED'
    });
  }
  if (log.output.capped)
    ctx.warn({
      file: s.file,
      message: 'console output longer than 8 MB: output.log keeps the first 8 MB'
    });

  const config = new Map<string, unknown>();
  applyConfigChanges(log.config, config);
  for (const [k, v] of s.config ?? []) config.set(k, v);
  const params = configParams(config);
  if (s.sweep)
    for (const [k, v] of configParams(s.sweep.config)) if (!params.has(k)) params.set(k, v);

  const folderId = runIdFromFolder(s.folderName);
  const id = info.runId || folderId || s.folderName || s.where;
  const project = info.project || s.metadata?.project || s.settingsProject;
  const experiment = project ? { id: project, name: project } : s.fallbackExperiment;
  const { status, state } = statusOf(s);
  const { start, end } = timeOf(s, summary);

  const tags = new Map<string, string>();
  const set = (key: string, value: string) => {
    if (value !== '') tags.set(key, value);
  };
  set('wandb.entity', info.entity);
  set('wandb.group', info.group);
  set('wandb.job_type', info.jobType || (s.metadata?.jobType ?? ''));
  set('wandb.tags', info.tags.join(', '));
  set('wandb.sweep', info.sweepId || (s.sweep?.id ?? ''));
  set('mlflow.note.content', info.notes);
  const internals = configInternals(config);
  set('wandb.cli_version', log.cliVersion || internals.cliVersion);
  set('wandb.framework', internals.framework);
  set('wandb.state', state);
  if (log.exit) set('wandb.exit_code', String(log.exit.code));
  if (info.resumed) set('wandb.resumed', 'true');
  if (log.environment.host === '') log.environment.host = info.host;
  if (log.environment.python === '') log.environment.python = log.pythonVersion;
  environmentTags(log.environment, tags);

  const artifacts = [...s.artifacts];
  if (!log.output.isEmpty && !artifacts.some((a) => a.path === 'output.log')) {
    const content = new TextEncoder().encode(log.output.text());
    artifacts.push({ path: 'output.log', size: content.length, mediaType: 'text/plain', content });
  }
  artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const run: Run = {
    id,
    experimentId: experiment.id,
    name: info.displayName || id,
    status,
    startTime: start,
    endTime: end,
    deleted: false,
    parentId: null,
    params,
    tags,
    metrics,
    artifacts,
    source: { format: WANDB_ID, file: s.where }
  };
  const provenance = wandbProvenance(log.environment, artifacts);
  if (provenance) run.provenance = provenance;
  return { run, experiment };
}
