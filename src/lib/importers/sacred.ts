/**
 * Sacred's FileStorageObserver run folders: `<basedir>/<run id>/{run.json, config.json,
 * metrics.json, info.json, cout.txt, <artifacts>}`. Source: IDSIA/sacred
 * sacred/observers/file_storage.py and sacred/run.py (0.8.x, read 2026-11): times are naive UTC
 * (`datetime.utcnow().isoformat()`), metrics are `{name: {steps, timestamps, values}}`, the
 * config is the run's parameters, and a run's status is one of Sacred's own words.
 */
import {
  numberFromJson,
  parseIsoTime,
  type MetricSeries,
  type Run,
  type RunStatus
} from '../model';
import { ImportError, toFileError, type FileError } from './errors';
import { joinPath, nameOf, parentOf, type FileTree } from './file-tree';
import type { FolderClaim, FolderImporter, FolderResult, ImportContext } from './importer';
import { readFolderArtifacts } from './folder-artifacts';
import type { ImportSource } from './source';
import { parseTolerantJson } from './readers/tolerant-json';
import { isJsonObject as isObject, type JsonObject } from '../model/json';

export const SACRED_ID = 'sacred';

type Json = JsonObject;

const STATUS: Record<string, RunStatus> = {
  QUEUED: 'SCHEDULED',
  RUNNING: 'RUNNING',
  COMPLETED: 'FINISHED',
  FAILED: 'FAILED',
  INTERRUPTED: 'KILLED',
  TIMEOUT: 'FAILED',
  DIED: 'FAILED'
};

/** Files the observer writes itself; anything else in a run folder is an artifact. */
const OBSERVER_FILES = new Set([
  'run.json',
  'config.json',
  'metrics.json',
  'info.json',
  'cout.txt'
]);

async function readJson(source: ImportSource): Promise<unknown> {
  try {
    return parseTolerantJson(await source.text());
  } catch (e) {
    throw new ImportError(
      source.path,
      `is not valid JSON (${e instanceof Error ? e.message : String(e)})`
    );
  }
}

/** A run.json written by Sacred: an experiment block, a status and a start time. */
function looksLikeSacredRun(head: string): boolean {
  return (
    /"experiment"\s*:\s*\{/.test(head) &&
    /"status"\s*:/.test(head) &&
    /"(start_time|heartbeat|host)"\s*:/.test(head)
  );
}

/** Nested config becomes `a.b` keys (MLflow autologging's convention); lists and odd values as JSON. */
function flattenConfig(value: unknown, prefix: string, out: Map<string, string>): void {
  if (isObject(value) && !('py/object' in value)) {
    for (const [k, v] of Object.entries(value))
      flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (prefix === '') return;
  const key = prefix.normalize('NFC');
  if (typeof value === 'string') out.set(key, value);
  else if (value === null) out.set(key, 'None');
  else out.set(key, JSON.stringify(value) ?? String(value));
}

function readMetrics(file: string, doc: unknown): MetricSeries[] {
  if (!isObject(doc)) throw new ImportError(file, 'is not an object of metrics');
  return Object.entries(doc).map(([name, m]) => {
    const where = `${JSON.stringify(name)}`;
    if (!isObject(m) || !Array.isArray(m.values))
      throw new ImportError(file, `${where}: has no "values" list`);
    const values = m.values;
    const steps = Array.isArray(m.steps) ? m.steps : values.map((_, i) => i);
    const times = Array.isArray(m.timestamps) ? m.timestamps : [];
    if (steps.length !== values.length)
      throw new ImportError(file, `${where}: ${steps.length} steps but ${values.length} values`);
    const series: MetricSeries = {
      key: name.normalize('NFC'),
      steps: new Float64Array(values.length),
      values: new Float64Array(values.length),
      timestamps: new Float64Array(values.length)
    };
    for (let i = 0; i < values.length; i++) {
      const v = numberFromJson(values[i]);
      const s = numberFromJson(steps[i]);
      if (v === undefined) throw new ImportError(file, `${where}.values[${i}]: not a number`);
      if (s === undefined) throw new ImportError(file, `${where}.steps[${i}]: not a number`);
      const t = times[i];
      series.values[i] = v;
      series.steps[i] = s;
      series.timestamps[i] =
        typeof t === 'string' ? (parseIsoTime(t) ?? NaN) : (numberFromJson(t) ?? NaN);
    }
    return series;
  });
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Sacred facts worth filtering and comparing on, as `sacred.*` tags. */
function sacredTags(run: Json): Map<string, string> {
  const tags = new Map<string, string>();
  const set = (k: string, v: unknown) => {
    if (typeof v === 'string' && v !== '') tags.set(k, v);
    else if (typeof v === 'number' || typeof v === 'boolean') tags.set(k, String(v));
  };
  set('sacred.command', run.command);
  const experiment = isObject(run.experiment) ? run.experiment : {};
  set('sacred.mainfile', experiment.mainfile);
  const repo = Array.isArray(experiment.repositories) ? experiment.repositories[0] : undefined;
  if (isObject(repo)) {
    set('sacred.git.commit', repo.commit);
    set('sacred.git.url', repo.url);
    set('sacred.git.dirty', repo.dirty);
  }
  if (isObject(run.host)) {
    set('sacred.host.hostname', run.host.hostname);
    set('sacred.host.os', Array.isArray(run.host.os) ? run.host.os.join(' ') : run.host.os);
    set('sacred.host.python_version', run.host.python_version);
    set('sacred.host.cpu', run.host.cpu);
  }
  // The result only when it is a plain value; a pickled model object is not a readable tag.
  set('sacred.result', run.result);
  if (Array.isArray(run.fail_trace)) tags.set('sacred.fail_trace', run.fail_trace.join(''));
  const meta = isObject(run.meta) ? run.meta : {};
  const options = isObject(meta.options) ? meta.options : {};
  set('sacred.comment', options['--comment']);
  return tags;
}

async function readSacredRun(tree: FileTree, dir: string): Promise<Run> {
  const runPath = joinPath(dir, 'run.json');
  const run = await readJson(tree.get(runPath)!);
  if (!isObject(run)) throw new ImportError(runPath, 'is not a Sacred run object');
  const status = STATUS[String(run.status ?? '').toUpperCase()];
  if (!status)
    throw new ImportError(
      runPath,
      `status ${JSON.stringify(run.status)} is not a Sacred run status`
    );
  const configSource = tree.get(joinPath(dir, 'config.json'));
  const params = new Map<string, string>();
  if (configSource) flattenConfig(await readJson(configSource), '', params);
  const metricsSource = tree.get(joinPath(dir, 'metrics.json'));
  const metrics = metricsSource
    ? readMetrics(metricsSource.path, await readJson(metricsSource))
    : [];
  const experiment = isObject(run.experiment) ? run.experiment : {};
  const experimentName = text(experiment.name) ?? (nameOf(parentOf(dir)) || 'sacred');
  const time = (v: unknown) => (typeof v === 'string' ? (parseIsoTime(v) ?? null) : null);
  const meta = isObject(run.meta) ? run.meta : {};
  const options = isObject(meta.options) ? meta.options : {};
  return {
    id: nameOf(dir),
    experimentId: `sacred:${experimentName}`,
    name: text(options['--name']) ?? `${experimentName} #${nameOf(dir)}`,
    status,
    startTime: time(run.start_time),
    // A run that is still going has only a heartbeat; its end is unknown.
    endTime: time(run.stop_time),
    deleted: false,
    parentId: null,
    params,
    tags: sacredTags(run),
    metrics,
    // The observer's own bookkeeping files are not artifacts; its console log and info are.
    artifacts: await readFolderArtifacts(
      tree,
      dir,
      (relative) =>
        OBSERVER_FILES.has(relative) && relative !== 'cout.txt' && relative !== 'info.json'
    ),
    source: { format: SACRED_ID, file: runPath }
  };
}

async function claimFolders(tree: FileTree): Promise<FolderClaim[]> {
  const claims: FolderClaim[] = [];
  for (const dir of tree.foldersWithFile('run.json')) {
    const run = tree.get(joinPath(dir, 'run.json'))!;
    if (!looksLikeSacredRun(await run.headText())) continue;
    claims.push({ root: dir, files: tree.under(dir).map((f) => f.source) });
  }
  return claims;
}

async function parseClaim(
  claim: FolderClaim,
  tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const problems: FileError[] = [];
  ctx.checkCancelled();
  try {
    const run = await readSacredRun(tree, claim.root);
    ctx.reportPoints(run.metrics.reduce((n, m) => n + m.values.length, 0));
    const name = run.experimentId.slice('sacred:'.length);
    return {
      batch: {
        experiments: [{ id: run.experimentId, name, deleted: false, tags: new Map() }],
        runs: [run]
      },
      problems
    };
  } catch (error) {
    problems.push(toFileError(joinPath(claim.root, 'run.json'), error));
    return { batch: { experiments: [], runs: [] }, problems };
  }
}

export const sacredImporter: FolderImporter = {
  id: SACRED_ID,
  label: 'Sacred run folders',
  claim: claimFolders,
  parseFolder: parseClaim
};
